/**
 * Email over a real SMTP conversation: Sapa (SMTP_URL, EMAIL_FROM) sends to the in-process
 * smtp-server sink, and the test reads what arrived, parsed by mailparser, headers as on the wire.
 * Covers an automation and a broadcast, RFC 8058 one-click unsubscribe (POST acts, GET does not),
 * 550 → failed + address bounced, 421 → retried then sent, the bounce webhook and a DSN by SMTP.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../support/smtp-sink.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

const PUBLIC = 'https://sapa.toko.test';
let t: TestApp;
let sink: SmtpSink;
let seq = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ env: {
    SMTP_URL: sink.url, EMAIL_FROM: 'Toko Sapa <halo@toko.test>', SAPA_PUBLIC_URL: PUBLIC, SMTP_INBOUND_PORT: '0',
    SAPA_SECRET_KEY: 'kunci-rahasia-untuk-tes-email-123',
  } });
  await marketingAtAnyHour(t);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});
beforeEach(() => sink.reset());

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
}, 20_000, `message ${id} settled`);
const mailTo = (address: string) => eventually(async () => sink.messages().find((m) => m.envelope.rcptTo.includes(address)), 10_000, `mail to ${address}`);

let lastAutomation: string | null = null;
/** The one email automation on order.created from now on (the previous one is switched off, so an order makes one email). */
async function automation(code: string, fields: Record<string, unknown>) {
  if (lastAutomation) await json(await t.api(`/api/v1/automations/${lastAutomation}`, { method: 'PATCH', json: { enabled: false } }), 200);
  const tpl = await json(await post('/api/v1/templates', { code, ...fields }), 201);
  lastAutomation = (await json(await post('/api/v1/automations', { name: code, trigger: 'order.created', templateId: tpl.id, channel: 'email' }), 201)).id;
}
async function order(contact: Record<string, unknown>) {
  const n = ++seq;
  const res = await json(await post('/api/v1/events', {
    id: `email-evt-${n}`, type: 'order.created', occurredAt: new Date().toISOString(),
    contact: { externalId: `EM-${n}`, name: 'Budi <Jr> & "Co"', ...contact },
    order: { number: `SO-EM-${n}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
  }), 202);
  const emails = res.messages.filter((m: { channel: string }) => m.channel === 'email') as { id: string }[];
  expect(emails).toHaveLength(1);
  return emails[0]!;
}
async function broadcast(templateId: string, contactIds: string[]) {
  const b = await json(await post('/api/v1/broadcasts', { name: `b${++seq}`, templateId, channel: 'email', contactIds }), 201);
  await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
  await eventually(async () => ((await json(await t.api(`/api/v1/broadcasts/${b.id}`), 200)).status === 'done' ? true : undefined), 20_000, 'broadcast done');
  return (await json(await t.api(`/api/v1/messages?broadcastId=${b.id}`), 200)).items as { id: string; recipient: string; status: string; failureReason: string | null }[];
}
const unsubscribeLink = (mail: SinkMessage) => /^<(https:\/\/sapa\.toko\.test\/u\/[A-Za-z0-9_.-]+)>$/.exec(mail.header('list-unsubscribe') ?? '')?.[1];

describe('an automation on email', () => {
  beforeAll(() => automation('Email Pesanan', {
    message: 'Halo {contactname}, pesanan {documentnumber} kami terima.', subject: 'Pesanan {documentnumber} untuk {contactname}', html: '<p>Halo <b>{contactname}</b></p>',
  }));

  it('arrives with From, To, Subject, a Message-ID from our message id, text and escaped HTML, and no unsubscribe headers (utility)', async () => {
    const m = await order({ email: 'budi@pelanggan.test' });
    const sent = await settled(m.id);
    expect(sent).toMatchObject({ status: 'sent', recipient: 'budi@pelanggan.test' });
    const mail = await mailTo('budi@pelanggan.test');
    expect(mail.envelope.mailFrom).toBe('halo@toko.test');
    expect(mail.parsed.from).toBe('"Toko Sapa" <halo@toko.test>');
    expect(mail.header('from')).toBe('Toko Sapa <halo@toko.test>');
    expect(mail.header('to')).toBe('budi@pelanggan.test');
    expect(mail.parsed.subject).toBe(`Pesanan SO-EM-${seq} untuk Budi <Jr> & "Co"`);
    expect(mail.parsed.text?.trim()).toBe(`Halo Budi <Jr> & "Co", pesanan SO-EM-${seq} kami terima.`);
    expect(mail.parsed.html).toBe('<p>Halo <b>Budi &lt;Jr&gt; &amp; &quot;Co&quot;</b></p>');
    expect(mail.header('message-id')).toMatch(new RegExp(`^<${m.id}\\.[0-9a-f]{16}@toko\\.test>$`));
    expect(sent.providerMessageId).toBe(mail.header('message-id'));
    expect(mail.header('list-unsubscribe')).toBeUndefined();
    expect(mail.header('list-unsubscribe-post')).toBeUndefined();
  });

  it('has no HTML part when the template has none', async () => {
    await automation('Email Teks', { message: 'Teks saja {documentnumber}', subject: 'Teks' });
    const m = await order({ email: 'teks@pelanggan.test' });
    await settled(m.id);
    const mail = await mailTo('teks@pelanggan.test');
    expect(mail.parsed.html).toBe(false);
    expect(mail.raw).not.toMatch(/text\/html/i);
  });

  it('550 from the server fails the message for good and marks the address: the next email to it is skipped', async () => {
    sink.rejectRecipient('hilang@pelanggan.test');
    const first = await settled((await order({ email: 'hilang@pelanggan.test' })).id);
    expect(first).toMatchObject({ status: 'failed', failureReason: 'smtp:550', attempts: 1 });
    expect(first.failureDetail).toMatch(/5\.1\.1/);
    const next = await settled((await order({ email: 'Hilang@Pelanggan.test' })).id);
    expect(next).toMatchObject({ status: 'skipped', failureReason: 'email_bounced' });
    expect(sink.messages()).toHaveLength(0);
  });

  it('421 is transient: retried with backoff, then sent once the server takes mail again', async () => {
    sink.refuseTransiently(true);
    const m = await order({ email: 'sabar@pelanggan.test' });
    const retrying = await eventually(async () => {
      const got = await message(m.id);
      return got.status === 'queued' && got.failureReason === 'smtp:421' ? got : undefined;
    }, 10_000, 'retry queued');
    expect(retrying.attempts).toBe(1);
    sink.refuseTransiently(false);
    const sent = await settled(m.id);
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(sink.messages().filter((x) => x.envelope.rcptTo.includes('sabar@pelanggan.test'))).toHaveLength(1);
  });
});

describe('a marketing broadcast and one-click unsubscribe (RFC 8058)', () => {
  let templateId: string;
  let rina: { id: string };
  let sari: { id: string };
  let rinaLink: string | undefined;
  beforeAll(async () => {
    templateId = (await json(await post('/api/v1/templates', {
      code: 'Promo Email', category: 'marketing', message: 'Diskon untuk {contactname}', subject: 'Promo {contactname}', html: '<html><body><p>Diskon {contactname}</p></body></html>',
    }), 201)).id;
    rina = await json(await post('/api/v1/contacts', { name: 'Rina', email: 'rina@pelanggan.test' }), 201);
    sari = await json(await post('/api/v1/contacts', { name: 'Sari', email: 'sari@pelanggan.test' }), 201);
  });

  it('carries List-Unsubscribe with an HTTPS link, List-Unsubscribe-Post, and a visible link in text and HTML', async () => {
    const items = await broadcast(templateId, [rina.id, sari.id]);
    expect(items.map((i) => i.status).sort()).toEqual(['sent', 'sent']);
    const mail = await mailTo('rina@pelanggan.test');
    expect(mail.parsed.subject).toBe('Promo Rina');
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = unsubscribeLink(mail);
    expect(link).toBeDefined();
    rinaLink = link;
    expect(mail.parsed.text).toContain(`Berhenti berlangganan / Unsubscribe: ${link!}`);
    expect(mail.parsed.html).toContain(`<a href="${link!}">Berhenti berlangganan</a>`);
    expect(mail.parsed.html).toMatch(/<\/p><\/body><\/html>$/);
    expect(unsubscribeLink(await mailTo('sari@pelanggan.test'))).not.toBe(link);
  });

  it('GET shows a confirmation page and unsubscribes nobody; POST with the one-click body does, without cookie or redirect', async () => {
    // The link of the mail the previous test received (one broadcast, frequency cap permitting).
    const link = rinaLink!;
    const path = link.slice(PUBLIC.length);
    const page = await fetch(t.url + path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('Berhenti berlangganan');
    expect(html).toContain(`<form method="post" action="${path}">`);
    expect((await json(await t.api(`/api/v1/contacts/${rina.id}`), 200)).consent.email?.status).not.toBe('opted_out');

    const wrong = await fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=Yes' });
    expect(wrong.status).toBe(400);
    const empty = await fetch(t.url + path, { method: 'POST' });
    expect(empty.status).toBe(400);
    expect((await json(await t.api(`/api/v1/contacts/${rina.id}`), 200)).consent.email?.status).not.toBe('opted_out');

    const done = await fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toBeNull();
    expect(done.headers.get('location')).toBeNull();
    const contact = await json(await t.api(`/api/v1/contacts/${rina.id}`), 200);
    expect(contact.consent.email).toMatchObject({ status: 'opted_out', source: 'unsubscribe_link' });
    // Twice is fine (a mail provider may retry): still 200.
    expect((await fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);

    sink.reset();
    const next = await broadcast(templateId, [rina.id, sari.id]);
    expect(next.find((i) => i.recipient === 'rina@pelanggan.test')).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    expect(next.find((i) => i.recipient === 'sari@pelanggan.test')).toMatchObject({ status: 'sent' });
    await mailTo('sari@pelanggan.test');
    expect(sink.messages().some((x) => x.envelope.rcptTo.includes('rina@pelanggan.test'))).toBe(false);
  });

  it('a forged, altered or hostile token gets a 404 page, never 5xx, and changes nothing', async () => {
    const hostile = ['x', 'AAAA.BBBB', `${'A'.repeat(44)}.${'A'.repeat(22)}`, '%00', '%ED%A0%80', 'a'.repeat(5000), '..%2F..%2Fapi'];
    for (const token of hostile) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${t.url}/u/${token}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } : {}) });
        expect(res.status, `${method} ${token.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${token.slice(0, 20)}`).toBeLessThan(500);
      }
    }
  });
});

describe('tracking (optional per broadcast)', () => {
  it('with trackEmail on: an open pixel marks the message read, a tracked link redirects only to its own URL and records the click', async () => {
    const tpl = await json(await post('/api/v1/templates', {
      code: 'Email Lacak', message: 'Lihat katalog {contactname}', subject: 'Katalog',
      html: '<p>Hai {contactname}, <a href="https://toko.test/katalog?a=1&amp;b=2">katalog</a></p>',
    }), 201);
    const dewi = await json(await post('/api/v1/contacts', { name: 'Dewi', email: 'dewi@pelanggan.test' }), 201);
    const b = await json(await post('/api/v1/broadcasts', { name: 'lacak', templateId: tpl.id, channel: 'email', contactIds: [dewi.id], trackEmail: true }), 201);
    expect(b.trackEmail).toBe(true);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const mail = await mailTo('dewi@pelanggan.test');
    const html = mail.parsed.html as string;
    const click = /href="https:\/\/sapa\.toko\.test(\/t\/c\/[A-Za-z0-9_.-]+)"/.exec(html)?.[1];
    const pixel = /src="https:\/\/sapa\.toko\.test(\/t\/o\/[A-Za-z0-9_.-]+\.gif)"/.exec(html)?.[1];
    expect(click).toBeDefined();
    expect(pixel).toBeDefined();
    expect(html).not.toContain('href="https://toko.test/katalog');
    const [m] = (await json(await t.api(`/api/v1/messages?broadcastId=${b.id}`), 200)).items as { id: string }[];
    await eventually(async () => ((await message(m!.id)).status === 'sent' ? true : undefined), 10_000, 'sent');

    const gif = await fetch(t.url + pixel!);
    expect(gif.status).toBe(200);
    expect(gif.headers.get('content-type')).toBe('image/gif');
    expect(await message(m!.id)).toMatchObject({ status: 'read' });

    const go = await fetch(t.url + click!, { redirect: 'manual' });
    expect(go.status).toBe(302);
    expect(go.headers.get('location')).toBe('https://toko.test/katalog?a=1&b=2');
    expect((await message(m!.id)).clickedAt).toEqual(expect.any(String));

    // Tampered tokens: a 404 page (no redirect anywhere), the pixel still an image; never 5xx.
    const [payload, mac] = click!.slice('/t/c/'.length).split('.');
    const evil = Buffer.concat([Buffer.from(payload!, 'base64url').subarray(0, 16), Buffer.from('https://evil.test/')]).toString('base64url');
    for (const path of [`/t/c/${evil}.${mac}`, '/t/c/x', '/t/c/%00']) {
      const res = await fetch(t.url + path, { redirect: 'manual' });
      expect(res.status, path.slice(0, 30)).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
    for (const path of ['/t/o/x.gif', '/t/o/%00.gif']) expect((await fetch(t.url + path)).status).toBe(200);
    // Beyond the server's parameter length: refused before any handler (414), still no redirect.
    // Not valid percent-encoded UTF-8 (a lone surrogate): Fastify's 400 problem, likewise.
    for (const path of [`/t/c/${'A'.repeat(5000)}`, `/t/o/${'A'.repeat(5000)}.gif`, '/t/c/%ED%A0%80']) {
      const res = await fetch(t.url + path, { redirect: 'manual' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('location')).toBeNull();
    }
    expect(await message(m!.id)).toMatchObject({ status: 'read' });
  });

  it('without trackEmail: no pixel and links untouched', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: 'Email Polos', message: 'Halo', subject: 'Polos', html: '<p><a href="https://toko.test/x">x</a></p>' }), 201);
    const eko = await json(await post('/api/v1/contacts', { name: 'Eko', email: 'eko@pelanggan.test' }), 201);
    await broadcast(tpl.id, [eko.id]);
    const mail = await mailTo('eko@pelanggan.test');
    expect(mail.parsed.html).toBe('<p><a href="https://toko.test/x">x</a></p>');
  });
});

describe('bounces', () => {
  it('the bounce webhook (token from GET /api/v1/channels/email) marks a hard bounce and fails the message; a wrong token is 401', async () => {
    await automation('Email Bounce', { message: 'Halo {documentnumber}', subject: 'Halo' });
    const sent = await settled((await order({ email: 'pantul@pelanggan.test' })).id);
    expect(sent.status).toBe('sent');
    const account = await json(await t.api('/api/v1/channels/email'), 200);
    expect(account).toMatchObject({ configured: true, source: 'environment', fromAddress: 'halo@toko.test', fromName: 'Toko Sapa', unsubscribeReady: true });
    const path = (account.bounceWebhookUrl as string).slice(PUBLIC.length);
    expect(path).toMatch(/^\/webhooks\/email\/bounce\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    const bad = await fetch(`${t.url}/webhooks/email/bounce/${'A'.repeat(22)}.${'A'.repeat(22)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pantul@pelanggan.test', type: 'hard' }) });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    for (const body of ['{"email":"a\\u0000@x.test","type":"hard"}', '{"email":"a@x.test","type":"hard","reason":"\\ud800"}', '{"email":"a@x.test","type":"hard","messageId":1e400}', 'not json', '{"email":"a@x.test","type":"kaput"}']) {
      const res = await fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
    }

    const soft = await json(await fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pantul@pelanggan.test', type: 'soft' }) }), 200);
    expect(soft).toEqual({ addressesMarked: 0, messageFailed: false });
    const hard = await json(await fetch(t.url + path, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'pantul@pelanggan.test', type: 'hard', messageId: sent.providerMessageId, reason: '5.1.1 user unknown' }),
    }), 200);
    expect(hard).toEqual({ addressesMarked: 1, messageFailed: true });
    expect(await message(sent.id)).toMatchObject({ status: 'failed', failureReason: 'email_bounced', failureDetail: '5.1.1 user unknown' });
    const next = await settled((await order({ email: 'pantul@pelanggan.test' })).id);
    expect(next).toMatchObject({ status: 'skipped', failureReason: 'email_bounced' });
  });

  it('a DSN received by SMTP (multipart/report) names the original by its Message-ID and marks the address', async () => {
    await automation('Email DSN', { message: 'Halo {documentnumber}', subject: 'Halo DSN' });
    const sent = await settled((await order({ email: 'dsn@pelanggan.test' })).id);
    expect(sent.status).toBe('sent');
    expect(t.inboundSmtpPort).toBeGreaterThan(0);
    const raw = dsn('dsn@pelanggan.test', sent.providerMessageId as string);
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: t.inboundSmtpPort!, secure: false, ignoreTLS: true });
    await mta.sendMail({ envelope: { from: '', to: 'bounces@toko.test' }, raw });
    mta.close();
    await eventually(async () => ((await message(sent.id)).status === 'failed' ? true : undefined), 10_000, 'message failed by DSN');
    expect(await message(sent.id)).toMatchObject({ failureReason: 'email_bounced', failureDetail: expect.stringContaining('5.1.1') });
    const next = await settled((await order({ email: 'dsn@pelanggan.test' })).id);
    expect(next).toMatchObject({ status: 'skipped', failureReason: 'email_bounced' });
  });

  it('a DSN quoting a Message-ID that is not ours (forged) marks nothing', async () => {
    const sent = await settled((await order({ email: 'aman@pelanggan.test' })).id);
    const forged = (sent.providerMessageId as string).replace(/\.[0-9a-f]{16}@/, '.0000000000000000@');
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: t.inboundSmtpPort!, secure: false, ignoreTLS: true });
    await mta.sendMail({ envelope: { from: '', to: 'bounces@toko.test' }, raw: dsn('aman@pelanggan.test', forged) });
    mta.close();
    const next = await settled((await order({ email: 'aman@pelanggan.test' })).id);
    expect(next.status).toBe('sent');
  });
});

/** A bounce as Postfix writes it (RFC 3464): human part, delivery-status, original headers. */
function dsn(recipient: string, messageId: string): string {
  const b = 'BOUNDARY-42';
  return [
    'From: MAILER-DAEMON@mx.pelanggan.test', 'To: bounces@toko.test', 'Subject: Undelivered Mail Returned to Sender',
    `MIME-Version: 1.0`, `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`, '',
    `--${b}`, 'Content-Type: text/plain; charset=us-ascii', '', 'I\'m sorry to have to inform you that your message could not be delivered.', '',
    `--${b}`, 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.pelanggan.test', '',
    `Final-Recipient: rfc822; ${recipient}`, 'Action: failed', 'Status: 5.1.1', `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: User unknown`, '',
    `--${b}`, 'Content-Type: text/rfc822-headers', '',
    'From: "Toko Sapa" <halo@toko.test>', `To: ${recipient}`, `Message-ID: ${messageId}`, 'Subject: Halo DSN', '',
    `--${b}--`, '',
  ].join('\r\n');
}
