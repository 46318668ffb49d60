/**
 * `npm run bench:webhooks`: outbound webhook deliveries/s through one worker to a local receiver,
 * beside a floor: a plain loop of signed fetches to the same receiver with the same concurrency.
 *
 * The receiver is a separate process (it would otherwise share this process's CPU with the worker)
 * answering 204 to every POST. N deliveries (default 5,000) of one subscription are written by the
 * contacts' statement trigger for one INSERT of N contacts (contact.created); then, timed:
 * - Sapa: deliverWebhookBatch until nothing is due — per batch one claim statement (SKIP LOCKED,
 *   lease), the secret opened from the secret box, each body signed (Standard Webhooks) and POSTed
 *   through the keep-alive sender with SAPA_WEBHOOK_CONCURRENCY in flight, and one statement
 *   recording the batch's answers and the subscription's streak.
 * - Floor: the same N bodies signed the same way and sent with global fetch, the same number in
 *   flight, no database at all.
 * Both check that the receiver answered every one. Then, beside them, the engine's WhatsApp figure:
 * bench:delivery's one-worker pass with as many messages (unless --skip-whatsapp).
 * Options: --deliveries 5000, --store pglite|postgres, --batch 100, --concurrency 16, --skip-whatsapp.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createWebhook } from '../../src/app/webhooks.js';
import { deliverWebhookBatch } from '../../src/app/webhook-worker.js';
import { loadConfig } from '../../src/config/env.js';
import { permissionsOfRole } from '../../src/domain/permissions.js';
import { DEFAULT_PAUSE_POLICY, DEFAULT_RETRY_DELAYS_MS } from '../../src/domain/webhooks/index.js';
import { secretKeyOf, signedHeaders } from '../../src/adapters/webhooks/standard-webhooks.js';
import { bootstrap, openRuntime } from '../../src/main/runtime.js';
import { openTestStore } from '../../test/support/test-store.js';
import { printTable } from '../table.js';

const { values: args } = parseArgs({ options: {
  deliveries: { type: 'string', default: '5000' }, store: { type: 'string', default: 'pglite' },
  batch: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '16' },
  'skip-whatsapp': { type: 'boolean', default: false },
} });
let results: string[][];
let ratio: number;
const N = Number(args.deliveries);
const BATCH = Number(args.batch);
const CONCURRENCY = Number(args.concurrency);
if (!Number.isInteger(N) || N < 10) throw new Error('--deliveries must be a whole number ≥ 10');
process.env.SAPA_TEST_STORE = args.store === 'postgres' ? 'postgres' : 'pglite';

// The receiver: its own process, counting what it answered.
const receiver = spawn(process.execPath, ['-e', `
  const http = require('node:http');
  let n = 0;
  const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(204).end(); }); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));
  process.on('message', () => process.send(n));
`], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => receiver.stdout!.on('data', (d: Buffer) => {
  const m = /port (\d+)/.exec(d.toString());
  if (m) resolve(Number(m[1]));
}));
const answered = () => new Promise<number>((resolve) => {
  receiver.once('message', (n) => resolve(Number(n)));
  receiver.send('count');
});
const url = `http://127.0.0.1:${port}/hook`;

const db = await openTestStore();
const rt = await openRuntime(loadConfig({
  PORT: '0', HOST: '127.0.0.1', SAPA_DATA_DIR: db.config.dataDir, SAPA_ADMIN_EMAIL: 'bench@sapa.test', SAPA_ADMIN_PASSWORD: 'bench-password-1',
  SAPA_SEED_DEMO: 'false', SAPA_LOG_LEVEL: 'silent', SAPA_SECRET_KEY: 'bench-webhooks-secret-key-0123456789abcdef',
  SAPA_WEBHOOK_CONCURRENCY: String(CONCURRENCY),
}), { db });
try {
  await bootstrap(rt);
  const q = async (text: string, values: unknown[] = []) => (await db.executeSql(text, values)).rows;
  const ws = String((await q('select id from workspaces order by created_at limit 1'))[0]!.id);
  const principal = { workspaceId: ws, userId: null, role: 'owner' as const, scopes: null, via: 'cli' as const, permissions: permissionsOfRole('owner'), actor: 'bench', address: null };
  const sub = await createWebhook({ ...rt.deps, webhooks: { box: rt.webhooks.box, checkUrl: rt.webhooks.checkUrl } }, principal, { url, description: 'bench', events: ['contact.created'] });
  let t0 = performance.now();
  // As an import makes them: one INSERT of N contacts, whose statement trigger writes the outbox.
  await q(`insert into contacts (workspace_id, name, phone, created_at, updated_at)
    select $1, 'Pelanggan ' || g, '+62812' || lpad(g::text, 8, '0'), now(), now() from generate_series(1, $2::int) g`, [ws, N]);
  console.log(`seeded ${N.toLocaleString('en-US')} deliveries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${args.store}, batch ${BATCH}, ${CONCURRENCY} in flight)`);
  const bodies = (await q('select body from webhook_events where workspace_id = $1', [ws])).map((r) => String(r.body));

  const options = { intervalMs: 0, batch: BATCH, concurrency: CONCURRENCY, leaseMs: 60_000, retryDelaysMs: DEFAULT_RETRY_DELAYS_MS, pause: DEFAULT_PAUSE_POLICY };
  const deps = { ...rt.workerDeps, box: rt.webhooks.box, sender: rt.webhooks.sender };
  const before = await answered();
  t0 = performance.now();
  while ((await deliverWebhookBatch(deps, options)) > 0) { /* until nothing is due */ }
  const sapaS = (performance.now() - t0) / 1000;
  const [done] = await q(`select count(*) filter (where status = 'delivered')::int as delivered, count(*)::int as total from webhook_deliveries where subscription_id = $1`, [sub.id]);
  const sapaAnswered = (await answered()) - before;
  if (done!.delivered !== N || sapaAnswered !== N) throw new Error(`Sapa: ${done!.delivered} delivered, receiver answered ${sapaAnswered}, want ${N}`);

  const key = secretKeyOf(sub.secret);
  t0 = performance.now();
  let next = 0;
  let ok = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const body = bodies[i]!;
      const res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', ...signedHeaders(key, `msg_floor_${i}`, Math.floor(Date.now() / 1000), body) }, body });
      await res.arrayBuffer();
      if (res.status === 204) ok++;
    }
  }));
  const floorS = (performance.now() - t0) / 1000;
  if (ok !== N) throw new Error(`floor: ${ok} answered 204, want ${N}`);

  const row = (name: string, s: number) => [name, `${(N / s).toFixed(0)}`, `${s.toFixed(2)}`, `${((s * 1000) / N).toFixed(3)}`];
  results = [row('Sapa worker (claim, sign, POST, record)', sapaS), row('floor: signed fetch loop, no database', floorS)];
  ratio = sapaS / floorS;
} finally {
  await rt.close();
  await db.close();
  receiver.kill();
}

// The engine's WhatsApp figure in the same run: bench:delivery's one-worker pass (a `sapa worker`
// process sending N messages to the local Cloud API server, PostgreSQL), after the webhooks are done.
if (!args['skip-whatsapp']) {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/delivery/run.ts', '--store', 'postgres', '--messages', String(N),
      '--skip-limited', '--skip-floors', '--skip-email', '--skip-sms'], { cwd: new URL('../../', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench:delivery exited with ${String(code)}:\n${text.slice(-2000)}`))));
  });
  // Its row: "sapa worker (1 process)   <msgs>  <s>  <msgs/s> …".
  const m = /^sapa worker \(1 process\)\s+([\d,]+)\s+([\d.]+)\s+([\d,]+)/m.exec(out);
  if (!m) throw new Error(`no WhatsApp row in bench:delivery's output:\n${out.slice(-2000)}`);
  const [msgs, secs, rate] = [Number(m[1]!.replace(/,/g, '')), Number(m[2]), m[3]!.replace(/,/g, '')];
  results.push(['engine: WhatsApp messages through one sapa worker (bench:delivery, PostgreSQL)', rate, secs.toFixed(2), ((secs * 1000) / msgs).toFixed(3)]);
}
printTable(['path', 'deliveries/s', 'seconds', 'ms/delivery'], results);
console.log(`\nSapa / floor: ${ratio.toFixed(2)}× the floor's time`);
