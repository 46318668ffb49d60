/** Helpers for the contacts import tests: posting a CSV, reading the export, consent history rows. */
import type { TestApp } from './test-app.js';

export interface ImportAnswer { created: number; updated: number; failed: number; errors: { row: number; field: string; reason: string }[]; errorsOmitted: number }

/** POSTs a CSV body (string or bytes) to the import as `type`. */
export function postCsv(api: TestApp['api'], body: string | Uint8Array<ArrayBuffer>, type = 'text/csv'): Promise<Response> {
  return api('/api/v1/contacts/import', { method: 'POST', headers: { 'content-type': type }, body });
}

/** Imports and expects 200; returns the answer. */
export async function importCsv(api: TestApp['api'], body: string | Uint8Array<ArrayBuffer>): Promise<ImportAnswer> {
  const res = await postCsv(api, body);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ImportAnswer;
}

/** The export as raw bytes (fetch's text() would hide the BOM). */
export async function exportBytes(api: TestApp['api']): Promise<{ res: Response; bytes: Uint8Array<ArrayBuffer> }> {
  const res = await api('/api/v1/contacts/export');
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Consent history of the contact with this phone: oldest first. */
export async function consentHistory(t: TestApp, phone: string): Promise<{ channel: string; status: string; source: string; actor: string | null }[]> {
  const { rows } = await t.rt.db.executeSql(
    `select e.channel, e.status, e.source, e.actor from consent_events e join contacts c on c.id = e.contact_id where c.phone = $1 order by e.id`, [phone]);
  return rows as { channel: string; status: string; source: string; actor: string | null }[];
}

/** Contacts of the owner's workspace with this name or key (the list's search). */
export async function findContacts(api: TestApp['api'], q: string): Promise<{ name: string; phone: string | null; email: string | null; externalId: string | null; tags: string[]; customFields: Record<string, string>; consent: Record<string, { status: string; source: string }> }[]> {
  return (await (await api(`/api/v1/contacts?q=${encodeURIComponent(q)}&limit=200`)).json()).items;
}
