/**
 * Every channel goes through the same engine: an automation, a broadcast and a quick message on
 * email or push are rendered with the template's subject/title, checked against that channel's
 * address and consent, and (with no provider configured) land in the sandbox outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let seq = 0;

beforeAll(async () => {
  t = await startTestApp();
  await marketingAtAnyHour(t);
});
afterAll(async () => { await t?.close(); });

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const post = (path: string, body: unknown) => t.api(path, { method: 'POST', json: body });
const message = async (id: string) => json(await t.api(`/api/v1/messages/${id}`), 200);
const settled = (id: string) => eventually(async () => {
  const m = await message(id);
  return m.status === 'queued' || m.status === 'sending' ? undefined : m;
}, 15_000, `message ${id} settled`);
const outboxOf = async (messageId: string) => {
  const outbox = await json(await t.api('/api/v1/sandbox/outbox?limit=500'), 200) as { items: { messageId: string; channel: string; payload: Record<string, unknown> }[] };
  return outbox.items.filter((o) => o.messageId === messageId);
};

describe('templates for email and push', () => {
  it('keeps subject, HTML and title, and checks them in the template language', async () => {
    const created = await json(await post('/api/v1/templates', {
      code: 'Email Halo', message: 'Halo {contactname}', subject: 'Untuk {contactname}', html: '<p>Halo <b>{contactname}</b></p>', title: 'Hai {contactname}',
    }), 201);
    expect(created).toMatchObject({ subject: 'Untuk {contactname}', html: '<p>Halo <b>{contactname}</b></p>', title: 'Hai {contactname}', variables: ['contactname'] });
    const bad = await post('/api/v1/templates', { code: 'Email Salah', message: 'Halo', subject: 'Untuk {contactnme}' });
    expect(bad.status).toBe(422);
    const problem = await bad.json();
    expect(problem.errors[0]).toMatchObject({ field: 'subject', reason: 'template.unknown_variable', suggestion: 'contactname' });
    const patched = await json(await t.api(`/api/v1/templates/${created.id}`, { method: 'PATCH', json: { subject: null } }), 200);
    expect(patched.subject).toBeNull();
    expect(patched.html).toBe('<p>Halo <b>{contactname}</b></p>');
  });

  it('refuses a subject variable the automation trigger lacks, like one in the message', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: `Subj ${++seq}`, message: 'Halo', subject: 'Resi {documentnumber}' }), 201);
    const res = await post('/api/v1/automations', { name: 'x', trigger: 'contact.created', templateId: tpl.id, channel: 'email' });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ reason: 'automation.variable_not_allowed', variable: 'documentnumber' });
  });
});

describe('an automation on email', () => {
  it('sends to the contact’s email with the rendered subject; a contact without one is skipped, an opted-out one too', async () => {
    const tpl = await json(await post('/api/v1/templates', {
      code: 'Pesanan Email', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.', subject: 'Pesanan {documentnumber}', html: '<p>Halo {contactname}</p>',
    }), 201);
    await json(await post('/api/v1/automations', { name: 'email order', trigger: 'order.created', templateId: tpl.id, channel: 'email' }), 201);
    const event = (n: number, contact: Record<string, unknown>) => ({
      id: `ch-evt-${n}`, type: 'order.created', occurredAt: new Date().toISOString(), contact: { externalId: `CH-${n}`, name: 'Budi <Jr>', ...contact },
      order: { number: `SO-CH-${n}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
    });
    const withEmail = await json(await post('/api/v1/events', event(1, { email: 'budi@toko.test' })), 202);
    const sent = await settled(withEmail.messages[0].id);
    expect(sent).toMatchObject({ channel: 'email', status: 'sent', recipient: 'budi@toko.test', body: 'Halo Budi <Jr>, pesanan SO-CH-1 kami terima.' });
    const [recorded] = await outboxOf(sent.id);
    expect(recorded).toMatchObject({ channel: 'email', payload: { to: 'budi@toko.test', subject: 'Pesanan SO-CH-1', html: '<p>Halo Budi &lt;Jr&gt;</p>' } });

    const noEmail = await json(await post('/api/v1/events', event(2, { phone: '081255550002' })), 202);
    expect(await settled(noEmail.messages[0].id)).toMatchObject({ status: 'skipped', failureReason: expect.stringMatching(/^no_recipient/) });

    await json(await post('/api/v1/contacts', { externalId: 'CH-3', name: 'Keluar', email: 'keluar@toko.test', consent: { email: 'opted_out' } }), 201);
    const optedOut = await json(await post('/api/v1/events', event(3, { email: 'keluar@toko.test' })), 202);
    expect(await settled(optedOut.messages[0].id)).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
  });

  it('fails a message whose template has no subject, with the reason, instead of sending a blank subject', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: 'Tanpa Subjek', message: 'Halo {contactname}' }), 201);
    await json(await post('/api/v1/automations', { name: 'no subject', trigger: 'contact.created', templateId: tpl.id, channel: 'email' }), 201);
    const res = await json(await post('/api/v1/events', { id: 'ch-evt-nosubj', type: 'contact.created', occurredAt: new Date().toISOString(), contact: { externalId: 'CH-NS', name: 'Rina', email: 'rina@toko.test' } }), 202);
    const m = res.messages.find((x: { channel: string }) => x.channel === 'email');
    expect(await settled(m.id)).toMatchObject({ status: 'failed', failureReason: 'email_subject_missing' });
    expect(await outboxOf(m.id)).toHaveLength(0);
  });
});

describe('a broadcast and a quick message on other channels', () => {
  it('a push broadcast renders its title per contact', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: 'Push Promo', message: 'Diskon untuk {contactname}', title: 'Hai {contactname}', category: 'marketing' }), 201);
    const c = await json(await post('/api/v1/contacts', { name: 'Sari', phone: '081255551234' }), 201);
    const b = await json(await post('/api/v1/broadcasts', { name: 'push', templateId: tpl.id, channel: 'push', contactIds: [c.id] }), 201);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const done = await eventually(async () => {
      const got = await json(await t.api(`/api/v1/broadcasts/${b.id}`), 200);
      return got.status === 'done' ? got : undefined;
    }, 20_000, 'broadcast done');
    expect(done.stats).toMatchObject({ total: 1, sent: 1 });
    const list = await json(await t.api(`/api/v1/messages?broadcastId=${b.id}`), 200);
    const [recorded] = await outboxOf(list.items[0].id);
    expect(recorded).toMatchObject({ channel: 'push', payload: { to: c.id, body: 'Diskon untuk Sari', title: 'Hai Sari' } });
  });

  it('a quick message on email takes free text at any time (no WhatsApp window) and needs an address', async () => {
    const withEmail = await json(await post('/api/v1/contacts', { name: 'Dewi', email: 'dewi@toko.test' }), 201);
    const sent = await json(await post(`/api/v1/contacts/${withEmail.id}/messages`, { channel: 'email', text: 'Paket Kakak sudah dikirim' }), 202);
    expect(sent.message).toMatchObject({ channel: 'email', recipient: 'dewi@toko.test' });
    // Free text on email gets a subject: the workspace's name by default, or the agent's own.
    await settled(sent.message.id);
    expect((await outboxOf(sent.message.id))[0]!.payload.subject).toMatch(/^Pesan dari .+/);
    const own = await json(await post(`/api/v1/contacts/${withEmail.id}/messages`, { channel: 'email', text: 'Resi JNE0012', subject: 'Resi pesanan Kakak' }), 202);
    await settled(own.message.id);
    expect((await outboxOf(own.message.id))[0]!.payload).toMatchObject({ subject: 'Resi pesanan Kakak', body: 'Resi JNE0012' });
    expect((await post(`/api/v1/contacts/${withEmail.id}/messages`, { channel: 'email', text: 'x', subject: 'a\r\nBcc: evil@example.com' })).status).toBe(400);
    const noEmail = await json(await post('/api/v1/contacts', { name: 'Eko', phone: '081255554321' }), 201);
    const refused = await post(`/api/v1/contacts/${noEmail.id}/messages`, { channel: 'email', text: 'Halo' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).code).toBe('quick_message.no_recipient');
  });
});
