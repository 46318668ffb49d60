/**
 * Property: the public routes the new channels added (issue 9) never answer 5xx and never change a
 * consent. They take no session: one-click unsubscribe (/u), email tracking (/t/o, /t/c), the
 * bounce webhook, the SMS webhook (correctly signed, so the body is parsed), web push subscribe
 * and config, and the in-app inbox. Each gets generated requests: real tokens mutated, tokens of
 * another workspace, and hostile leaves anywhere (NUL, lone surrogates, huge numbers, long text).
 * The hand-picked cases live beside each channel's own test; this sweeps what they did not think of.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../src/adapters/channels/sms-webhook.js';
import { signContactToken } from '../../../src/app/contact-token.js';
import type { LinkTokens } from '../../../src/app/link-tokens.port.js';
import { startFakeSms, type FakeSms } from '../../support/fake-sms.js';
import { freePort } from '../../support/sapa-process.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

let t: TestApp;
let sms: FakeSms;
let links: LinkTokens;
let workspaceId: string;
let otherWorkspaceId: string;
let contactId: string;
let otherContactId: string;
let contactToken: string;
let otherWorkspaceToken: string;
const RUNS = 60;

beforeAll(async () => {
  sms = await startFakeSms();
  const port = await freePort();
  t = await startTestApp({ env: {
    PORT: String(port), SAPA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMS_API_BASE: sms.baseUrl, SMS_ACCOUNT_SID: sms.accountSid, SMS_AUTH_TOKEN: sms.authToken, SMS_FROM: '+6281100000000',
    SAPA_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    ...(storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {}),
  } });
  links = t.rt.channels.accounts.links!;
  workspaceId = (await (await t.api('/api/v1/auth/session')).json()).workspace.id;
  const c = await (await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Rina', email: 'rina@toko.test', phone: '081233300001' } })).json();
  contactId = c.id;
  contactToken = (await (await t.api(`/api/v1/contacts/${contactId}/token`, { method: 'POST', json: { ttlSeconds: 3600 } })).json()).token;
  const { store } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  otherWorkspaceId = ws.id;
  const created = await store.contacts.create(ws.id, { name: 'Lain', email: 'lain@toko.test' }, new Date());
  if ('conflict' in created) throw new Error('contact not created');
  otherContactId = created.id;
  otherWorkspaceToken = signContactToken(t.rt.contactTokenKey!, { workspaceId: ws.id, contactId: otherContactId, expiresAt: new Date(Date.now() + 3_600_000) });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sms?.close();
});

// ---- hostile values ----
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'Kopi \uD83D', '', ' ', '%00', '%ED%A0%80', '1e400', '-1', '0'.repeat(400), 'x'.repeat(5000),
    '../../etc/passwd', 'List-Unsubscribe=One-Click\u0000', 'List-Unsubscribe=One-Click&x=1', '<script>alert(1)</script>', 'null', 'constructor', '__proto__'),
  fc.string({ unit: anyCodeUnit, maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
);
const hostileNumber = fc.oneof(fc.constantFrom(1e308, -1e308, 2 ** 53, -1, 0.5, 1e-300), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]), fc.jsonValue({ maxDepth: 2 }));

/** A real token with one character changed, cut, or with something hostile added. */
const mutated = (real: () => string) => fc.oneof(
  fc.constant(null).map(() => real()),
  fc.tuple(fc.nat(), anyCodeUnit).map(([i, ch]) => { const r = real(); const at = i % r.length; return r.slice(0, at) + ch + r.slice(at + 1); }),
  fc.nat().map((i) => { const r = real(); return r.slice(0, i % r.length); }),
  hostileString.map((h) => real() + h),
  hostileString,
);
/** A path segment as a client would send it (encoded: an unencodable lone surrogate becomes its raw bytes). */
const seg = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.split('').map((ch) => { try { return encodeURIComponent(ch); } catch { return '%ED%A0%80'; } }).join('');
  }
};

async function expectNo5xx(res: Response, what: string): Promise<void> {
  const body = await res.text();
  if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${body.slice(0, 300)}`);
}
const consentOf = async () => (await (await t.api(`/api/v1/contacts/${contactId}`)).json()).consent as Record<string, { status: string } | undefined>;

describe('hostile requests to the public channel routes', () => {
  it('one-click unsubscribe: never 5xx; only the exact RFC 8058 body with an intact token unsubscribes', async () => {
    const real = () => links.unsubscribe({ workspaceId, contactId, channel: 'email' });
    const body = fc.oneof(hostileString, fc.constantFrom('List-Unsubscribe=one-click', 'list-unsubscribe=One-Click', 'List-Unsubscribe=One-Click=1', 'List-Unsubscribe=Yes', 'List-Unsubscribe'));
    const types = fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json', 'multipart/form-data; boundary=x', '\u0000');
    await fc.assert(fc.asyncProperty(mutated(real), fc.constantFrom('GET', 'POST'), body, types, async (token, method, text, type) => {
      const headers: Record<string, string> = {};
      try { new Headers({ 'content-type': type }); headers['content-type'] = type; } catch { /* not sendable as a header */ }
      const res = await fetch(`${t.url}/u/${seg(token)}`, { method, ...(method === 'POST' ? { body: text, headers } : {}), redirect: 'manual' });
      await expectNo5xx(res, `${method} /u/${token.slice(0, 30)}`);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.status === 301 || res.status === 302 || res.status === 303).toBe(false);
    }), { numRuns: RUNS });
    expect((await consentOf()).email?.status).not.toBe('opted_out');
  });

  it('tracking pixel and links: never 5xx, a GIF for any open token, only our own URLs for clicks', async () => {
    const realOpen = () => links.open('00000000-0000-4000-8000-000000000000');
    const realClick = () => links.click('00000000-0000-4000-8000-000000000000', 'https://toko.id/promo');
    await fc.assert(fc.asyncProperty(mutated(realOpen), mutated(realClick), async (open, click) => {
      const o = await fetch(`${t.url}/t/o/${seg(open)}.gif`);
      await expectNo5xx(o, `/t/o/${open.slice(0, 30)}`);
      const c = await fetch(`${t.url}/t/c/${seg(click)}`, { redirect: 'manual' });
      await expectNo5xx(c, `/t/c/${click.slice(0, 30)}`);
      if (c.status === 302) expect(c.headers.get('location')).toBe('https://toko.id/promo');
    }), { numRuns: RUNS });
  });

  it('a tracked link redirects for a long ordinary URL, and for one with a line break or a control character without 5xx (no header injection)', async () => {
    // A contact value inside an href is HTML-escaped, not stripped of line breaks: the signed URL can hold them.
    for (const url of ['https://tokobudi.co.id/produk/kopi-arabika-gayo-250g?utm_source=email&utm_campaign=akhir-tahun', 'https://toko.id/?nama=Budi\r\nSet-Cookie: a=1', 'https://toko.id/\u0000x', 'https://toko.id/\tpromo', 'https://toko.id/ä?q=é']) {
      const res = await fetch(`${t.url}/t/c/${links.click('00000000-0000-4000-8000-000000000000', url)}`, { redirect: 'manual' });
      await expectNo5xx(res, JSON.stringify(url));
      expect(res.headers.get('set-cookie'), JSON.stringify(url)).toBeNull();
      expect(res.status, JSON.stringify(url)).toBe(302);
      expect(res.headers.get('location'), JSON.stringify(url)).toBe(new URL(url).href);
    }
  });

  it('bounce webhook: never 5xx, another workspace’s token marks nothing here', async () => {
    const real = () => links.bounceWebhook(workspaceId);
    const report = fc.record({ email: fc.oneof(fc.constant('rina@toko.test'), hostileValue), type: fc.oneof(fc.constantFrom('hard', 'soft'), hostileValue), messageId: hostileValue, reason: hostileValue }, { requiredKeys: [] });
    const raw = fc.oneof(report.map((r) => { try { return JSON.stringify(r); } catch { return '{}'; } }), hostileString);
    await fc.assert(fc.asyncProperty(mutated(real), raw, fc.boolean(), async (token, body, bearer) => {
      const res = bearer
        ? await fetch(`${t.url}/webhooks/email/bounce`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(/^[\x20-\x7e]*$/.test(token) ? { authorization: `Bearer ${token}` } : {}) } })
        : await fetch(`${t.url}/webhooks/email/bounce/${seg(token)}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await expectNo5xx(res, `bounce ${token.slice(0, 30)}`);
    }), { numRuns: RUNS });
    // The generated requests may include this workspace's own token unchanged with a valid hard
    // bounce for the address, which rightly marks it: start the foreign check from an unmarked contact.
    await t.rt.db.executeSql('update contacts set email_bounced_at = null, email_bounce_reason = null where id = $1', [contactId]);
    // The other workspace's own token, with this workspace's address: its contacts only.
    const foreign = await fetch(`${t.url}/webhooks/email/bounce/${links.bounceWebhook(otherWorkspaceId)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'rina@toko.test', type: 'hard' }) });
    expect(await foreign.json()).toMatchObject({ addressesMarked: 0, messageFailed: false });
    expect((await (await t.api(`/api/v1/contacts/${contactId}`)).json()).emailBounced).toBeNull();
  });

  it('SMS webhook, correctly signed: never 5xx whatever the fields hold', async () => {
    const fields = fc.dictionary(
      fc.oneof(fc.constantFrom('MessageSid', 'SmsSid', 'MessageStatus', 'From', 'To', 'Body', 'ErrorCode', 'AccountSid', 'NumMedia'), hostileString),
      fc.oneof(fc.constantFrom('delivered', 'undelivered', 'failed', 'sent', 'STOP', 'MULAI', '+6281233300001', `SM${'1'.repeat(32)}`, sms.accountSid), hostileString),
      { maxKeys: 6 },
    );
    await fc.assert(fc.asyncProperty(fields, fc.oneof(fc.constant(''), hostileString.map((h) => `?m=${seg(h)}`)), async (params, query) => {
      const url = `${t.url}/webhooks/sms/${workspaceId}${query}`;
      const res = await fetch(url, {
        method: 'POST', body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, Object.fromEntries(new URLSearchParams(new URLSearchParams(params).toString())), sms.authToken) },
      });
      await expectNo5xx(res, `sms webhook ${JSON.stringify(params).slice(0, 100)}`);
    }), { numRuns: RUNS });
    // Another workspace's id (no SMS account there) and ids that are not ids.
    for (const id of [otherWorkspaceId, '%00', '9'.repeat(5000), '%ED%A0%80']) {
      await expectNo5xx(await fetch(`${t.url}/webhooks/sms/${id}`, { method: 'POST', body: 'MessageStatus=delivered' }), `sms webhook ${id.slice(0, 20)}`);
    }
  });

  it('push subscribe and config, in-app inbox and stream: never 5xx for mutated or foreign tokens and hostile fields', async () => {
    const subscription = fc.record({
      endpoint: fc.oneof(fc.constant('https://127.0.0.1/push/abc'), hostileValue),
      expirationTime: fc.oneof(fc.constant(null), hostileValue),
      keys: fc.oneof(fc.record({ p256dh: hostileValue, auth: hostileValue }), hostileValue),
    }, { requiredKeys: [] });
    const token = fc.oneof(mutated(() => contactToken), fc.constant(otherWorkspaceToken));
    await fc.assert(fc.asyncProperty(token, fc.oneof(subscription, hostileValue), hostileString, async (tok, sub, other) => {
      let body: string;
      try { body = JSON.stringify({ token: tok, subscription: sub }); } catch { body = '{}'; }
      await expectNo5xx(await fetch(`${t.url}/push/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), 'push subscribe');
      await expectNo5xx(await fetch(`${t.url}/push/${seg(other)}/config`), 'push config');
      const q = `token=${seg(tok)}`;
      await expectNo5xx(await fetch(`${t.url}/inapp/messages?${q}&limit=${seg(other)}`), 'inapp messages');
      await expectNo5xx(await fetch(`${t.url}/inapp/messages/${seg(other)}/read?${q}`, { method: 'POST' }), 'inapp read');
      // A stream that opens (a valid token) is closed at once: only its status is the point.
      const ctl = new AbortController();
      const s = await fetch(`${t.url}/inapp/stream?${q}&lastEventId=${seg(other)}`, { signal: ctl.signal, headers: /^[\x20-\x7e]*$/.test(other) ? { 'last-event-id': other } : {} });
      expect(s.status, 'inapp stream').toBeLessThan(500);
      ctl.abort();
      await s.body?.cancel().catch(() => undefined);
    }), { numRuns: RUNS });
    // A token for another workspace's contact reads nothing of this one's, and vice versa.
    expect((await fetch(`${t.url}/inapp/messages?token=${seg(otherWorkspaceToken)}`)).status).toBe(200);
    expect((await (await fetch(`${t.url}/inapp/messages?token=${seg(otherWorkspaceToken)}`)).json()).items).toEqual([]);
  }, 120_000);
});
