/**
 * Quick messages on a number that needs Meta's approval (the server's number with its WABA id):
 * outside the 24-hour window only an approved template may go. The conversation says so
 * (`templatesNeedApproval`), the preview names the refusal, and the API refuses an unapproved
 * template with 422 `whatsapp.template_not_approved` — nothing stored, nothing sent to Meta —
 * while an approved one goes out as `template`, and inside the window any template goes as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let wa: FakeWhatsApp;
let t: TestApp;
let sandbox: TestApp['api'];
const hook = () => `${t.url}/webhooks/whatsapp`;

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json?: unknown, api = t.api) => api(path, { method: 'POST', ...(json !== undefined ? { json } : {}) });
const sentTo = (digits: string) => wa.sent().filter((r) => r.body?.to === digits);

/** A template in Meta's review with the given outcome (null: submitted, still pending). */
async function template(code: string, review: 'APPROVED' | 'REJECTED' | null, reason?: string): Promise<string> {
  const id = (await ok(await post('/api/v1/templates', { code, message: `Halo {contactname|Kak}, ${code} dari toko kami sudah siap.` }), 201)).id as string;
  const submitted = await ok(await post(`/api/v1/templates/${id}/whatsapp`));
  if (review) expect((await wa.reviewTemplate(hook(), submitted.whatsappTemplateId, review, reason)).status).toBe(200);
  return id;
}

/** A contact whose last message came `hoursAgo` hours ago, and its conversation. */
async function contactWrote(digits: string, hoursAgo: number): Promise<{ contact: Json; conversation: Json }> {
  await wa.postWebhook(hook(), wa.inboundWebhook({ from: digits, text: 'Halo', timestamp: Math.floor(Date.now() / 1000) - hoursAgo * 3600 }));
  const contact = await eventually(async () => (await ok(await t.api(`/api/v1/contacts?q=${encodeURIComponent(`+${digits}`)}`))).items[0] as Json | undefined, 10_000, 'contact');
  return { contact, conversation: await ok(await t.api(`/api/v1/contacts/${contact.id}/conversation`)) };
}

let approved: string;
let pending: string;
let rejected: string;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, waba: true });
  approved = await template('Pesanan Siap', 'APPROVED');
  pending = await template('Pesanan Dikemas', null);
  rejected = await template('Promo Kilat', 'REJECTED', 'INVALID_FORMAT');
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sandbox' });
  await store.users.create({ workspaceId: ws.id, email: 'sandbox-qa@toko.test', name: 'Sandi', role: 'owner', passwordHash: await passwords.hash('password-sandbox-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sandbox-qa@toko.test', password: 'password-sandbox-1' } });
  sandbox = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('quick messages outside the window on a number that needs approval', () => {
  it('refuses a template Meta has not approved with 422 whatsapp.template_not_approved: nothing stored, nothing sent', async () => {
    const digits = '6281390001111';
    const { contact, conversation } = await contactWrote(digits, 30);
    expect(conversation).toMatchObject({ windowOpen: false, templatesNeedApproval: true });

    for (const [id, status] of [[pending, 'pending'], [rejected, 'rejected']] as const) {
      const preview = await ok(await post(`/api/v1/contacts/${contact.id}/messages/preview`, { templateId: id }));
      expect(preview).toMatchObject({ sendAs: 'template', refusal: 'whatsapp.template_not_approved', missing: [] });
      const res = await post(`/api/v1/contacts/${contact.id}/messages`, { templateId: id, channel: 'whatsapp' });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = await res.json() as Json;
      expect(body).toMatchObject({ code: 'whatsapp.template_not_approved', errors: [{ field: 'templateId', reason: 'whatsapp.template_not_approved' }] });
      expect(body.detail).toContain(status);
    }
    expect((await ok(await t.api(`/api/v1/contacts/${contact.id}/messages/preview`, { method: 'POST', json: { templateId: rejected } })))).toMatchObject({ refusal: 'whatsapp.template_not_approved' });
    // Only the inbound message: the refusals stored nothing.
    const messages = await ok(await t.api(`/api/v1/conversations/${conversation.id}/messages`));
    expect(messages.items.map((m: Json) => m.direction)).toEqual(['in']);
    expect(sentTo(digits)).toHaveLength(0);

    // The approved one goes, as Meta's template.
    expect((await ok(await post(`/api/v1/contacts/${contact.id}/messages/preview`, { templateId: approved }))).refusal).toBeNull();
    await ok(await post(`/api/v1/contacts/${contact.id}/messages`, { templateId: approved, channel: 'whatsapp' }), 202);
    await eventually(async () => (sentTo(digits).length === 1 ? true : undefined), 10_000, 'the approved template sent');
    expect(sentTo(digits)[0]!.body).toMatchObject({ type: 'template', template: { name: 'pesanan_siap', language: { code: 'id' } } });
  });

  it('inside the window any template goes (as text): approval matters only outside it', async () => {
    const digits = '6281390002222';
    const { contact, conversation } = await contactWrote(digits, 1);
    expect(conversation).toMatchObject({ windowOpen: true, templatesNeedApproval: true });
    expect((await ok(await post(`/api/v1/contacts/${contact.id}/messages/preview`, { templateId: pending }))).refusal).toBeNull();
    await ok(await post(`/api/v1/contacts/${contact.id}/messages`, { templateId: pending }), 202);
    await eventually(async () => (sentTo(digits).length === 1 ? true : undefined), 10_000, 'sent as text');
    expect(sentTo(digits)[0]!.body).toMatchObject({ type: 'text' });
  });

  it('the sandbox needs no approval: its conversations say templatesNeedApproval false and an unsubmitted template is not refused', async () => {
    const contact = await ok(await post('/api/v1/contacts', { name: 'Sari', phone: '0813-9000-3333' }, sandbox), 201);
    const mine = (await ok(await post('/api/v1/templates', { code: 'Sapa', message: 'Halo {contactname|Kak}, apa kabar?' }, sandbox), 201)).id as string;
    expect((await ok(await post(`/api/v1/contacts/${contact.id}/messages/preview`, { templateId: mine }, sandbox))).refusal).toBeNull();
    await ok(await post(`/api/v1/contacts/${contact.id}/messages`, { templateId: mine }, sandbox), 202);
    const conversation = await eventually(async () => {
      const res = await sandbox(`/api/v1/contacts/${contact.id}/conversation`);
      return res.status === 200 ? await res.json() as Json : undefined;
    }, 10_000, 'conversation');
    expect(conversation).toMatchObject({ templatesNeedApproval: false });
  });

  it('the session says whether templates need approval, for the editors to warn before saving', async () => {
    expect(await ok(await t.api('/api/v1/auth/session'))).toMatchObject({ whatsappTransport: 'whatsapp-cloud', templatesNeedApproval: true });
    expect(await ok(await sandbox('/api/v1/auth/session'))).toMatchObject({ whatsappTransport: 'sandbox', templatesNeedApproval: false });
  });
});
