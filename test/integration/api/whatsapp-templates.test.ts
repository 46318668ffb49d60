// Template Chats as WhatsApp message templates, end to end against the local Cloud API: the
// submission on the wire (Meta's documented body), Meta's review arriving by its signed status
// webhook or, when that was lost, by the workers' periodic fetch; a message that needs an
// unapproved template failing without a request to Meta; the import of templates made by hand;
// warnings on automations and broadcasts; hostile input and another workspace's template.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let other: TestApp['api'];
const hook = () => `${t.url}/webhooks/whatsapp`;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  // The server's number with its WABA id; the workers ask Meta about templates in review every second.
  t = await startTestApp({ whatsapp: wa, waba: true, env: { SAPA_TEMPLATE_SYNC_SECONDS: '1' } });
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sandbox' });
  await store.users.create({ workspaceId: ws.id, email: 'sandbox@toko.test', name: 'Sandi', role: 'owner', passwordHash: await passwords.hash('password-sandbox-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sandbox@toko.test', password: 'password-sandbox-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const post = (path: string, body?: unknown, api = t.api) => api(path, { method: 'POST', ...(body !== undefined ? { json: body } : {}) }).then(json);
const templateOf = async (id: string) => (await t.api(`/api/v1/templates/${id}`).then(json)).body;
const templateRequests = () => wa.requests.filter((r) => r.path.endsWith('/message_templates') && r.method === 'POST');
const sends = () => wa.requests.filter((r) => r.path.endsWith('/messages'));

async function newTemplate(code: string, message: string, category = 'utility', api = t.api): Promise<string> {
  const res = await post('/api/v1/templates', { code, message, category }, api);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

let seq = 0;
async function orderMessage(templateId: string): Promise<{ id: string; status: string; failureReason: string | null; failure: { text: { en: string }; hint: { id: string } } | null }> {
  const auto = await post('/api/v1/automations', { name: `auto ${++seq}`, trigger: 'order.created', templateId });
  expect(auto.status, JSON.stringify(auto.body)).toBe(201);
  const ev = await post('/api/v1/events', {
    id: `evt-tpl-${seq}`, type: 'order.created',
    contact: { externalId: `C-tpl-${seq}`, name: 'Dewi', phone: `0812-3456-${String(7000 + seq)}` },
    order: { number: `SO-${seq}`, items: [{ name: 'Kopi', quantity: 1 }] },
  });
  expect(ev.status, JSON.stringify(ev.body)).toBe(202);
  const mine = (ev.body.messages as { id: string; automationId: string }[]).find((m) => m.automationId === auto.body.id)!;
  // Only this automation: later events must not fire it again.
  await t.api(`/api/v1/automations/${auto.body.id}`, { method: 'PATCH', json: { enabled: false } });
  return eventually(async () => {
    const m = (await t.api(`/api/v1/messages/${mine.id}`).then(json)).body;
    return m.status === 'sent' || m.status === 'failed' ? m : undefined;
  }, 20_000, 'message settled');
}

describe('submitting a Template Chat to WhatsApp', () => {
  let id: string;

  it("sends exactly Meta's documented body and answers the template pending", async () => {
    id = await newTemplate('Pesanan Dikirim', 'Halo {contactname|Kak}, pesanan {documentnumber} sudah dikirim. Terima kasih {contactname}!');
    expect(await templateOf(id)).toMatchObject({ whatsappStatus: null, whatsappRejectionReason: null, whatsappNeedsResubmit: false });

    const res = await post(`/api/v1/templates/${id}/whatsapp`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [request] = templateRequests();
    expect(templateRequests()).toHaveLength(1);
    expect(request!.path).toBe(`/v21.0/${wa.wabaId}/message_templates`);
    expect(request!.headers.authorization).toBe(`Bearer ${wa.accessToken}`);
    expect(request!.body).toEqual({
      name: 'pesanan_dikirim',
      language: 'id',
      category: 'UTILITY',
      components: [{
        type: 'BODY',
        text: 'Halo {{1}}, pesanan {{2}} sudah dikirim. Terima kasih {{3}}!',
        example: { body_text: [['Budi Santoso', 'SO-1001', 'Budi Santoso']] },
      }],
    });
    expect(res.body).toMatchObject({ id, whatsappStatus: 'pending', whatsappTemplateId: wa.templates[0]!.id, whatsappNeedsResubmit: false, warnings: [] });
  });

  it('a message that needs the template while Meta reviews it fails with that reason, and nothing reaches Meta', async () => {
    const before = sends().length;
    const m = await orderMessage(id);
    expect(m).toMatchObject({ status: 'failed', failureReason: 'whatsapp_template_not_approved: pending' });
    expect(m.failure!.text.en).toContain('still in WhatsApp’s review');
    expect(m.failure!.hint.id).toContain('ajukan');
    expect(sends().length).toBe(before);
  });

  it("Meta's signed status webhook approves it; then messages go out as that template", async () => {
    const answer = await wa.reviewTemplate(hook(), wa.templates[0]!.id, 'APPROVED');
    expect(answer.status).toBe(200);
    expect(await templateOf(id)).toMatchObject({ whatsappStatus: 'approved', whatsappRejectionReason: null });
    const m = await orderMessage(id);
    expect(m.status).toBe('sent');
    expect(sends().at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'pesanan_dikirim', language: { code: 'id' } } });
  });

  it('editing the text after approval asks for a resubmission, which is an edit at Meta', async () => {
    const patched = await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { message: 'Halo {contactname|Kak}, pesanan {documentnumber} sudah di jalan. Terima kasih {contactname}!' } }).then(json);
    expect(patched.body).toMatchObject({ whatsappStatus: 'approved', whatsappNeedsResubmit: true });
    // A changed fallback alone is the same body at Meta.
    const fallback = await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { message: 'Halo {contactname|Kakak}, pesanan {documentnumber} sudah di jalan. Terima kasih {contactname}!' } }).then(json);
    expect(fallback.body.whatsappNeedsResubmit).toBe(true);
    const res = await post(`/api/v1/templates/${id}/whatsapp`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The last POST: the workers' periodic fetch (every second here) may have asked Meta since.
    const edit = wa.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(edit.path).toBe(`/v21.0/${wa.templates[0]!.id}`);
    expect(edit.body).toEqual({ components: [{ type: 'BODY', text: 'Halo {{1}}, pesanan {{2}} sudah di jalan. Terima kasih {{3}}!', example: { body_text: [['Budi Santoso', 'SO-1001', 'Budi Santoso']] } }] });
    expect(res.body).toMatchObject({ whatsappStatus: 'pending', whatsappNeedsResubmit: false });
    expect(templateRequests()).toHaveLength(1);
    // A change of WhatsApp name is another template at Meta: the link is dropped.
    const renamed = await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { whatsappName: 'pesanan_dikirim_v2' } }).then(json);
    expect(renamed.body).toMatchObject({ whatsappStatus: null, whatsappTemplateId: null, whatsappNeedsResubmit: false });
  });

  it('a rejection comes with its reason; the periodic fetch settles a status whose webhook was lost', async () => {
    const rejected = await newTemplate('Promo Kilat', 'Diskon kilat untuk {contactname} hari ini saja, kunjungi toko kami.', 'marketing');
    expect((await post(`/api/v1/templates/${rejected}/whatsapp`)).body.whatsappStatus).toBe('pending');
    const metaId = (await templateOf(rejected)).whatsappTemplateId as string;
    expect(templateRequests().at(-1)!.body).toMatchObject({ name: 'promo_kilat', category: 'MARKETING' });
    expect((await wa.reviewTemplate(hook(), metaId, 'REJECTED', 'INVALID_FORMAT')).status).toBe(200);
    expect(await templateOf(rejected)).toMatchObject({ whatsappStatus: 'rejected', whatsappRejectionReason: 'INVALID_FORMAT' });

    const lost = await newTemplate('Info Resi', 'Resi pesanan {documentnumber} sudah ada, silakan dicek ya.');
    await post(`/api/v1/templates/${lost}/whatsapp`);
    wa.setTemplateStatus((await templateOf(lost)).whatsappTemplateId as string, 'APPROVED');
    await eventually(async () => ((await templateOf(lost)).whatsappStatus === 'approved' ? true : undefined), 15_000, 'the periodic fetch approves it');
    const lostId = (await templateOf(lost)).whatsappTemplateId as string;
    expect(wa.requests.some((r) => r.method === 'GET' && r.path === `/v21.0/${lostId}`)).toBe(true);
  });

  it('the periodic fetch also links a template approved by hand in WhatsApp Manager under Sapa’s name', async () => {
    const made = wa.addTemplate({ name: 'dibuat_manual', body: 'Halo {{1}}, ini dibuat di WhatsApp Manager.', examples: ['Budi'] });
    const id = await newTemplate('Dibuat Manual', 'Halo {contactname}, ini dibuat di WhatsApp Manager.');
    const linked = await eventually(async () => {
      const tpl = await templateOf(id);
      return tpl.whatsappStatus === 'approved' ? tpl : undefined;
    }, 15_000, 'linked by the periodic fetch');
    expect(linked).toMatchObject({ whatsappTemplateId: made.id, whatsappNeedsResubmit: false });
    expect(wa.requests.some((r) => r.method === 'GET' && r.path.endsWith('/message_templates'))).toBe(true);
  });

  it('warns on automations and broadcasts whose template is not approved', async () => {
    const pending = await newTemplate('Menunggu', 'Halo {contactname}, ini pesan yang belum disetujui ya.');
    const auto = await post('/api/v1/automations', { name: 'belum', trigger: 'order.created', templateId: pending, enabled: false });
    expect(auto.body.warnings).toEqual([expect.objectContaining({ code: 'whatsapp_template_not_approved' })]);
    const contact = await post('/api/v1/contacts', { name: 'Rina', phone: '0812-1111-2222' });
    const cast = await post('/api/v1/broadcasts', { name: 'b', templateId: pending, channel: 'whatsapp', contactIds: [contact.body.id] });
    expect(cast.status, JSON.stringify(cast.body)).toBe(201);
    expect(cast.body.warnings.map((w: { code: string }) => w.code)).toEqual(['whatsapp_template_not_approved']);
    const list = (await t.api('/api/v1/automations').then(json)).body.items as { id: string; warnings: { code: string }[] }[];
    expect(list.find((a) => a.id === auto.body.id)!.warnings[0]!.code).toBe('whatsapp_template_not_approved');
  });

  it('refuses what would be ambiguous to Meta, and a name Meta already has', async () => {
    const braces = await newTemplate('Kurung', 'Kode {{{{A}}}} untuk {contactname} ya.');
    const res = await post(`/api/v1/templates/${braces}/whatsapp`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'template.whatsapp_format', errors: [{ field: 'message', reason: 'whatsapp.literal_braces' }] });
    wa.addTemplate({ name: 'sudah_ada', body: 'Sudah ada di WhatsApp Manager.' });
    const dup = await newTemplate('Sudah Ada', 'Sudah ada di Sapa juga, terima kasih.');
    const taken = await post(`/api/v1/templates/${dup}/whatsapp`);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('whatsapp.template_exists');
  });
});

describe('importing the templates the account already has', () => {
  it('links by name and language, creates from the body where the variables are known, and says why it skipped the rest', async () => {
    const mine = await newTemplate('Konfirmasi Bayar', 'Terima kasih {contactname}, pembayaran {documentnumber} kami terima.');
    wa.addTemplate({ name: 'konfirmasi_bayar', body: 'Terima kasih {{1}}, pembayaran {{2}} kami terima.', examples: ['Budi', 'INV-1'] });
    wa.addTemplate({ name: 'salam_pagi', body: 'Selamat pagi dari toko kami {ya}!', category: 'MARKETING' });
    wa.addTemplate({ name: 'promo_lebaran', body: 'Halo {{1}}, diskon Lebaran sampai 50%! Kunjungi toko kami.', examples: ['Budi'], category: 'MARKETING', status: 'PENDING' });
    wa.addTemplate({ name: 'tanpa_nama', body: 'Halo {{1}} dan {{2}}, sampai jumpa.', examples: ['a', 'b'] });
    wa.addTemplate({ name: 'kode_otp', body: 'Kode Anda {{1}}.', examples: ['123456'], category: 'AUTHENTICATION' });

    const res = await post('/api/v1/templates/whatsapp/import', { variables: [{ name: 'promo_lebaran', language: 'id', variables: ['contactname'] }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.complete).toBe(true);
    expect(res.body.linked).toEqual(expect.arrayContaining([expect.objectContaining({ templateId: mine, name: 'konfirmasi_bayar', status: 'approved' })]));
    const created = res.body.created as { templateId: string; name: string; status: string }[];
    expect(created.map((c) => c.name).sort()).toEqual(['promo_lebaran', 'salam_pagi']);
    expect(res.body.skipped).toEqual(expect.arrayContaining([
      { name: 'tanpa_nama', language: 'id', reason: 'variables_unmapped', placeholders: 2 },
      { name: 'kode_otp', language: 'id', reason: 'unsupported_category' },
    ]));
    const promo = await templateOf(created.find((c) => c.name === 'promo_lebaran')!.templateId);
    expect(promo).toMatchObject({ code: 'promo_lebaran', message: 'Halo {contactname}, diskon Lebaran sampai 50%! Kunjungi toko kami.', category: 'marketing', whatsappStatus: 'pending', whatsappNeedsResubmit: false });
    const salam = await templateOf(created.find((c) => c.name === 'salam_pagi')!.templateId);
    expect(salam).toMatchObject({ message: 'Selamat pagi dari toko kami {{ya}}!', whatsappStatus: 'approved' });
    expect(await templateOf(mine)).toMatchObject({ whatsappStatus: 'approved', whatsappTemplateId: wa.templates.find((x) => x.name === 'konfirmasi_bayar')!.id });
    // Imported again: everything is linked now, nothing is created twice.
    const again = await post('/api/v1/templates/whatsapp/import', {});
    expect(again.body.created).toEqual([]);
  });
});

describe('a workspace on the sandbox', () => {
  it('has nothing to submit to, and its messages go out as before', async () => {
    const id = await newTemplate('Sandbox', 'Halo {contactname}, ini dari sandbox ya.', 'utility', other);
    const res = await post(`/api/v1/templates/${id}/whatsapp`, undefined, other);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('whatsapp.no_business_account');
    expect((await post('/api/v1/templates/whatsapp/import', {}, other)).body.code).toBe('whatsapp.no_business_account');
    const auto = await post('/api/v1/automations', { name: 'sb', trigger: 'contact.created', templateId: id }, other);
    expect(auto.body.warnings).toEqual([]);
  });
});

describe('hostile input on the new routes', () => {
  it("answers 404 for bad ids and another workspace's template, 400 for hostile bodies, never 5xx", async () => {
    const mine = await newTemplate('Milik A', 'Halo {contactname}, ini milik toko A ya.');
    const before = wa.requests.length;
    for (const path of [
      `/api/v1/templates/${'0'.repeat(8)}-0000-4000-8000-000000000000/whatsapp`, '/api/v1/templates/not-a-uuid/whatsapp', '/api/v1/templates/%00/whatsapp',
      '/api/v1/templates/whatsapp/whatsapp', `/api/v1/templates/${mine}%00/whatsapp`,
    ]) {
      const res = await t.api(path, { method: 'POST' });
      expect(res.status, path).toBe(404);
      expect((await res.json()).code, path).toBe('not_found');
    }
    // A lone surrogate, percent-encoded: not UTF-8, refused by the router as every such URL is.
    const surrogate = await t.api('/api/v1/templates/%ED%A0%80/whatsapp', { method: 'POST' });
    expect(surrogate.status).toBe(400);
    expect(surrogate.headers.get('content-type')).toContain('application/problem+json');
    const theirs = await post(`/api/v1/templates/${mine}/whatsapp`, undefined, other);
    expect(theirs.status).toBe(404);
    expect(wa.requests.length).toBe(before);

    const bodies: [string, unknown][] = [
      ['NUL in a name', { variables: [{ name: 'a\u0000b', language: 'id', variables: [] }] }],
      ['lone surrogate', { variables: [{ name: 'promo', language: 'i\ud800d', variables: [] }] }],
      ['a variable that is not a name', { variables: [{ name: 'promo', language: 'id', variables: ['{contactname}'] }] }],
      ['an unknown field', { workspaceId: '00000000-0000-4000-8000-000000000000' }],
      ['not a list', { variables: 'semua' }],
      ['too many', { variables: Array.from({ length: 1001 }, () => ({ name: 'a', language: 'id', variables: [] })) }],
    ];
    for (const [what, body] of bodies) {
      const res = await post('/api/v1/templates/whatsapp/import', body);
      expect(res.status, what).toBe(400);
      expect(res.body.code, what).toBe('validation');
    }
    const raw = await t.api('/api/v1/templates/whatsapp/import', { method: 'POST', body: '{"variables":[{"name":"a\\ud800"', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
  });

  it('ignores a status webhook for a WABA nobody has, and refuses one not signed with the app secret', async () => {
    const payload = wa.templateStatusWebhook({ id: wa.templates[0]!.id, event: 'DISABLED' }) as { entry: { id: string }[] };
    const stranger = { ...payload, entry: [{ ...payload.entry[0]!, id: '999999' }] };
    const ignored = await wa.postWebhook(hook(), stranger);
    expect(ignored.status).toBe(200);
    const forged = await fetch(hook(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: JSON.stringify(payload) });
    expect(forged.status).toBe(401);
    const odd = wa.templateStatusWebhook({ id: wa.templates[0]!.id, event: '\u0000' });
    expect((await wa.postWebhook(hook(), odd)).status).toBeLessThan(500);
  });
});

describe('quick-reply buttons and a media header at Meta', () => {
  it('submits the buttons as a BUTTONS component; other labels ask for a resubmission; a media header is refused with 422', async () => {
    const created = await post('/api/v1/templates', { code: 'Konfirmasi Kirim', message: 'Pesanan {documentnumber} jadi dikirim hari ini?', buttons: [{ text: 'Ya, kirim', payload: 'SEND' }, { text: 'Nanti' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const before = templateRequests().length;
    const res = await post(`/api/v1/templates/${id}/whatsapp`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(templateRequests()[before]!.body).toEqual({
      name: 'konfirmasi_kirim',
      language: 'id',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Pesanan {{1}} jadi dikirim hari ini?', example: { body_text: [['SO-1001']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ya, kirim' }, { type: 'QUICK_REPLY', text: 'Nanti' }] },
      ],
    });
    // A new payload changes nothing at Meta; a new label does.
    expect((await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { buttons: [{ text: 'Ya, kirim', payload: 'KIRIM' }, { text: 'Nanti' }] } }).then(json)).body.whatsappNeedsResubmit).toBe(false);
    expect((await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { buttons: [{ text: 'Ya, kirim' }] } }).then(json)).body.whatsappNeedsResubmit).toBe(true);

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const media = await t.api('/api/v1/media?filename=h.png', { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png) }).then(json);
    expect(media.status).toBe(201);
    await t.api(`/api/v1/templates/${id}`, { method: 'PATCH', json: { header: { mediaId: media.body.id } } });
    const count = wa.requests.length;
    // Without the Meta app's id the header's example cannot be uploaded: a clear 422 naming the field to fill.
    expect(await post(`/api/v1/templates/${id}/whatsapp`)).toMatchObject({ status: 422, body: { code: 'whatsapp.app_id_missing', errors: [{ field: 'header' }] } });
    // Nothing submitted or uploaded (the periodic fetch's GETs, every second here, may come meanwhile).
    expect(wa.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
