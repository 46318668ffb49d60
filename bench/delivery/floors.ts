/**
 * The two floors `bench:delivery` prints beside Sapa, measured in the same run on the same machine:
 *
 * - pg-boss's own fetch+complete rate: N jobs queued, one loop fetching a batch and completing it
 *   (pg-boss 10 as the repo pins it, on a `pg` pool through its `db` option, as Sapa runs it).
 *   With jobs of k message ids, the queue alone could carry k × this many messages/s.
 * - a plain set-based worker with `pg` only, on Sapa's own messages table (the statements are in
 *   seed-backlog.ts): claim a batch of ids in one UPDATE … RETURNING, POST each to the Cloud API with
 *   bounded concurrency, record the batch's outcomes in one statement. A few batches in flight.
 *   Its HTTP client is node:http on a keep-alive agent (the cheapest Node has) or, for comparison,
 *   the global fetch Sapa's WhatsApp channel uses (~2–3× the CPU per request here).
 */
import http from 'node:http';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { ACCESS_TOKEN, type CloudApi } from './cloud-api.js';
import { claimBatch, recordBatch, type Backlog, type FloorSend } from './seed-backlog.js';

const FLOOR_QUEUE = 'bench-floor';
const SEND_TIMEOUT_MS = 15_000;

export interface PgBossFloorResult {
  jobs: number;
  seconds: number;
  /** Distinct jobs fetched and completed. */
  completed: number;
  /** Jobs handed out more than once. */
  repeats: number;
  /** Rows of the queue not in state completed afterwards. */
  notCompleted: number;
  /** CPU seconds this process used in the timed loop. */
  cpuSeconds: number;
}

/** Queues `jobs` jobs in a fresh pg-boss schema and times one loop fetching `batchSize` and completing them. */
export async function pgBossFloor(databaseUrl: string, jobs: number, batchSize: number): Promise<PgBossFloorResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // An idle connection closed under the pool (the database dropped after an interrupt) is not a crash.
  pool.on('error', () => undefined);
  const boss = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: 'pgboss', supervise: false, schedule: false,
  });
  try {
    await boss.start();
    await boss.createQueue(FLOOR_QUEUE, { name: FLOOR_QUEUE, policy: 'standard' });
    for (let i = 0; i < jobs; i += 5000) {
      await boss.insert(Array.from({ length: Math.min(5000, jobs - i) }, (_, k) => ({ name: FLOOR_QUEUE, data: { n: i + k } })));
    }
    await pool.query('analyze');
    const seen = new Set<string>();
    let repeats = 0;
    const maxRounds = Math.ceil(jobs / batchSize) + 10;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let round = 0; round < maxRounds; round++) {
      const batch = await boss.fetch<{ n: number }>(FLOOR_QUEUE, { batchSize });
      if (batch.length === 0) break;
      for (const j of batch) {
        if (seen.has(j.id)) repeats++;
        seen.add(j.id);
      }
      await boss.complete(FLOOR_QUEUE, batch.map((j) => j.id));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const { rows } = await pool.query<{ n: string }>(`select count(*) as n from pgboss.job where name = $1 and state <> 'completed'`, [FLOOR_QUEUE]);
    return { jobs, seconds, completed: seen.size, repeats, notCompleted: Number(rows[0]!.n), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end();
  }
}

export interface SetBasedOptions {
  /** Ids claimed per statement. */
  batchSize: number;
  /** Batches in flight at once (each: claim → sends → record). */
  lanes: number;
  /** Sends in flight per batch. */
  sendsPerBatch: number;
  /** HTTP client: node:http (keep-alive agent) or the global fetch Sapa's channel uses. */
  client: 'node:http' | 'fetch';
}

export interface SetBasedResult {
  claimed: number;
  sent: number;
  failed: number;
  /** When the last batch's outcomes were recorded, ms since epoch. */
  endAt: number;
  failures: string[];
}

type SendOutcome = { ok: true; wamid: string } | { ok: false; reason: string };

/** The Cloud API request body, built as Sapa builds a template message outside the 24-hour window. */
function requestBody(m: FloorSend): string {
  return JSON.stringify({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: m.to,
    biz_opaque_callback_data: m.id,
    type: 'template',
    template: {
      name: m.templateName,
      language: { code: m.language },
      ...(m.params.length > 0 ? { components: [{ type: 'body', parameters: m.params.map((p) => ({ type: 'text', text: p })) }] } : {}),
    },
  });
}

function outcomeOf(status: number, text: string): SendOutcome {
  if (status < 200 || status >= 300) return { ok: false, reason: `http_${status}: ${text.slice(0, 200)}` };
  try {
    const wamid = (JSON.parse(text) as { messages?: { id?: string }[] }).messages?.[0]?.id;
    return wamid ? { ok: true, wamid } : { ok: false, reason: `no wamid: ${text.slice(0, 200)}` };
  } catch {
    return { ok: false, reason: `not JSON: ${text.slice(0, 200)}` };
  }
}

const headersFor = (m: FloorSend) => ({ authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': m.id });

/** A sender: one POST per message. */
type Post = (m: FloorSend) => Promise<SendOutcome>;

/** POST with the global fetch (undici), as Sapa's WhatsApp channel sends. */
function fetchPost(url: string): Post {
  return async (m) => {
    try {
      const res = await fetch(url, { method: 'POST', headers: headersFor(m), body: requestBody(m), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      return outcomeOf(res.status, await res.text());
    } catch (err) {
      return { ok: false, reason: `network: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

/** POST with node:http on a keep-alive agent: the cheapest client Node has. */
function nodeHttpPost(url: string, sockets: number): { post: Post; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(url);
  const post: Post = (m) => new Promise((resolve) => {
    const body = requestBody(m);
    const req = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { ...headersFor(m), 'content-length': Buffer.byteLength(body) },
      timeout: SEND_TIMEOUT_MS,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(outcomeOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', (err) => resolve({ ok: false, reason: `network: ${err.message}` }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS} ms`)));
    req.on('error', (err) => resolve({ ok: false, reason: `network: ${err.message}` }));
    req.end(body);
  });
  return { post, close: () => agent.destroy() };
}

/** Runs `items` through `fn` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Delivers the backlog's queued messages set-wise; every batch is claimed, sent and recorded once. */
export async function setBasedFloor(pool: pg.Pool, api: CloudApi, backlog: Backlog, o: SetBasedOptions): Promise<SetBasedResult> {
  const ids = backlog.messageIds;
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += o.batchSize) batches.push(ids.slice(i, i + o.batchSize));
  const result: SetBasedResult = { claimed: 0, sent: 0, failed: 0, endAt: 0, failures: [] };
  const nodeHttp = o.client === 'node:http' ? nodeHttpPost(api.sendUrl, o.lanes * o.sendsPerBatch) : null;
  const post = nodeHttp?.post ?? fetchPost(api.sendUrl);
  try {
    await deliverBatches(pool, backlog, batches, o, post, result);
  } finally {
    nodeHttp?.close();
  }
  return result;
}

async function deliverBatches(pool: pg.Pool, backlog: Backlog, batches: string[][], o: SetBasedOptions, post: Post, result: SetBasedResult): Promise<void> {
  await eachLimited(batches, o.lanes, async (batch) => {
    const claimed = await claimBatch(pool, backlog, batch);
    result.claimed += claimed.length;
    const sent: { id: string; wamid: string }[] = [];
    const failed: { id: string; reason: string }[] = [];
    await eachLimited(claimed, o.sendsPerBatch, async (m) => {
      const outcome = await post(m);
      if (outcome.ok) sent.push({ id: m.id, wamid: outcome.wamid });
      else {
        failed.push({ id: m.id, reason: outcome.reason });
        if (result.failures.length < 5) result.failures.push(outcome.reason);
      }
    });
    await recordBatch(pool, sent, failed);
    result.sent += sent.length;
    result.failed += failed.length;
    result.endAt = Math.max(result.endAt, performance.timeOrigin + performance.now());
  });
}
