/**
 * The SMTP sink against a real client (nodemailer): a message goes through a whole SMTP
 * conversation and comes back parsed, RFC 8058's headers intact; AUTH, a 550 for one recipient
 * and a 421 for everything behave as a real server's would; waitFor gives up at its deadline.
 */
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const transportFor = (s: SmtpSink, auth?: { user: string; pass: string }) =>
  nodemailer.createTransport({ host: s.host, port: s.port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) });

describe('smtp-sink', () => {
  it('receives a message from nodemailer and keeps its parsed parts and raw headers', async () => {
    sink = await startSmtpSink();
    const unsubscribe = 'https://toko.example/u/4f2a9c?sig=abc123';
    const subject = 'Rina, pesanan kamu sudah dikirim 📦 — lacak paketnya di sini sebelum hari Jumat ya, terima kasih sudah belanja';
    const info = await transportFor(sink).sendMail({
      from: '"Toko Sapa" <halo@toko.example>',
      to: 'rina@pelanggan.example',
      subject,
      text: 'Halo Rina,\nPaketmu sudah dikirim.\n\nBerhenti berlangganan: ' + unsubscribe,
      html: '<p>Halo Rina,</p><p>Paketmu sudah dikirim.</p><p><a href="' + unsubscribe + '">Berhenti berlangganan</a></p>',
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(info.accepted).toEqual(['rina@pelanggan.example']);

    const [mail] = await sink.waitFor(1);
    expect(mail!.envelope).toEqual({ mailFrom: 'halo@toko.example', rcptTo: ['rina@pelanggan.example'] });
    expect(mail!.parsed.subject).toBe(subject);
    expect(mail!.parsed.text).toContain('Paketmu sudah dikirim.');
    expect(mail!.parsed.html).toContain(`<a href="${unsubscribe}">`);
    expect(mail!.parsed.from).toBe('"Toko Sapa" <halo@toko.example>');
    expect(mail!.parsed.to).toBe('rina@pelanggan.example');
    // RFC 8058: both headers survive the trip exactly.
    expect(mail!.header('List-Unsubscribe')).toBe(`<${unsubscribe}>`);
    expect(mail!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // mailparser gathers the List-* headers (RFC 2369) into one structured `list` entry.
    expect(mail!.parsed.headers.get('list')).toEqual({ unsubscribe: { url: unsubscribe }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
    // The subject is not ASCII, so it travels as RFC 2047 encoded words (folded), and is decoded back.
    expect(mail!.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(mail!.header('subject')).not.toMatch(/\r|\n/);
    expect(mail!.raw).toContain('multipart/alternative');
    expect(sink.messages()).toHaveLength(1);
  });

  it('requires AUTH when configured, refuses a wrong password with 535 and records the user', async () => {
    sink = await startSmtpSink({ auth: { user: 'sapa', pass: 'rahasia' } });
    expect(sink.url).toBe(`smtp://sapa:rahasia@127.0.0.1:${sink.port}`);
    const mail = { from: 'a@toko.example', to: 'b@pelanggan.example', subject: 'x', text: 'y' };
    await expect(transportFor(sink, { user: 'sapa', pass: 'salah' }).sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
    await expect(transportFor(sink).sendMail(mail)).rejects.toMatchObject({ responseCode: 530 });
    await transportFor(sink, { user: 'sapa', pass: 'rahasia' }).sendMail(mail);
    const [got] = await sink.waitFor(1);
    expect(got!.user).toBe('sapa');
    expect(sink.messages()).toHaveLength(1);
  });

  it('answers 550 for a rejected recipient and still delivers to the others', async () => {
    sink = await startSmtpSink();
    sink.rejectRecipient('Hilang@Pelanggan.example');
    const t = transportFor(sink);
    await expect(t.sendMail({ from: 'a@toko.example', to: 'hilang@pelanggan.example', subject: 's', text: 't' }))
      .rejects.toMatchObject({ responseCode: 550, code: 'EENVELOPE' });
    const info = await t.sendMail({ from: 'a@toko.example', to: ['hilang@pelanggan.example', 'ada@pelanggan.example'], subject: 's', text: 't' });
    expect(info.rejected).toEqual(['hilang@pelanggan.example']);
    expect(info.accepted).toEqual(['ada@pelanggan.example']);
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelope.rcptTo).toEqual(['ada@pelanggan.example']);
  });

  it('answers 421 while refusing transiently, then accepts again', async () => {
    sink = await startSmtpSink();
    sink.refuseTransiently(true);
    const mail = { from: 'a@toko.example', to: 'b@pelanggan.example', subject: 's', text: 't' };
    await expect(transportFor(sink).sendMail(mail)).rejects.toMatchObject({ responseCode: 421 });
    sink.refuseTransiently(false);
    await transportFor(sink).sendMail(mail);
    await sink.waitFor(1);
    sink.reset();
    expect(sink.messages()).toEqual([]);
  });

  it('gives up waiting at the deadline', async () => {
    sink = await startSmtpSink();
    const started = Date.now();
    await expect(sink.waitFor(1, 100)).rejects.toThrow(/expected 1 message\(s\) within 100 ms, got 0/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
