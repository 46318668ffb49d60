/**
 * One template-status fetcher across workers: every worker process runs the periodic fetch, and a
 * lease in the database (work_leases) lets one of them make each round. Two fetchers started
 * together against the same store and the local Cloud API server make one round of GETs, not two;
 * once the interval has passed after that round's claim, the next round may come from either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_SYNC_LEASE, startTemplateSync } from '../../../src/app/whatsapp-templates.js';
import { workLeaseSql } from '../../../src/adapters/db/work-lease.sql.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  // The app's own fetch runs once at start and then not for an hour: the fetchers below are the ones measured.
  t = await startTestApp({ whatsapp: wa, waba: true, env: { SAPA_TEMPLATE_SYNC_SECONDS: '3600' } });
  for (const code of ['Pesanan Dikirim', 'Resi Tersedia', 'Terima Kasih']) {
    const res = await t.api('/api/v1/templates', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, message: `Halo {contactname|Kak}, ${code} dari toko kami.` }) });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    expect((await t.api(`/api/v1/templates/${id}/whatsapp`, { method: 'POST' })).status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

const templateGets = () => wa.requests.filter((r) => r.method === 'GET' && /^\/v\d+\.\d+\/\d+$/.test(r.path));
const options = { perWorkspace: 20, workspaces: 100 };

describe('the periodic template fetch across workers', () => {
  it('two fetchers started together over the same store make one round of GETs, not two', async () => {
    const lease = workLeaseSql(t.rt.db.sql);
    // Nothing held by the app's own start-up round: both fetchers start on an equal footing.
    await t.rt.db.sql.query('delete from work_leases where name = $1', [TEMPLATE_SYNC_LEASE]);
    const before = templateGets().length;
    const a = startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 60_000, lease: { port: lease, holder: 'worker-a' } });
    const b = startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 60_000, lease: { port: lease, holder: 'worker-b' } });
    await Promise.all([a.stop(), b.stop()]);
    // Three templates in review: one GET each, once.
    expect(templateGets().length - before).toBe(3);
    expect(new Set(templateGets().slice(before).map((r) => r.path)).size).toBe(3);
    // The round is over but the interval is not: a third worker starting now makes no round either.
    const c = startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 60_000, lease: { port: lease, holder: 'worker-c' } });
    await c.stop();
    expect(templateGets().length - before).toBe(3);
  });

  it('without the lease each fetcher makes its own round (what the lease prevents)', async () => {
    const before = templateGets().length;
    const a = startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 60_000 });
    const b = startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 60_000 });
    await Promise.all([a.stop(), b.stop()]);
    expect(templateGets().length - before).toBe(6);
  });

  it('with a short interval the rounds continue, one per interval, whichever worker claims them', async () => {
    const lease = workLeaseSql(t.rt.db.sql);
    await t.rt.db.sql.query('delete from work_leases where name = $1', [TEMPLATE_SYNC_LEASE]);
    const before = templateGets().length;
    const started = Date.now();
    const fetchers = ['w1', 'w2', 'w3'].map((holder) => startTemplateSync(t.rt.workerDeps, { ...options, intervalMs: 400, lease: { port: lease, holder } }));
    await eventually(async () => (templateGets().length - before >= 9 ? true : undefined), 10_000, 'three rounds');
    await Promise.all(fetchers.map((f) => f.stop()));
    const rounds = (templateGets().length - before) / 3;
    // At most one round per 400 ms since the start (plus the first), never three per tick.
    expect(rounds).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 400) + 1);
    expect(Number.isInteger(rounds)).toBe(true);
  });
});
