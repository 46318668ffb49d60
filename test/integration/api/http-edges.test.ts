import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('HTTP edges', () => {
  it('is live at once and ready once store and worker are up', async () => {
    const live = await fetch(`${t.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: t.rt.db.kind, worker: 'running' });
  });

  it('refuses a body over 1 MiB with 413 problem JSON', async () => {
    const res = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Besar', message: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).code).toBe('request.too_large');
  });

  it('answers malformed JSON with 400, never 500', async () => {
    for (const body of ['{"code": "A", ', '{', '[1,2', 'not json', '{"a":1}}']) {
      const res = await t.api('/api/v1/templates', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect((await res.json()).type).toMatch(/^https:\/\//);
    }
  });

  it('answers 401 without credentials and 404 for unknown routes and ids', async () => {
    const anon = t.client(null);
    const res = await anon('/api/v1/templates');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, code: 'auth.required' });
    expect((await t.api('/api/v1/nothing-here')).status).toBe(404);
    expect((await t.api('/api/v1/templates/not-a-uuid')).status).toBe(404);
    expect((await t.api('/api/v1/templates/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await (await fetch(`${t.url}/api/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/templates', '/api/v1/events', '/api/v1/automations', '/api/v1/triggers']));
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
  });

  it('logs in and out with a session cookie; wrong password is 401', async () => {
    const anon = t.client(null);
    const bad = await anon('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN.email, password: 'salah-salah' } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).code).toBe('auth.invalid_credentials');
    const ok = await anon('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await (await t.client(cookie)('/api/v1/auth/session')).json();
    expect(me).toMatchObject({ user: { email: ADMIN.email, role: 'owner' }, whatsappTransport: 'sandbox' });
    expect((await t.client(cookie)('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await t.client(cookie)('/api/v1/templates')).status).toBe(401);
  });

  it('issues API keys shown once and stored hashed; a revoked key stops working', async () => {
    const res = await t.api('/api/v1/api-keys', { method: 'POST', json: { name: 'POS' } });
    expect(res.status).toBe(201);
    const { key, id, prefix } = await res.json();
    expect(key).toMatch(/^sapa_/);
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await t.rt.db.executeSql('select key_hash from api_keys where id = $1', [id]);
    expect(stored.rows[0]!.key_hash).not.toContain(key);
    expect(JSON.stringify(await (await t.api('/api/v1/api-keys')).json())).not.toContain(key);

    const bearer = (path: string) => fetch(t.url + path, { headers: { authorization: `Bearer ${key}` } });
    expect((await bearer('/api/v1/triggers')).status).toBe(200);
    expect((await t.api(`/api/v1/api-keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await bearer('/api/v1/triggers')).status).toBe(401);
  });
});
