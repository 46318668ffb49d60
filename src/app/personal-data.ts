/** A contact's personal data under UU PDP: the export of everything held, and erasure. Owners and admins; both audited. */
import { audit } from './audit.js';
import { found } from './errors.js';
import type { Deps } from './ports.js';
import type { PersonalDataRecord, Principal } from './records.js';

/** Everything Sapa holds about the contact (audited as `contact.exported`). */
export async function exportContactData(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, contactId: string): Promise<PersonalDataRecord> {
  // One snapshot: the contact, its consent and its messages as of the same moment.
  const data = await deps.store.transaction(async (tx) => {
    const contact = await tx.contacts.get(principal.workspaceId, contactId);
    if (!contact) return null;
    const rest = found(await tx.personalData.collect(principal.workspaceId, contactId), 'Contact');
    return { contact, consentHistory: await tx.contacts.consentHistory(principal.workspaceId, contactId), ...rest };
  });
  const record = found(data, 'Contact');
  await audit(deps, principal, 'contact.exported', { type: 'contact', id: contactId });
  return record;
}

/**
 * Erases the contact in one transaction (see PersonalDataRepo.erase): message rows and statuses
 * stay so counts and funnels stay right, what names the person goes. The audit entry holds only the id.
 */
export async function eraseContact(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, contactId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const erased = found(await tx.personalData.erase(principal.workspaceId, contactId, deps.clock.now()), 'Contact');
    await audit({ store: tx, clock: deps.clock }, principal, 'contact.erased', { type: 'contact', id: contactId }, { messages: erased.messages, inbound: erased.inbound });
  });
}
