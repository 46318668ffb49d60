/** Contacts with their per-channel consent. */
import { and, desc, eq, ilike, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { ChannelKind } from '../../app/channel.port.js';
import type { ContactRepo, ContactWriteResult } from '../../app/ports.js';
import type { ConsentRecord, ContactRecord } from '../../app/records.js';
import { phoneSearch } from '../../domain/phone.js';
import type { DbOrTx } from './client.js';
import { decodeCursor, encodeCursor, isUniqueViolation, likePattern, toContact, type ContactRow } from './rows.js';
import { consentEvents, contactConsents, contactTagCounts, contacts, customFieldKeys } from './schema.js';

/** A number as typed (`0812…`, `62812…`, `+62 812…`) against the stored E.164: a prefix, or digits anywhere. */
function phoneCondition(q: string) {
  const phone = phoneSearch(q);
  if (phone === null) return undefined;
  return like(contacts.phone, phone.kind === 'prefix' ? `${phone.value}%` : `%${phone.value}%`);
}

export function contactRepo(db: DbOrTx): ContactRepo {
  async function withConsent(rows: ContactRow[]): Promise<ContactRecord[]> {
    if (rows.length === 0) return [];
    const consents = await db.select().from(contactConsents).where(inArray(contactConsents.contactId, rows.map((r) => r.id)));
    const byContact = new Map<string, Partial<Record<ChannelKind, ConsentRecord>>>();
    for (const c of consents) {
      const m = byContact.get(c.contactId) ?? {};
      m[c.channel] = { status: c.status, source: c.source, at: c.at };
      byContact.set(c.contactId, m);
    }
    return rows.map((r) => toContact(r, byContact.get(r.id)));
  }
  const one = async (rows: ContactRow[]) => (await withConsent(rows))[0] ?? null;

  /** Contacts with their consent in the same statement (a correlated JSON aggregate). */
  const selectWithConsent = () => db.select({
    row: contacts,
    consent: sql<Record<string, { status: ConsentRecord['status']; source: string; at: string }>>`(
      select coalesce(json_object_agg(cc.channel, json_build_object('status', cc.status, 'source', cc.source, 'at', cc.at)), '{}'::json)
      from ${contactConsents} cc where cc.contact_id = ${contacts.id})`,
  }).from(contacts);
  const fromJoined = (r: { row: ContactRow; consent: Record<string, { status: ConsentRecord['status']; source: string; at: string }> }): ContactRecord => {
    const consent: Partial<Record<ChannelKind, ConsentRecord>> = {};
    for (const [channel, c] of Object.entries(r.consent ?? {})) consent[channel as ChannelKind] = { status: c.status, source: c.source, at: new Date(c.at) };
    return toContact(r.row, consent);
  };
  const first = async (query: Promise<Parameters<typeof fromJoined>[0][]>) => {
    const [r] = await query;
    return r ? fromJoined(r) : null;
  };

  /** Writes, turning a unique clash into which key clashed (savepoint keeps an outer transaction alive). */
  async function write(run: (tx: DbOrTx) => Promise<ContactRow[]>, fresh = false): Promise<ContactWriteResult | null> {
    try {
      const rows = await db.transaction(async (tx) => run(tx));
      // A contact just created has no consent rows yet: no need to read them.
      if (fresh) return rows[0] ? toContact(rows[0]) : null;
      return one(rows);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const constraint = String((err as { constraint?: unknown; cause?: { constraint?: unknown } }).constraint
        ?? (err as { cause?: { constraint?: unknown } }).cause?.constraint ?? '');
      return { conflict: constraint.includes('external') ? 'externalId' : 'phone' };
    }
  }

  return {
    async list(workspaceId, query) {
      const after = decodeCursor(query.cursor);
      const q = query.q?.trim();
      const rows = await selectWithConsent().where(and(
        eq(contacts.workspaceId, workspaceId),
        q ? or(ilike(contacts.name, likePattern(q)), ilike(contacts.phone, likePattern(q)), ilike(contacts.email, likePattern(q)), ilike(contacts.externalId, likePattern(q)), phoneCondition(q)) : undefined,
        after ? or(lt(contacts.createdAt, after.createdAt), and(eq(contacts.createdAt, after.createdAt), lt(contacts.id, after.id))) : undefined,
      )).orderBy(desc(contacts.createdAt), desc(contacts.id)).limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1)?.row;
      return { items: page.map(fromJoined), nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
    async get(workspaceId, id) {
      return first(selectWithConsent().where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id))));
    },
    async create(workspaceId, fields, now) {
      const result = await write((tx) => tx.insert(contacts).values({ workspaceId, ...fields, createdAt: now, updatedAt: now }).returning(), true);
      return result!;
    },
    async update(workspaceId, id, fields, now) {
      return write((tx) => tx.update(contacts).set({ ...fields, updatedAt: now })
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id))).returning());
    },
    async match(workspaceId, keys) {
      const byExternal = keys.externalId ? eq(contacts.externalId, keys.externalId) : null;
      const byPhone = keys.phone ? eq(contacts.phone, keys.phone) : null;
      const byEmail = keys.email ? sql`lower(${contacts.email}) = ${keys.email.toLowerCase()}` : null;
      const conds = [byExternal, byPhone, byEmail].filter((c) => c !== null);
      if (conds.length === 0) return null;
      // One query; the precedence externalId → phone → email is the ORDER BY.
      const rank = sql`case ${sql.join([byExternal, byPhone, byEmail].flatMap((c, i) => (c ? [sql`when ${c} then ${i}`] : [])), sql` `)} else 9 end`;
      return first(selectWithConsent().where(and(eq(contacts.workspaceId, workspaceId), or(...conds)))
        .orderBy(rank, contacts.createdAt).limit(1));
    },
    async findByPhone(workspaceId, phone) {
      return first(selectWithConsent().where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.phone, phone))));
    },
    async setConsent(workspaceId, contactId, channel, status, source, at, actor) {
      // No row reads as unknown: setting unknown there changes nothing.
      if (status === 'unknown') {
        const [current] = await db.select({ status: contactConsents.status }).from(contactConsents)
          .where(and(eq(contactConsents.contactId, contactId), eq(contactConsents.channel, channel)));
        if (!current) return false;
      }
      // The update happens only when the status differs, so a repeat (or a racing twin) writes no history.
      const changed = await db.insert(contactConsents).values({ workspaceId, contactId, channel, status, source, at })
        .onConflictDoUpdate({ target: [contactConsents.contactId, contactConsents.channel], set: { status, source, at }, setWhere: sql`${contactConsents.status} <> excluded.status` })
        .returning({ channel: contactConsents.channel });
      if (changed.length === 0) return false;
      await db.insert(consentEvents).values({ workspaceId, contactId, channel, status, source, actor, at });
      return true;
    },
    async consentHistory(workspaceId, contactId) {
      return db.select({ channel: consentEvents.channel, status: consentEvents.status, source: consentEvents.source, actor: consentEvents.actor, at: consentEvents.at })
        .from(consentEvents).where(and(eq(consentEvents.workspaceId, workspaceId), eq(consentEvents.contactId, contactId)))
        .orderBy(desc(consentEvents.at), desc(consentEvents.id));
    },
    async tagCounts(workspaceId, limit) {
      // Kept by the contacts' triggers (migration 0007): counting over every contact took ~0.9 s at a million.
      const rows = await db.select({ tag: contactTagCounts.tag, count: contactTagCounts.count }).from(contactTagCounts)
        .where(eq(contactTagCounts.workspaceId, workspaceId))
        .orderBy(desc(contactTagCounts.count), contactTagCounts.tag).limit(limit);
      return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
    },
    async touchInbound(workspaceId, contactId, at) {
      await db.update(contacts).set({ whatsappLastInboundAt: sql`greatest(${contacts.whatsappLastInboundAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
    },
    async customFieldKeys(workspaceId) {
      // From the keys kept by the contacts' trigger (migration 0004), not from every contact's fields:
      // that scan took ~0.9 s at a million contacts, on every template save, preview and broadcast Send.
      const rows = await db.select({ key: customFieldKeys.key }).from(customFieldKeys)
        .where(eq(customFieldKeys.workspaceId, workspaceId)).orderBy(customFieldKeys.key).limit(500);
      return rows.map((r) => r.key).sort();
    },
  };
}
