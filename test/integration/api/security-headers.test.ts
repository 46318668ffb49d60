// Browser-facing headers on every kind of response (web app pages and assets, API answers, errors,
// docs, webhooks), and X-Forwarded-For believed only from the proxies SAPA_TRUST_PROXY names.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/adapters/http/app.js';
import type { HttpDeps } from '../../../src/adapters/http/context.js';
import { loadConfig } from '../../../src/config/env.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let webDist: string;
beforeAll(async () => {
  // A built web app's shape: index.html loading a module script from /assets.
  webDist = mkdtempSync(join(tmpdir(), 'sapa-web-'));
  mkdirSync(join(webDist, 'assets'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(webDist, 'assets', 'app.js'), 'document.getElementById("root").textContent = "Sapa";');
  t = await startTestApp({ webDist });
});
afterAll(async () => {
  await t?.close();
  rmSync(webDist, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toMatch(/script-src 'self'(;|$)/);
  expect(csp, what).not.toContain('unsafe-eval');
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
}

describe('security headers', () => {
  it('are on the web app: index, a client-side route, an asset', async () => {
    for (const path of ['/', '/contacts', '/assets/app.js']) {
      const res = await fetch(t.url + path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res, path);
    }
  });

  it('are on API answers, refusals, errors and unknown routes', async () => {
    const anon = t.client(null);
    const cases: [string, Promise<Response>, number][] = [
      ['GET templates', t.api('/api/v1/templates'), 200],
      ['POST contact', t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Sari', phone: '081234500001' } }), 201],
      ['no credentials', anon('/api/v1/templates'), 401],
      ['bad body', t.api('/api/v1/templates', { method: 'POST', json: { code: 'a\u0000' } }), 400],
      ['malformed JSON', t.api('/api/v1/templates', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } }), 400],
      ['unknown API route', t.api('/api/v1/nothing'), 404],
      ['OpenAPI document', fetch(`${t.url}/api/openapi.json`), 200],
      ['API docs page', fetch(`${t.url}/api/docs/`), 200],
      ['liveness', fetch(`${t.url}/healthz`), 200],
      ['webhook', fetch(`${t.url}/webhooks/whatsapp`, { method: 'POST', body: 'x' }), 400],
      ['path that is not UTF-8', t.api('/api/v1/templates/%ED%A0%80'), 400],
      ['path parameter too long', t.api(`/api/v1/templates/${'a'.repeat(2000)}`), 414],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(res, what);
    }
  });
});

describe('SAPA_TRUST_PROXY', () => {
  /** The app as startServer builds it, with one more route that answers the address it sees. */
  async function appTrusting(trustProxy: string | undefined): Promise<FastifyInstance> {
    const config = loadConfig(trustProxy === undefined ? {} : { SAPA_TRUST_PROXY: trustProxy });
    const deps: HttpDeps = {
      ...t.rt.deps,
      intake: t.rt.intake,
      whatsappWebhooks: t.rt.channels.whatsappWebhooks,
      inappFeed: t.rt.inappFeed,
      contactTokenKey: t.rt.contactTokenKey,
      smsWebhooks: t.rt.channels.smsWebhooks,
      push: t.rt.channels.push,
      channelAccounts: t.rt.channels.accounts,
      metrics: t.rt.metrics,
      metricsText: () => t.rt.metrics.text(),
      readiness: {},
      secureCookies: false,
      trustProxy: config.trustProxy,
    };
    const app = await buildApp(deps);
    app.get('/probe/ip', { config: { public: true } }, async (request) => ({ ip: request.ip, protocol: request.protocol }));
    return app;
  }
  const probe = (app: FastifyInstance, remoteAddress: string) =>
    app.inject({ method: 'GET', url: '/probe/ip', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' } }).then((r) => r.json() as { ip: string; protocol: string });

  it('unset: X-Forwarded-For is ignored, the peer address counts', async () => {
    const app = await appTrusting(undefined);
    expect(await probe(app, '127.0.0.1')).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    await app.close();
  });

  it('set to the proxy: only that proxy may name the client', async () => {
    const app = await appTrusting('127.0.0.1');
    expect(await probe(app, '127.0.0.1')).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    expect((await probe(app, '198.51.100.7')).ip).toBe('198.51.100.7');
    await app.close();
  });
});
