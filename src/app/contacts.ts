/** Contacts: phone numbers normalised to E.164 (Indonesian by default), consent per channel. */
import { restageContacts } from './lifecycle.js';
import { normalizePhone } from '../domain/index.js';
import type { ChannelKind } from './channel.port.js';
import { AppError, found } from './errors.js';
import type { ContactRepo, ContactWriteResult, Deps } from './ports.js';
import type { ConsentStatus, ContactFields, ContactRecord, Principal } from './records.js';

export interface ContactInput {
  name?: string;
  phone?: string | null;
  email?: string | null;
  externalId?: string | null;
  tags?: string[];
  customFields?: Record<string, string>;
  consent?: Partial<Record<ChannelKind, ConsentStatus>>;
}

/** Normalises a phone for storage or throws contact.invalid_phone on `field`. */
export function phoneOrThrow(raw: string | null | undefined, field = 'phone'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  if (raw.trim() === '') return null;
  const result = normalizePhone(raw);
  if (!result.ok) {
    throw new AppError('contact.invalid_phone', `"${raw}" is not a valid phone number`, [{ field, reason: 'contact.invalid_phone', message: 'Use a number like 0812-3456-7890 or +62 812 3456 7890' }]);
  }
  return result.e164;
}

function toFields(input: ContactInput): ContactFields {
  const phone = phoneOrThrow(input.phone);
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(input.email !== undefined ? { email: input.email ? input.email.toLowerCase() : null } : {}),
    ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    ...(input.tags !== undefined ? { tags: [...new Set(input.tags)] } : {}),
    ...(input.customFields !== undefined ? { customFields: input.customFields } : {}),
  };
}

function unwrap(result: ContactWriteResult): ContactRecord {
  if ('conflict' in result) {
    throw new AppError('contact.duplicate', `Another contact has this ${result.conflict}`, [{ field: result.conflict, reason: 'contact.duplicate' }]);
  }
  return result;
}

/** Who a consent change is recorded as: the member's email, the API key's name; null for the system (command line). */
export function consentActor(principal: Principal): string | null {
  switch (principal.via) {
    case 'session': return principal.actor;
    case 'api_key': return principal.keyName ?? principal.actor;
    case 'cli': return null;
  }
}

async function applyConsent(contacts: ContactRepo, at: Date, principal: Principal, contactId: string, consent: ContactInput['consent']) {
  const source = principal.via === 'api_key' ? 'api' : 'ui';
  for (const [channel, status] of Object.entries(consent ?? {}) as [ChannelKind, ConsentStatus | undefined][]) {
    if (status) await contacts.setConsent(principal.workspaceId, contactId, channel, status, source, at, consentActor(principal));
  }
}

/** Creates a contact, staged `new` at once (its lifecycle row comes from the store's trigger). */
export async function createContact(deps: Pick<Deps, 'store' | 'clock' | 'onStageChanged'>, principal: Principal, input: ContactInput): Promise<ContactRecord> {
  const fields = toFields(input);
  const contact = await deps.store.transaction(async (tx) => {
    const created = unwrap(await tx.contacts.create(principal.workspaceId, fields, deps.clock.now()));
    await applyConsent(tx.contacts, deps.clock.now(), principal, created.id, input.consent);
    return found(await tx.contacts.get(principal.workspaceId, created.id), 'Contact');
  });
  await restageContacts(deps, { kind: 'contacts', workspaceId: principal.workspaceId, contactIds: [contact.id] });
  return contact;
}

/** Changes a contact's fields and consent; a principal who may only tag (agents) may change the tags alone. */
export async function updateContact(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, input: ContactInput): Promise<ContactRecord> {
  if (!principal.permissions.has('contacts:write')) {
    const others = Object.entries(input).filter(([key, value]) => key !== 'tags' && value !== undefined).map(([key]) => key);
    if (others.length > 0) {
      throw new AppError('auth.forbidden', 'You may change only the tags of a contact', others.map((field) => ({ field, reason: 'auth.forbidden' })));
    }
  }
  const fields = toFields(input);
  return deps.store.transaction(async (tx) => {
    unwrap(found(await tx.contacts.update(principal.workspaceId, id, fields, deps.clock.now()), 'Contact'));
    await applyConsent(tx.contacts, deps.clock.now(), principal, id, input.consent);
    return found(await tx.contacts.get(principal.workspaceId, id), 'Contact');
  });
}
