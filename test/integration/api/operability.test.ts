// What an operator relies on: /metrics (Prometheus), /readyz apart from /healthz, request ids,
// and one log line per request that never carries secrets.
import net from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noopMetrics } from '../../../src/app/metrics.port.js';
import { buildApp } from '../../../src/adapters/http/app.js';
import type { HttpDeps, PartReadiness } from '../../../src/adapters/http/context.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // No worker in this process, so a queued message stays queued and shows in the queue gauges.
  t = await startTestApp({ env: { SAPA_RUN_WORKER: 'false' } });
  const template = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Metrik', message: 'Halo {contactname}, pesanan {documentnumber} diterima.' } })).json();
  const auto = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'metrik', trigger: 'order.created', templateId: template.id } });
  if (auto.status !== 201) throw new Error(await auto.text());
});
afterAll(async () => { await t?.close(); });

const orderEvent = (id: string) => ({
  id, type: 'order.created', occurredAt: new Date().toISOString(),
  contact: { externalId: `C-${id}`, name: 'Budi', phone: '0812-7777-0001' },
  order: { number: `SO-${id}`, items: [{ name: 'Kopi', quantity: 1, price: 50000 }], total: 50000, currency: 'IDR' },
});

async function scrape(): Promise<string> {
  const res = await fetch(`${t.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample (`name{labels}`), or 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  it('is public and exposes every Sapa metric family', async () => {
    const text = await scrape();
    for (const name of [
      'sapa_events_accepted_total', 'sapa_events_refused_total', 'sapa_messages_total', 'sapa_send_duration_seconds',
      'sapa_queue_depth', 'sapa_queue_oldest_due_age_seconds', 'sapa_rate_limit_waits_total', 'sapa_rate_limit_wait_seconds',
      'sapa_db_pool_connections', 'sapa_db_pool_idle_connections', 'sapa_db_pool_waiting_requests', 'process_resident_memory_bytes',
    ]) expect(text, name).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/^sapa_db_pool_connections\{pool="[a-z]+"\} [1-9]\d*$/m);
  });

  it('counts an accepted event and refusals by code, and shows the queued message in the due queue', async () => {
    const before = await scrape();
    const accepted = await t.api('/api/v1/events', { method: 'POST', json: orderEvent(`met-${Date.now()}`) });
    expect(accepted.status).toBe(202);
    const invalid = await t.api('/api/v1/events', { method: 'POST', json: { id: 'x', type: 'order.created' } });
    expect(invalid.status).toBe(400);
    const { order: _none, ...noOrder } = orderEvent(`met-no-order-${Date.now()}`);
    const unprocessable = await t.api('/api/v1/events', { method: 'POST', json: noOrder });
    expect(unprocessable.status).toBe(422);
    const anonymous = await t.client(null)('/api/v1/events', { method: 'POST', json: orderEvent('anon') });
    expect(anonymous.status).toBe(401);

    const after = await scrape();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('sapa_events_accepted_total')).toBe(1);
    expect(delta('sapa_events_refused_total{code="validation"}')).toBe(1);
    expect(delta('sapa_events_refused_total{code="event.invalid"}')).toBe(1);
    expect(delta('sapa_events_refused_total{code="auth.required"}')).toBe(1);
    // other routes never move the event counters
    await t.api('/api/v1/templates');
    expect(sample(await scrape(), 'sapa_events_accepted_total')).toBe(sample(after, 'sapa_events_accepted_total'));

    expect(sample(after, 'sapa_queue_depth')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'sapa_queue_oldest_due_age_seconds')).toBeGreaterThanOrEqual(0);
  });
});

describe('GET /healthz and GET /readyz', () => {
  it('/healthz is liveness only; /readyz reports the store and that this process runs no worker', async () => {
    const live = await fetch(`${t.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: t.rt.db.kind, worker: 'external' });
  });

  it('/readyz answers 503 naming the part that is not ready (a store that never answers, a stopped worker); /healthz stays 200', async () => {
    const app = await appWith({
      store: () => new Promise<PartReadiness>(() => undefined),
      worker: async () => ({ ready: false, state: 'stopped' }),
    });
    try {
      const started = Date.now();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', notReady: ['store', 'worker'], store: 'no answer within 2 s', worker: 'stopped' });
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and generates one when absent', async () => {
    const res = await t.api('/api/v1/templates', { headers: { 'x-request-id': 'pos-42.retry_1-A' } });
    expect(res.headers.get('x-request-id')).toBe('pos-42.retry_1-A');
    const generated = (await t.api('/api/v1/templates')).headers.get('x-request-id');
    expect(generated).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect((await t.api('/api/v1/templates')).headers.get('x-request-id')).not.toBe(generated);
    // errors and unknown routes carry it too
    expect((await t.client(null)('/api/v1/nothing', { headers: { 'x-request-id': 'err-1' } })).headers.get('x-request-id')).toBe('err-1');
  });

  it('replaces a hostile x-request-id (too long, odd characters, a smuggled newline)', async () => {
    for (const hostile of ['a'.repeat(65), 'abc def', 'x"><script>', '../../etc/passwd?', 'ümlaut']) {
      const res = await t.api('/api/v1/templates', { headers: { 'x-request-id': hostile } });
      const echoed = res.headers.get('x-request-id') ?? '';
      expect(echoed, hostile).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(echoed).not.toBe(hostile);
    }
    // fetch refuses to send a newline in a header, so speak HTTP on a raw socket
    const raw = await rawRequest(t.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc\nInjected: yes\r\nConnection: close\r\n\r\n');
    const status = Number(raw.split(' ', 2)[1]);
    if (status === 200) expect(raw).toMatch(/^x-request-id: [A-Za-z0-9._-]{1,64}\r$/im);
    else expect(status).toBe(400); // Node's parser refused the request outright: nothing reached Sapa
    expect(raw).not.toMatch(/^injected:/im);
  });
});

describe('request logging', () => {
  it('writes exactly one info line per request, with the id, path without query, status and duration, and no secrets', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const app = await appWith({}, { level: 'info', stream });
    try {
      const res = await app.inject({
        method: 'POST', url: '/api/v1/templates?token=query-secret',
        headers: { 'x-request-id': 'log-1', authorization: 'Bearer sapa_header-secret', cookie: 'sapa_session=cookie-secret', 'content-type': 'application/json' },
        payload: { code: 'body-secret', message: 'body-secret' },
      });
      expect(res.statusCode).toBe(401);
      await app.inject({ method: 'GET', url: '/healthz' });
      // A file's URL is its credential (Meta fetches it without a session).
      await app.inject({ method: 'GET', url: `/media/${'T'.repeat(43)}`, headers: { 'x-request-id': 'log-media' } });
      expect(lines.find((l) => l.requestId === 'log-media')).toMatchObject({ msg: 'request', url: '/media/…', status: 404 });
      const mine = lines.filter((l) => l.requestId === 'log-1');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: 30, msg: 'request', method: 'POST', url: '/api/v1/templates', status: 401 });
      expect(typeof mine[0]!.ms).toBe('number');
      const all = JSON.stringify(lines);
      for (const secret of ['query-secret', 'header-secret', 'cookie-secret', 'body-secret', 'T'.repeat(43)]) expect(all).not.toContain(secret);
      // probes are logged at debug, below this logger's level
      expect(lines.filter((l) => l.url === '/healthz')).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});

/** A second app on the test app's deps, with its own readiness checks and logger. */
function appWith(readiness: HttpDeps['readiness'], logger?: object): Promise<FastifyInstance> {
  return buildApp({
    ...t.rt.deps,
    intake: t.rt.intake,
    whatsappWebhooks: t.rt.channels.whatsappWebhooks,
    inappFeed: t.rt.inappFeed,
    contactTokenKey: t.rt.contactTokenKey,
    smsWebhooks: t.rt.channels.smsWebhooks,
    push: t.rt.channels.push,
    channelAccounts: t.rt.channels.accounts,
    readiness,
    metrics: noopMetrics,
    metricsText: async () => ({ contentType: 'text/plain', body: '' }),
    secureCookies: false,
  }, logger ? { logger } : {});
}

function rawRequest(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => socket.end(request));
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
