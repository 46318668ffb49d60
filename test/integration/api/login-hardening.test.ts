// Login and session hardening over HTTP: throttling with growing delays and a lock, CSRF refusals
// for cookie sessions (API keys unaffected), authentication before body validation. The login flood
// measures latency, so it runs alone: test/integration/timing/login-flood.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';
import { apiKeyClient, loginCookie } from '../../support/team.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const attempt = (app: TestApp, email: string, password: string) => app.client(null)('/api/v1/auth/login', { method: 'POST', json: { email, password } });

describe('login throttling (default settings)', () => {
  it('the 11th wrong password within a minute is refused with 429 and Retry-After, the delay growing', async () => {
    const email = 'kasir@toko.test';
    const created = await t.api('/api/v1/members', { method: 'POST', json: { email, name: 'Kasir', role: 'agent', password: 'kasir-rahasia-1' } });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await attempt(t, email, `salah-${i}`);
      statuses.push(res.status);
      if (res.status === 429) {
        waits.push(Number(res.headers.get('retry-after')));
        expect(await res.json()).toMatchObject({ status: 429, code: 'auth.throttled' });
      }
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[10]).toBe(429);
    expect(waits[0]).toBeGreaterThanOrEqual(1);
    // the right password is refused too while the account waits
    expect((await attempt(t, email, 'kasir-rahasia-1')).status).toBe(429);
    // other accounts are not held up
    await loginCookie(t, ADMIN.email, ADMIN.password);
  });

  it('the wait grows after each further failure', async () => {
    const email = 'tebak@toko.test';
    for (let i = 0; i < 4; i++) await attempt(t, email, 'salah');
    const first = await attempt(t, email, 'salah');
    expect(first.status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(first.headers.get('retry-after')) * 1000 + 50));
    expect((await attempt(t, email, 'salah')).status).toBe(401);
    const second = await attempt(t, email, 'salah');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(Number(first.headers.get('retry-after')));
  });
});

describe('guessing through a session', () => {
  it('a stolen session cannot guess the current password: wrong ones are throttled like logins', async () => {
    const email = 'curian@toko.test';
    await t.api('/api/v1/members', { method: 'POST', json: { email, name: 'Curian', role: 'agent', password: 'curian-rahasia-1' } });
    const stolen = t.client(await loginCookie(t, email, 'curian-rahasia-1'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await stolen('/api/v1/auth/password', { method: 'POST', json: { currentPassword: `tebak-${i}`, newPassword: 'punya-maling-1' } })).status);
    }
    // the address's earlier failures in this file may start the waits sooner; the account's own start by the 5th
    expect(statuses[0]).toBe(422);
    expect(statuses.slice(4)).toEqual([429, 429]);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
  });
});

describe('login lock (short lock, no delays)', () => {
  let fast: TestApp;
  beforeAll(async () => { fast = await startTestApp({ env: { SAPA_LOGIN_LOCK_SECONDS: '2', SAPA_LOGIN_DELAY_MS: '0' } }); });
  afterAll(async () => { await fast?.close(); });

  it('locks the account at the 10th wrong password; the right one works after the lock expires', async () => {
    for (let i = 0; i < 10; i++) expect((await attempt(fast, ADMIN.email, `salah-${i}`)).status).toBe(401);
    const locked = await attempt(fast, ADMIN.email, ADMIN.password);
    expect(locked.status).toBe(429);
    expect((await locked.json()).detail).toMatch(/locked/);
    const audit = (await (await fast.api('/api/v1/audit?action=auth.login_locked')).json()) as { items: { actor: string }[] };
    expect(audit.items).toEqual([expect.objectContaining({ actor: ADMIN.email })]);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await attempt(fast, ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('locks a client address guessing across many accounts', async () => {
    for (let i = 0; i < 30; i++) await attempt(fast, `orang${i}@toko.test`, 'salah');
    const res = await attempt(fast, 'lain@toko.test', 'salah');
    expect(res.status).toBe(429);
  });
});

describe('CSRF defence for cookie sessions', () => {
  const crossSite = { origin: 'https://jahat.example', 'sec-fetch-site': 'cross-site' };

  it('refuses a cross-site form POST, a text/plain POST and a cross-site JSON request with 403', async () => {
    const form = await t.api('/api/v1/contacts', { method: 'POST', body: 'name=Budi', headers: { ...crossSite, 'content-type': 'application/x-www-form-urlencoded' } });
    const plain = await t.api('/api/v1/auth/logout', { method: 'POST', body: '{}', headers: { ...crossSite, 'content-type': 'text/plain' } });
    const json = await t.api('/api/v1/contacts', { method: 'POST', body: JSON.stringify({ name: 'Budi' }), headers: { ...crossSite, 'content-type': 'application/json' } });
    // Origin alone (older browsers without Sec-Fetch-Site)
    const originOnly = await t.api('/api/v1/contacts', { method: 'POST', body: JSON.stringify({ name: 'Budi' }), headers: { origin: 'https://jahat.example', 'content-type': 'application/json' } });
    for (const res of [form, plain, json, originOnly]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).code).toBe('auth.cross_site');
    }
    // the cross-site logout did not end the session
    expect((await t.api('/api/v1/auth/session')).status).toBe(200);
  });

  it('lets same-origin writes and cross-site reads through', async () => {
    const same = await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Sama Asal', phone: '081234560001' }, headers: { origin: t.url, 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(201);
    expect((await t.api('/api/v1/contacts', { headers: crossSite })).status).toBe(200);
  });

  it('leaves API-key requests alone, whatever their headers', async () => {
    const key = await apiKeyClient(t, ['contacts:write']);
    const res = await key.api('/api/v1/contacts', { method: 'POST', json: { name: 'Dari POS', phone: '081234560002' }, headers: crossSite });
    expect(res.status).toBe(201);
  });
});

describe('authentication before validation', () => {
  it('answers an unauthenticated caller 401 whatever the body, never the schema\'s 400/422', async () => {
    const anon = t.client(null);
    for (const [path, body] of [['/api/v1/templates', { code: '' }], ['/api/v1/events', { nonsense: true }], ['/api/v1/contacts', 'not json'], ['/api/v1/members', {}]] as const) {
      const res = await anon(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(res.status, path).toBe(401);
      const problem = (await res.json()) as { code: string; errors?: unknown };
      expect(problem.code).toBe('auth.required');
      expect(problem.errors).toBeUndefined();
    }
  });

  it('answers a caller without the permission 403 before validating', async () => {
    const key = await apiKeyClient(t);
    const res = await key.api('/api/v1/templates', { method: 'POST', body: '{"broken', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(403);
  });
});
