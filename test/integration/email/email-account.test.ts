/**
 * Pengaturan → Email over HTTP: a workspace's own SMTP account (password sealed, answered masked,
 * kept when the URL is left empty) sends that workspace's email — with AUTH, from its own address —
 * while another workspace keeps the sandbox; the test send goes through the saved account; bad input
 * is a 4xx problem, never 5xx. No SMTP_URL on this server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let sink: SmtpSink;
const PASS = 'sandi-rahasia-smtp-987';

beforeAll(async () => {
  sink = await startSmtpSink({ auth: { user: 'toko@relay.test', pass: PASS } });
  t = await startTestApp({ env: { SAPA_PUBLIC_URL: 'https://sapa.toko.test', SAPA_SECRET_KEY: 'kunci-rahasia-untuk-tes-email-456' } });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const put = (body: unknown) => t.api('/api/v1/channels/email', { method: 'PUT', json: body });

describe('a workspace email account', () => {
  it('is the sandbox until saved, then masked on read, kept when the URL is left empty, and sends with AUTH from its address', async () => {
    expect(await json(await t.api('/api/v1/channels/email'), 200)).toMatchObject({ configured: false, source: 'sandbox', smtpUrl: null, unsubscribeReady: true });
    expect((await put({ fromAddress: 'halo@toko.test' })).status).toBe(422);

    const saved = await json(await put({ smtpUrl: sink.url, fromName: 'Toko Sapa', fromAddress: 'halo@toko.test', ratePerSecond: 20 }), 200);
    expect(saved).toMatchObject({ configured: true, source: 'workspace', fromName: 'Toko Sapa', fromAddress: 'halo@toko.test', ratePerSecond: 20 });
    expect(saved.smtpUrl).toBe(`smtp://toko%40relay.test:••••@127.0.0.1:${sink.port}`.replace('%40', '@'));
    expect(JSON.stringify(saved)).not.toContain(PASS);
    expect(saved.bounceWebhookUrl).toMatch(/^https:\/\/sapa\.toko\.test\/webhooks\/email\/bounce\/\S+$/);

    const renamed = await json(await put({ smtpUrl: '', fromName: 'Toko Baru', fromAddress: 'halo@toko.test' }), 200);
    expect(renamed).toMatchObject({ fromName: 'Toko Baru', ratePerSecond: 20, smtpUrl: saved.smtpUrl });

    const test = await json(await t.api('/api/v1/channels/email/test', { method: 'POST', json: { to: 'pemilik@toko.test' } }), 200);
    expect(test).toEqual({ ok: true, transport: 'smtp', detail: null });
    const [mail] = await sink.waitFor(1);
    expect(mail!.user).toBe('toko@relay.test');
    expect(mail!.envelope).toEqual({ mailFrom: 'halo@toko.test', rcptTo: ['pemilik@toko.test'] });
    expect(mail!.parsed.from).toBe('"Toko Baru" <halo@toko.test>');

    const c = await json(await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Budi', email: 'budi@pelanggan.test' } }), 201);
    const sent = await json(await t.api(`/api/v1/contacts/${c.id}/messages`, { method: 'POST', json: { channel: 'email', text: 'Paket sudah dikirim' } }), 202);
    const settled = await eventually(async () => {
      const m = await json(await t.api(`/api/v1/messages/${sent.message.id}`), 200);
      return m.status === 'queued' || m.status === 'sending' ? undefined : m;
    }, 15_000, 'quick message settled');
    expect(settled).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/@toko\.test>$/) });
    const quick = await eventually(async () => sink.messages().find((m) => m.envelope.rcptTo.includes('budi@pelanggan.test')), 5_000, 'quick message mail');
    expect(quick.parsed.text?.trim()).toBe('Paket sudah dikirim');
  });

  it('refuses hostile input with a 4xx problem: header injection in the name, a URL that is not SMTP, NUL, lone surrogates, huge rates', async () => {
    const bodies: unknown[] = [
      { smtpUrl: sink.url, fromName: 'X\r\nBcc: a@b.test', fromAddress: 'halo@toko.test' },
      { smtpUrl: 'https://mail.toko.test', fromAddress: 'halo@toko.test' },
      { smtpUrl: 'smtp://mail.toko.test/path', fromAddress: 'halo@toko.test' },
      { smtpUrl: 'smtp://mail\u0000.toko.test', fromAddress: 'halo@toko.test' },
      { smtpUrl: sink.url, fromName: '\ud800', fromAddress: 'halo@toko.test' },
      { smtpUrl: sink.url, fromAddress: 'halo@toko.test', ratePerSecond: 1e308 },
      { smtpUrl: sink.url, fromAddress: 'not-an-address' },
      { smtpUrl: sink.url, fromAddress: 'halo@toko.test', extra: true },
    ];
    for (const body of bodies) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    for (const to of ['', 'x', 'a\u0000@b.test', 'a@\ud800.test']) {
      const res = await t.api('/api/v1/channels/email/test', { method: 'POST', json: { to } });
      expect(res.status, to).toBe(400);
    }
    // Unchanged by the refusals.
    expect(await json(await t.api('/api/v1/channels/email'), 200)).toMatchObject({ fromName: 'Toko Baru', fromAddress: 'halo@toko.test' });
  });

  it("keeps workspaces apart: another workspace stays in the sandbox, cannot take this From address, and its bounce token fails nothing of this one's", async () => {
    const { store, passwords } = t.rt.deps;
    const ws = await store.workspaces.create({ name: 'Toko Lain' });
    await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
    const other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);

    const theirs = await json(await other('/api/v1/channels/email'), 200);
    expect(theirs).toMatchObject({ configured: false, source: 'sandbox', smtpUrl: null });
    const taken = await other('/api/v1/channels/email', { method: 'PUT', json: { smtpUrl: 'smtp://mail.lain.test', fromAddress: 'HALO@toko.test' } });
    expect(taken.status).toBe(409);
    expect((await taken.json()).code).toBe('channels.sender_in_use');

    // A message of this workspace, and the other workspace's bounce token naming it.
    const c = await json(await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Rina', email: 'rina@pelanggan.test' } }), 201);
    const sent = await json(await t.api(`/api/v1/contacts/${c.id}/messages`, { method: 'POST', json: { channel: 'email', text: 'Halo Rina' } }), 202);
    const mine = await eventually(async () => {
      const m = await json(await t.api(`/api/v1/messages/${sent.message.id}`), 200);
      return m.status === 'sent' ? m : undefined;
    }, 15_000, 'sent');
    const theirPath = (theirs.bounceWebhookUrl as string).slice('https://sapa.toko.test'.length);
    const res = await json(await fetch(t.url + theirPath, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rina@pelanggan.test', type: 'hard', messageId: mine.providerMessageId }),
    }), 200);
    expect(res).toEqual({ addressesMarked: 0, messageFailed: false });
    expect((await json(await t.api(`/api/v1/messages/${mine.id}`), 200)).status).toBe('sent');
  });
});
