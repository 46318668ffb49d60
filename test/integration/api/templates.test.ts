import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const SEED_MESSAGE = 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.';

describe('Template Chat API', () => {
  it('creates, lists, searches, reads, edits and deletes a template', async () => {
    const created = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Terima Kasih', message: SEED_MESSAGE } });
    expect(created.status).toBe(201);
    const tpl = await created.json();
    expect(tpl).toMatchObject({ code: 'Terima Kasih', category: 'utility', whatsappName: 'terima_kasih', whatsappLanguage: 'id', variables: ['contactname', 'productname', 'documentnumber'] });

    const list = await (await t.api('/api/v1/templates?q=terima')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(tpl.id);
    const none = await (await t.api('/api/v1/templates?q=tidak-ada')).json();
    expect(none.items).toEqual([]);

    const patched = await t.api(`/api/v1/templates/${tpl.id}`, { method: 'PATCH', json: { message: 'Halo {contactname|Kak}!' } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).variables).toEqual(['contactname']);
    expect((await (await t.api(`/api/v1/templates/${tpl.id}`)).json()).message).toBe('Halo {contactname|Kak}!');

    expect((await t.api(`/api/v1/templates/${tpl.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/templates/${tpl.id}`)).status).toBe(404);
  });

  it('answers 400 with the field when Code or Message is missing', async () => {
    const res = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Tanpa Pesan' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, code: 'validation' });
    expect(body.errors.map((e: { field: string }) => e.field)).toContain('message');
  });

  it('answers 409 for a duplicate code, whatever its case', async () => {
    expect((await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Promo', message: 'Halo' } })).status).toBe(201);
    const res = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'PROMO', message: 'Halo lagi' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'template.duplicate_code', errors: [{ field: 'code' }] });
  });

  it('answers 422 for an unknown variable with its position and a suggestion', async () => {
    const message = 'Halo {contactnama}, pesanan {documentnumber';
    const res = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Salah', message } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('template.invalid');
    expect(body.errors.map((e: { reason: string }) => e.reason)).toEqual(['template.unknown_variable', 'template.unclosed_brace']);
    const unknown = body.errors.find((e: { reason: string }) => e.reason === 'template.unknown_variable');
    expect(unknown).toMatchObject({ field: 'message', variable: 'contactnama', suggestion: 'contactname', index: message.indexOf('{contactnama}') });
    const unclosed = body.errors.find((e: { reason: string }) => e.reason === 'template.unclosed_brace');
    expect(unclosed).toMatchObject({ index: message.indexOf('{documentnumber') });
    expect((await (await t.api('/api/v1/templates?q=Salah')).json()).items).toEqual([]);
  });

  it('previews with sample data and reports errors without failing', async () => {
    const ok = await (await t.api('/api/v1/templates/preview', { method: 'POST', json: { message: SEED_MESSAGE, trigger: 'order.created', sample: { contactname: 'Budi', productname: 'Kopi Arabika', documentnumber: 'SO-1001' } } })).json();
    expect(ok).toEqual({
      text: 'Halo Budi, Terima kasih telah membeli Kopi Arabika. Kode penjualan Anda adalah SO-1001. Kami akan segera memproses pesanan Anda.',
      variables: ['contactname', 'productname', 'documentnumber'],
      errors: [],
    });
    const bad = await (await t.api('/api/v1/templates/preview', { method: 'POST', json: { message: 'Total {productname}', trigger: 'order.paid' } })).json();
    expect(bad.text).toBeNull();
    expect(bad.errors[0]).toMatchObject({ reason: 'template.variable_not_allowed', variable: 'productname', trigger: 'order.paid' });
  });

  it('lists the trigger table with Indonesian labels', async () => {
    const body = await (await t.api('/api/v1/triggers')).json();
    const paid = body.items.find((x: { key: string }) => x.key === 'order.paid');
    expect(paid).toEqual({
      key: 'order.paid', label: 'Contact Order Paid', labelId: 'Pesanan dibayar',
      variables: [
        { code: 'contactname', label: 'Nama Pelanggan', labelEn: 'Customer name' },
        { code: 'username', label: 'Nama User', labelEn: 'Staff user name' },
        { code: 'documentnumber', label: 'Kode/Nomor Invoice', labelEn: 'Invoice number' },
      ],
    });
    // In the order an order lives them, not the seed table's (delivery before paid).
    expect(body.items.map((x: { labelId: string }) => x.labelId)).toEqual([
      'Kontak baru', 'Pesanan dibuat', 'Pesanan dibayar', 'Pesanan dikirim', 'Pengingat pengiriman', 'Pesanan diterima', 'Hadiah referral didapat',
    ]);
  });
});

describe('Automations API', () => {
  it('refuses a template whose variables the trigger lacks, naming each', async () => {
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Produk', message: 'Terima kasih {contactname} untuk {productname}' } })).json();
    const res = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'Bayar', trigger: 'order.paid', templateId: tpl.id } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('automation.variable_not_allowed');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'templateId', variable: 'productname', trigger: 'order.paid' })]);
    expect(body.detail).toContain('{productname}');
    expect((await (await t.api('/api/v1/automations')).json()).items).toEqual([]);
  });

  it('creates, toggles and deletes an automation; keeps its template valid for the trigger', async () => {
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Lunas', message: 'Invoice {documentnumber} lunas, {contactname}.' } })).json();
    const res = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'Konfirmasi bayar', trigger: 'order.paid', templateId: tpl.id, delayMinutes: 5 } });
    expect(res.status).toBe(201);
    const auto = await res.json();
    expect(auto).toMatchObject({ trigger: 'order.paid', templateCode: 'Lunas', channel: 'whatsapp', delayMinutes: 5, enabled: true });

    // The template is attached: adding {productname} would break the automation.
    const edit = await t.api(`/api/v1/templates/${tpl.id}`, { method: 'PATCH', json: { message: 'Invoice {documentnumber} untuk {productname}' } });
    expect(edit.status).toBe(422);
    expect((await edit.json()).errors[0]).toMatchObject({ variable: 'productname', trigger: 'order.paid' });
    expect((await t.api(`/api/v1/templates/${tpl.id}`, { method: 'DELETE' })).status).toBe(409);

    const off = await (await t.api(`/api/v1/automations/${auto.id}`, { method: 'PATCH', json: { enabled: false } })).json();
    expect(off.enabled).toBe(false);
    expect((await t.api(`/api/v1/automations/${auto.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/templates/${tpl.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
