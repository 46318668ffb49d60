// A WABA's message templates against the local Cloud API over real HTTP: the exact requests on the
// wire (Meta's documented create body, the edit, the paged list, the read) and how answers become outcomes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeepAliveHttp } from '../../../src/adapters/channels/keep-alive-http.js';
import { createWhatsAppTemplateApi } from '../../../src/adapters/channels/whatsapp-templates.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';

const http = createKeepAliveHttp();
let wa: FakeWhatsApp;
beforeEach(async () => {
  wa = await startFakeWhatsApp();
});
afterEach(async () => {
  await wa.close();
});

const apiFor = (server: FakeWhatsApp, token = server.accessToken) =>
  createWhatsAppTemplateApi({ apiBase: server.baseUrl, apiVersion: 'v21.0', wabaId: server.wabaId, accessToken: token, timeoutMs: 5000 }, { http });

describe('WhatsApp templates: the requests on the wire', () => {
  it('creates a template with exactly the body Meta documents', async () => {
    const result = await apiFor(wa).create({
      name: 'pesanan_dikirim', language: 'id', category: 'UTILITY',
      body: 'Halo {{1}}, pesanan {{2}} sudah dikirim.', examples: ['Budi Santoso', 'SO-1001'],
    });

    expect(result).toEqual({ ok: true, value: { id: wa.templates[0]!.id, status: 'PENDING', category: 'UTILITY' } });
    const [request] = wa.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/v21.0/${wa.wabaId}/message_templates`);
    expect(request!.headers.authorization).toBe(`Bearer ${wa.accessToken}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      name: 'pesanan_dikirim',
      language: 'id',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Halo {{1}}, pesanan {{2}} sudah dikirim.', example: { body_text: [['Budi Santoso', 'SO-1001']] } }],
    });
  });

  it('sends no example for a body without variables', async () => {
    await apiFor(wa).create({ name: 'salam', language: 'id', category: 'MARKETING', body: 'Selamat pagi dari toko kami.', examples: [] });
    expect(wa.requests[0]!.body).toEqual({ name: 'salam', language: 'id', category: 'MARKETING', components: [{ type: 'BODY', text: 'Selamat pagi dari toko kami.' }] });
  });

  it('adds the quick-reply buttons as one BUTTONS component after the BODY', async () => {
    const result = await apiFor(wa).create({
      name: 'konfirmasi', language: 'id', category: 'UTILITY', body: 'Pesanan {{1}} jadi dikirim?', examples: ['SO-1001'], buttons: ['Ya, kirim', 'Batal'],
    });

    expect(result.ok).toBe(true);
    expect(wa.requests[0]!.body).toEqual({
      name: 'konfirmasi',
      language: 'id',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Pesanan {{1}} jadi dikirim?', example: { body_text: [['SO-1001']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ya, kirim' }, { type: 'QUICK_REPLY', text: 'Batal' }] },
      ],
    });
  });

  it('edits through the template id, and reads one back', async () => {
    const made = wa.addTemplate({ name: 'lama', body: 'Halo {{1}} ya.', examples: ['Budi'], status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' });
    const api = apiFor(wa);
    expect(await api.edit(made.id, { body: 'Halo {{1}}, apa kabar?', examples: ['Budi'] })).toEqual({ ok: true, value: { success: true } });
    expect(wa.requests[0]!.path).toBe(`/v21.0/${made.id}`);
    expect(wa.requests[0]!.body).toEqual({ components: [{ type: 'BODY', text: 'Halo {{1}}, apa kabar?', example: { body_text: [['Budi']] } }] });

    const read = await api.get(made.id);
    expect(wa.requests[1]!.method).toBe('GET');
    expect(read).toEqual({ ok: true, value: { id: made.id, name: 'lama', language: 'id', status: 'PENDING', category: 'UTILITY', rejectedReason: 'NONE', body: 'Halo {{1}}, apa kabar?',
      shape: { headerFormat: null, headerExample: null, hasFooter: false, buttons: [], otherComponents: [] },
    } });
  });

  it('lists page by page with the after cursor, and filters by name', async () => {
    for (let i = 0; i < 5; i++) wa.addTemplate({ name: `t_${i}`, body: `Teks ${i}.` });
    const api = apiFor(wa);
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await api.list({ limit: 2, after });
      if (!page.ok) throw new Error(page.detail);
      names.push(...page.value.items.map((t) => t.name));
      after = page.value.after;
      pages++;
    } while (after !== null);
    expect(names).toEqual(['t_0', 't_1', 't_2', 't_3', 't_4']);
    expect(pages).toBe(3);
    const url = new URL(`http://x${wa.requests[1]!.path}`);
    expect(wa.requests[1]!.method).toBe('GET');
    expect(url.pathname).toBe(`/v21.0/${wa.wabaId}/message_templates`);

    const byName = await api.list({ limit: 100, name: 't_3' });
    expect(byName.ok && byName.value.items.map((t) => t.name)).toEqual(['t_3']);
  });
});

describe('WhatsApp templates: answers become outcomes', () => {
  it("Meta's refusal keeps its code, subcode and words", async () => {
    wa.addTemplate({ name: 'ada', body: 'Sudah ada.' });
    const result = await apiFor(wa).create({ name: 'ada', language: 'id', category: 'UTILITY', body: 'Lagi.', examples: [] });
    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:100', code: 100, subcode: 2388024 });
    expect(!result.ok && result.detail).toContain('already exists');
  });

  it('a wrong token is code 190', async () => {
    expect(await apiFor(wa, 'wrong').list({ limit: 10 })).toMatchObject({ ok: false, reason: 'whatsapp:190', code: 190 });
  });

  it('a refused connection is a network outcome, not an exception', async () => {
    const closed = await startFakeWhatsApp();
    await closed.close();
    expect(await apiFor(closed).get('1')).toMatchObject({ ok: false, reason: 'network' });
  });

  it('a 2xx answer without what Meta documents is a bad response', async () => {
    wa.failNext(1, { status: 200, body: { nothing: true } });
    expect(await apiFor(wa).create({ name: 'x', language: 'id', category: 'UTILITY', body: 'x.', examples: [] })).toMatchObject({ ok: false, reason: 'whatsapp:bad_response' });
  });
});
