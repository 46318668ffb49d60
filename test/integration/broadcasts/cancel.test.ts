/**
 * Cancelling a big broadcast while the worker runs: the answer comes promptly, every recipient not
 * yet sending is skipped (`cancelled`), nothing of it goes out afterwards — also not a message that
 * was in flight at the cancel and came back to the queue (a retry, quiet hours). And the status
 * history trigger, which made a cancel of 50,000 recipients take over 300 s on PGlite: its cost must
 * not depend on what the same connection updated before (bench/RESULTS.md, PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverJobs } from '../../../src/app/delivery-jobs.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let promo: string;
let workspaceId: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const get = async (id: string) => ok(await t.api(`/api/v1/broadcasts/${id}`));
const sql = (text: string, values?: unknown[]) => t.rt.db.executeSql(text, values);

/** Quiet hours around now: a marketing broadcast's recipients are written and held until their end, an hour away. */
async function quietNow(): Promise<void> {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  await ok(await t.api('/api/v1/settings/messaging', {
    method: 'PUT',
    json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: { start: local.format(new Date(Date.now() - 3600_000)), end: local.format(new Date(Date.now() + 3600_000)) } },
  }));
}

/** `n` contacts tagged `tag`, written in one statement (the API would take minutes for thousands). */
async function seedContacts(tag: string, n: number, firstNumber: number): Promise<void> {
  await sql(`
    insert into contacts (workspace_id, name, phone, tags)
    select $1::uuid, 'Kontak ' || g, '+62813' || lpad((($3::int + g))::text, 8, '0'), array[$4::text]
    from generate_series(1, $2::int) g`, [workspaceId, n, firstNumber, tag]);
}

async function sendToSegment(tag: string): Promise<string> {
  const segmentId = (await ok(await post('/api/v1/segments', { name: `seg ${tag}`, match: 'all', rules: [{ field: 'tags', op: 'contains', value: tag }] }), 201)).id as string;
  const b = await ok(await post('/api/v1/broadcasts', { name: `Promo ${tag}`, channel: 'whatsapp', templateId: promo, segmentId }), 201);
  await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
  return b.id as string;
}

const fannedOut = (id: string, total: number) =>
  eventually(async () => { const b = await get(id); return b.stats.total === total && b.stats.queued === total ? b : undefined; }, 60_000, `${total} recipients queued`);

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_BROADCAST_INTERVAL_MS: '100', SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  await quietNow();
  promo = (await ok(await post('/api/v1/templates', { code: 'Promo Besar', message: 'Halo {contactname}, diskon besar!', category: 'marketing' }), 201)).id;
  workspaceId = String((await sql(`select workspace_id from templates where id = $1`, [promo])).rows[0]!.workspace_id);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('cancelling a big broadcast while the worker runs', () => {
  it('answers promptly with cancelled, then skips every queued recipient; none is sent', async () => {
    // A small cancel first, so the connections have already updated a message (as in a running Sapa).
    await seedContacts('kecil', 1, 10_000_000);
    const small = await sendToSegment('kecil');
    await fannedOut(small, 1);
    expect(await ok(await post(`/api/v1/broadcasts/${small}/cancel`, {}))).toMatchObject({ status: 'cancelled', stats: { queued: 0, skipped: { cancelled: 1 } } });

    const N = 6000;
    await seedContacts('besar', N, 20_000_000);
    const id = await sendToSegment('besar');
    await fannedOut(id, N);

    const started = performance.now();
    const answer = await ok(await post(`/api/v1/broadcasts/${id}/cancel`, {}));
    const answerMs = performance.now() - started;
    expect(answer).toMatchObject({ status: 'cancelled', stats: { total: N, sending: 0, sent: 0 } });
    expect(answer.cancelledAt).not.toBeNull();
    // Was 6–10 s at 6,000 (and over 300 s at 50,000): one transaction, with the trigger quadratic.
    expect(answerMs).toBeLessThan(4000);

    const done = await eventually(async () => { const b = await get(id); return b.finishedAt ? b : undefined; }, 30_000, 'the cancel to finish');
    expect(done).toMatchObject({ status: 'cancelled', stats: { total: N, queued: 0, sending: 0, sent: 0, skipped: { cancelled: N } } });
    expect(wa.sent().length).toBe(0);
  });

  it('a message in flight at the cancel that comes back to the queue (a retry) is skipped, never sent', async () => {
    await seedContacts('terbang', 1, 30_000_000);
    const id = await sendToSegment('terbang');
    await fannedOut(id, 1);
    const [m] = (await sql(`select id, scheduled_at from messages where broadcast_id = $1`, [id])).rows;
    const messageId = String(m!.id);
    // The worker claims it (at its time, the end of quiet hours) and starts sending…
    const delivery = t.rt.workerDeps.store.delivery;
    expect(await delivery.claim([messageId], new Date(m!.scheduled_at as string | Date))).toHaveLength(1);
    // …the owner cancels: a send in flight finishes and is counted, so it stays `sending`…
    expect(await ok(await post(`/api/v1/broadcasts/${id}/cancel`, {}))).toMatchObject({ status: 'cancelled', stats: { total: 1, sending: 1, queued: 0 } });
    // …the provider answers with a transient failure: back to the queue with a retry due now, and
    // quiet hours are over by then (else the worker would only defer it again).
    await ok(await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } }));
    let skipped: Json;
    try {
      const at = new Date();
      await delivery.record([{ id: messageId, status: 'queued', reason: 'http_503', detail: null, at, retryAt: at }],
        deliverJobs([{ id: messageId, scheduledAt: at, category: 'marketing' }]));
      t.rt.jobs.wake('deliver-bulk');
      skipped = await eventually(async () => {
        const row = (await sql(`select status, failure_reason from messages where id = $1`, [messageId])).rows[0]!;
        return row.status === 'queued' || row.status === 'sending' ? undefined : row;
      }, 15_000, 'the retried message to be settled');
    } finally {
      await quietNow();
    }
    expect(skipped).toEqual({ status: 'skipped', failure_reason: 'cancelled' });
    expect(wa.sent().length).toBe(0);
    expect(await get(id)).toMatchObject({ status: 'cancelled', stats: { total: 1, queued: 0, skipped: { cancelled: 1 } } });
  });
});

describe('the status history trigger', () => {
  it('costs the same for a big UPDATE whatever the connection updated before (no plan kept from a 1-row call)', async () => {
    const N = 6000;
    // Runs last: `discard plans` leaves this connection's plan planned for 6,000 rows, which would hide
    // the problem from a test after it. One transaction: one connection on both stores.
    const times = await t.rt.db.sql.transaction(async (q) => {
      await q(`
        insert into messages (workspace_id, channel, idempotency_key, category, body, content, status, scheduled_at)
        select $1::uuid, 'sandbox', 'trigger-test:' || g, 'utility', '', '{}'::jsonb, 'queued', now() + interval '1 day'
        from generate_series(0, $2::int) g`, [workspaceId, 2 * N]);
      // What a worker does first on its connection: a small update (a sweep, a claim).
      await q(`update messages set status = 'failed' where workspace_id = $1 and idempotency_key = 'trigger-test:0'`, [workspaceId]);
      const timed = async (from: number) => {
        const started = performance.now();
        await q(`update messages set status = 'skipped', failure_reason = 'cancelled'
          where workspace_id = $1 and idempotency_key like 'trigger-test:%' and status = 'queued'
            and substr(idempotency_key, 14)::int between $2::int and $3::int`, [workspaceId, from, from + N - 1]);
        return performance.now() - started;
      };
      const afterSmall = await timed(1);
      // The same work again, planned afresh with the real row counts.
      await q('discard plans');
      const fresh = await timed(N + 1);
      return { afterSmall, fresh };
    });
    const { rows } = await sql(`
      select count(*)::int as n from message_status_history h join messages m on m.id = h.message_id
      where m.workspace_id = $1 and m.idempotency_key like 'trigger-test:%' and h.status in ('skipped', 'failed')`, [workspaceId]);
    expect(rows[0]!.n).toBe(2 * N + 1);
    // Was: a nested loop over the transition tables, 8–15× slower at 6,000 rows (quadratic in them).
    expect(times.afterSmall, JSON.stringify(times)).toBeLessThan(3 * times.fresh + 500);
  });
});
