/**
 * Which contact each event of a batch is about, decided in one pass over the contacts that
 * already match any of the batch's keys. An event matches by externalId, then phone, then email;
 * events of one batch that share a key land on the same contact, new or not. A key already held by
 * another contact is never moved: the event still lands on the contact it matched, and the clash
 * is reported instead of refusing the event (a POS takes a refusal as final and the customer would
 * never get the message).
 */

/** A stored contact as far as matching cares. Emails are lower case. */
export interface KnownContact {
  readonly id: string;
  readonly externalId: string | null;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
}

/** What an event says about its contact: phone in E.164, email in lower case. */
export interface ContactClaim {
  readonly externalId?: string | undefined;
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
}

export type ContactRef = { readonly kind: 'known'; readonly id: string } | { readonly kind: 'new'; readonly index: number };

export interface ContactDraft { externalId: string | null; name: string; phone: string | null; email: string | null }

export interface ContactResolution {
  /** Per event, in order: the contact it is about. */
  readonly refs: readonly ContactRef[];
  /** Per event: the contact's name as of that event (later events of the batch may rename). */
  readonly names: readonly string[];
  /** Per event: the contact's phone and email as of that event. */
  readonly phones: readonly (string | null)[];
  readonly emails: readonly (string | null)[];
  /** Contacts to create, referred to by index. */
  readonly created: readonly ContactDraft[];
  /** Known contacts whose fields changed, in their final state, sorted by id (a stable lock order). */
  readonly updated: readonly KnownContact[];
  /** Keys an event carried that belong to another contact and were left where they are. */
  readonly clashes: readonly { readonly event: number; readonly field: 'externalId' | 'phone' }[];
}

interface Working extends ContactDraft { ref: ContactRef; changed: boolean }

/** Resolves every event's contact; pure, in event order. */
export function resolveContacts(known: readonly KnownContact[], claims: readonly ContactClaim[]): ContactResolution {
  const byExternal = new Map<string, Working>();
  const byPhone = new Map<string, Working>();
  const byEmail = new Map<string, Working>();
  const index = (w: Working) => {
    if (w.externalId !== null && !byExternal.has(w.externalId)) byExternal.set(w.externalId, w);
    if (w.phone !== null && !byPhone.has(w.phone)) byPhone.set(w.phone, w);
    if (w.email !== null && !byEmail.has(w.email)) byEmail.set(w.email, w);
  };
  const knownWorking: Working[] = known.map((k) => ({
    externalId: k.externalId, name: k.name, phone: k.phone, email: k.email?.toLowerCase() ?? null, ref: { kind: 'known', id: k.id }, changed: false,
  }));
  // Precedence among stored contacts is the match order; an older contact wins a shared email.
  for (const w of knownWorking) index(w);

  const created: Working[] = [];
  const refs: ContactRef[] = [];
  const names: string[] = [];
  const phones: (string | null)[] = [];
  const emails: (string | null)[] = [];
  const clashes: { event: number; field: 'externalId' | 'phone' }[] = [];

  claims.forEach((claim, i) => {
    const email = claim.email?.toLowerCase();
    let w = (claim.externalId !== undefined ? byExternal.get(claim.externalId) : undefined)
      ?? (claim.phone !== undefined ? byPhone.get(claim.phone) : undefined)
      ?? (email !== undefined ? byEmail.get(email) : undefined);
    if (!w) {
      w = {
        externalId: claim.externalId ?? null, name: claim.name ?? '', phone: claim.phone ?? null, email: email ?? null,
        ref: { kind: 'new', index: created.length }, changed: false,
      };
      created.push(w);
      index(w);
    } else {
      if (claim.name !== undefined && claim.name !== '' && claim.name !== w.name) { w.name = claim.name; w.changed = true; }
      if (email !== undefined && email !== w.email) {
        if (w.email !== null && byEmail.get(w.email) === w) byEmail.delete(w.email);
        w.email = email; w.changed = true; index(w);
      }
      if (claim.phone !== undefined && claim.phone !== w.phone) {
        const holder = byPhone.get(claim.phone);
        if (holder && holder !== w) clashes.push({ event: i, field: 'phone' });
        else {
          if (w.phone !== null && byPhone.get(w.phone) === w) byPhone.delete(w.phone);
          w.phone = claim.phone; w.changed = true; index(w);
        }
      }
      // A contact's external id is the shop system's identity for it: filled in when missing, never replaced.
      if (claim.externalId !== undefined && claim.externalId !== w.externalId) {
        const holder = byExternal.get(claim.externalId);
        if ((holder && holder !== w) || w.externalId !== null) clashes.push({ event: i, field: 'externalId' });
        else { w.externalId = claim.externalId; w.changed = true; index(w); }
      }
    }
    refs.push(w.ref);
    names.push(w.name);
    phones.push(w.phone);
    emails.push(w.email);
  });

  const updated = knownWorking.filter((w) => w.changed && w.ref.kind === 'known')
    .map((w) => ({ id: (w.ref as { id: string }).id, externalId: w.externalId, name: w.name, phone: w.phone, email: w.email }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    refs, names, phones, emails, updated, clashes,
    created: created.map(({ externalId, name, phone, email }) => ({ externalId, name, phone, email })),
  };
}
