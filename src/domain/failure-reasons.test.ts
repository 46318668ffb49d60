/**
 * Edge cases: every reason code the engine stores (missing values one and several, with and without
 * an order or trigger, contact name only; template parse codes; no recipient phone/email; opt-out;
 * erased contact; channel not set up or unreadable; network; HTTP status; WhatsApp known, unknown
 * and missing codes; sweep and pace notes; an unknown code), and any string at all never throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainFailure, failureCode } from './failure-reasons.js';

describe('explainFailure', () => {
  it('names the missing tracking number, the order and the event to send again (the issue’s example)', () => {
    const e = explainFailure('missing_value: documentnumber (order.trackingNumber)', { orderNumber: 'SO-1001', trigger: 'order.delivery' });
    expect(e.code).toBe('missing_value');
    expect(`${e.text.id} — ${e.hint.id.charAt(0).toLowerCase()}${e.hint.id.slice(1)}`).toBe('Nomor resi belum ada untuk pesanan SO-1001 — kirim ulang event order.delivery dengan trackingNumber');
    expect(e.text.en).toBe('The tracking number is missing for order SO-1001');
    expect(e.hint.en).toBe('Send the order.delivery event again with trackingNumber');
    expect(e.detail).toBe('missing_value: documentnumber (order.trackingNumber)');
  });

  it('joins several missing values and offers a template fallback for the staff name', () => {
    const e = explainFailure('missing_value: documentnumber (order.invoiceNumber); missing_value: username (user.name)', { trigger: 'order.paid' });
    expect(e.text.id).toBe('Nomor invoice dan Nama staf (user) belum ada');
    expect(e.text.en).toBe('The invoice number and the staff user’s name are missing');
    expect(e.hint.id).toBe('Kirim ulang event order.paid dengan invoiceNumber dan user.name, atau beri cadangan di template, mis. {username|Tim kami}');
  });

  it('sends a missing contact name to the Contacts page, and copes with a variable of unknown source', () => {
    expect(explainFailure('missing_value: contactname (contact.name)').hint.id).toMatch(/halaman Kontak/);
    const odd = explainFailure('missing_value: kota');
    expect(odd.text.id).toBe('Nilai {kota} belum ada');
    expect(odd.hint.id).toBe('Lengkapi data yang kurang, lalu kirim ulang pesan ini');
  });

  it.each([
    ['template_invalid: template.unclosed_brace', 'template_invalid', 'Template pesan tidak valid: ada "{" yang tidak ditutup'],
    ['unknown_trigger: order.refunded', 'unknown_trigger', 'Pemicu otomasi "order.refunded" tidak dikenal'],
    ['no_recipient: contact has no phone', 'no_recipient', 'Kontak ini belum punya nomor WhatsApp'],
    ['no_recipient: contact has no email', 'no_recipient', 'Kontak ini belum punya alamat email'],
    ['no_recipient', 'no_recipient', 'Kontak ini belum punya nomor WhatsApp'],
    ['opted_out', 'opted_out', 'Pelanggan sudah berhenti menerima pesan (opt-out) di kanal ini'],
    ['contact_deleted', 'contact_deleted', 'Kontaknya sudah dihapus sebelum pesan dikirim'],
    ['channel_not_configured: whatsapp', 'channel_not_configured', 'Kanal whatsapp belum disiapkan'],
    ['channel_account_unreadable', 'channel_account_unreadable', 'Akun WhatsApp toko tidak bisa dibuka (kunci rahasia berubah?)'],
    ['network', 'network', 'Server WhatsApp tidak terjangkau saat mengirim'],
    ['http_503', 'http_503', 'Server WhatsApp menjawab dengan galat HTTP 503'],
    ['whatsapp:131026', 'whatsapp:131026', 'Nomor ini tidak bisa menerima pesan WhatsApp (belum terdaftar atau aplikasinya terlalu lama)'],
    ['whatsapp:131047', 'whatsapp:131047', 'Sudah lebih dari 24 jam sejak pelanggan terakhir membalas'],
    ['whatsapp:no_template', 'whatsapp:no_template', 'Di luar 24 jam sejak pelanggan membalas, WhatsApp hanya menerima template yang disetujui'],
    ['whatsapp:no_public_url', 'whatsapp:no_public_url', 'Pesan ini membawa berkas, dan WhatsApp mengambil berkas lewat tautan, tetapi alamat publik Sapa belum diatur'],
    ['whatsapp:unknown', 'whatsapp:unknown', 'WhatsApp melaporkan pesan gagal tanpa kode'],
    ['whatsapp:999999', 'whatsapp:999999', 'WhatsApp menolak pesan (kode 999999)'],
    ['unsettled: no status from the provider since the send began; sending again', 'unsettled', 'Pengiriman sebelumnya terputus; pesan sedang dikirim lagi'],
    ['paced: the sender is busy', 'paced', 'Menunggu giliran kirim (batas kecepatan nomor WhatsApp)'],
    ['sandbox:record_failed', 'sandbox:record_failed', 'Mode uji (sandbox) gagal mencatat pesan'],
    ['something_new: x', 'something_new', 'Pesan tidak terkirim (something_new)'],
  ])('%s', (reason, code, id) => {
    const e = explainFailure(reason);
    expect(e.code).toBe(code);
    expect(e.text.id).toBe(id);
    expect(e.text.en.length).toBeGreaterThan(0);
    expect(e.hint.id.length).toBeGreaterThan(0);
    expect(e.hint.en.length).toBeGreaterThan(0);
    expect(e.detail).toBe(reason);
  });

  it('never throws and always answers words, whatever the string and context', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.option(fc.string()), fc.option(fc.string()), (reason, orderNumber, trigger) => {
      const e = explainFailure(reason, { orderNumber, trigger });
      expect(typeof e.code).toBe('string');
      expect(e.code.length).toBeGreaterThan(0);
      expect(e.text.id.length + e.text.en.length + e.hint.id.length + e.hint.en.length).toBeGreaterThan(0);
      expect(e.detail).toBe(reason);
    }), { numRuns: 1000 });
    fc.assert(fc.property(fc.constantFrom('missing_value: ', 'whatsapp:', 'template_invalid: ', 'no_recipient: ', 'http_'), fc.string({ unit: 'binary' }), (head, tail) => {
      expect(() => explainFailure(head + tail, { orderNumber: tail, trigger: tail })).not.toThrow();
    }), { numRuns: 1000 });
  });
});

describe('failureCode', () => {
  it.each([
    ['missing_value: documentnumber (order.trackingNumber)', 'missing_value'],
    ['whatsapp:131026', 'whatsapp:131026'],
    ['  opted_out  ', 'opted_out'],
    ['', 'unknown'],
    [':', 'unknown'],
  ])('%j → %s', (reason, code) => expect(failureCode(reason)).toBe(code));
});

describe('whatsapp_template_not_approved', () => {
  it('says which review state, in both languages, with what to do', () => {
    const e = explainFailure('whatsapp_template_not_approved: rejected');
    expect(e.code).toBe('whatsapp_template_not_approved');
    expect(e.text.id).toContain('ditolak');
    expect(e.text.en).toContain('rejected');
    expect(e.hint.en).toContain('submit');
    expect(explainFailure('whatsapp_template_not_approved: not_submitted').text.en).toContain('never submitted');
    expect(explainFailure('whatsapp_template_not_approved: __proto__').text.en).toContain('never submitted');
  });
});
