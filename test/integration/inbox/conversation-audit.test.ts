/**
 * Member actions on a conversation go to the audit log like every other: assignment (and
 * unassignment), close, reopen and internal notes, each with who did it, the conversation as
 * target and what changed. A note's text is not copied into the log. A PATCH that changes nothing
 * writes nothing; a refused one (an assignee from nowhere) writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { addMember, type TestMember } from '../../support/team.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let agent: TestMember;
let conversation: Json;

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const send = (api: TestApp['api'], method: string, path: string, json?: unknown) => api(path, { method, ...(json !== undefined ? { json } : {}) });
const entries = async (action: string): Promise<Json[]> => (await ok(await t.api(`/api/v1/audit?action=${action}&limit=50`))).items as Json[];

beforeAll(async () => {
  t = await startTestApp();
  agent = await addMember(t, 'agent');
  const contact = await ok(await send(t.api, 'POST', '/api/v1/contacts', { name: 'Wulan', phone: '0813-7000-1234' }), 201);
  const template = await ok(await send(t.api, 'POST', '/api/v1/templates', { code: 'Sapa Audit', message: 'Halo {contactname|Kak}, apa kabar?' }), 201);
  // A quick message starts the conversation (the sandbox needs no approval).
  await ok(await send(t.api, 'POST', `/api/v1/contacts/${contact.id}/messages`, { templateId: template.id }), 202);
  conversation = await eventually(async () => {
    const res = await t.api(`/api/v1/contacts/${contact.id}/conversation`);
    return res.status === 200 ? await res.json() as Json : undefined;
  }, 10_000, 'conversation');
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('conversation actions in the audit log', () => {
  it('assign, unassign, close, reopen and a note each write an entry naming who, the conversation and what changed', async () => {
    const path = `/api/v1/conversations/${conversation.id}`;
    await ok(await send(agent.api, 'PATCH', path, { assigneeId: agent.id }));
    const [assigned] = await entries('conversation.assigned');
    expect(assigned).toMatchObject({
      actor: agent.email, via: 'session', targetType: 'conversation', targetId: conversation.id,
      detail: { contactId: conversation.contactId, channel: 'whatsapp', from: null, to: agent.id, assigneeName: 'Anggota agent' },
    });

    await ok(await send(t.api, 'PATCH', path, { assigneeId: null, status: 'closed' }));
    expect((await entries('conversation.unassigned'))[0]).toMatchObject({ actor: ADMIN.email, targetId: conversation.id, detail: { from: agent.id, to: null } });
    expect((await entries('conversation.closed'))[0]).toMatchObject({ actor: ADMIN.email, targetId: conversation.id, detail: { contactId: conversation.contactId } });

    await ok(await send(agent.api, 'PATCH', path, { status: 'open' }));
    expect((await entries('conversation.reopened'))[0]).toMatchObject({ actor: agent.email, targetId: conversation.id });

    const note = await ok(await send(agent.api, 'POST', `${path}/notes`, { text: 'Pelanggan minta dikirim sore, alamat Jl. Melati 5' }), 201);
    const [noted] = await entries('conversation.note_added');
    expect(noted).toMatchObject({ actor: agent.email, targetType: 'conversation', targetId: conversation.id, detail: { noteId: note.id, length: 49 } });
    expect(JSON.stringify(noted)).not.toContain('Melati');
  });

  it('a PATCH that changes nothing or is refused writes nothing', async () => {
    const path = `/api/v1/conversations/${conversation.id}`;
    const count = async () => (await Promise.all(['assigned', 'unassigned', 'closed', 'reopened'].map((a) => entries(`conversation.${a}`)))).flat().length;
    const before = await count();
    await ok(await send(agent.api, 'PATCH', path, { status: 'open' }));
    expect((await send(agent.api, 'PATCH', path, { assigneeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await send(agent.api, 'PATCH', path, { status: 'archived' })).status).toBe(400);
    expect(await count()).toBe(before);
  });
});
