/**
 * The floor of bench:events: the same logical writes Sapa makes for one order.created event, done
 * by a plain script in ONE transaction per event, at the same connection counts (N concurrent
 * clients on PostgreSQL, N concurrent loops on PGlite through PGlite's own query API in-process)
 * for the same duration. This file is the only place in bench/events that knows Sapa's table layout.
 *
 * Per event, in one transaction (what handle-event.ts and the repositories write, minus the reads
 * a plain script does not need: the automation and template are read once at start):
 *   1. upsert the contact by external id   (contacts, ON CONFLICT (workspace_id, external_id))
 *   2. upsert the order                     (orders, ON CONFLICT (workspace_id, number))
 *   3. its items                            (order_items; an existing order's items are replaced)
 *   4. the event row, linked to both        (events, ON CONFLICT (workspace_id, key) DO NOTHING;
 *                                            a repeat rolls the whole unit back)
 *   5. one rendered message                 (messages, ON CONFLICT (workspace_id, idempotency_key);
 *                                            its status-history row comes from Sapa's own trigger)
 *   6. one pg-boss job carrying its id      (pgboss.job, queue `deliver`, the queue's own settings)
 * The event row is written after contact and order so it carries their ids without an UPDATE; the
 * rows in the end are the same as Sapa's. PostgreSQL statements are named (prepared once per client).
 *
 * It runs on the database or data folder Sapa itself migrated and used in the same bench run (Sapa
 * stopped), in the bench's workspace, so schema, indexes, triggers and table sizes are Sapa's own.
 * The columns of `messages` are read from the catalog: the legacy WhatsApp columns or the
 * channel-neutral `content`, whichever exist; a NOT NULL column without default that this file does
 * not know stops the floor with its name rather than measuring something else.
 *
 * As a child process (so its memory is its own):
 *   node --import tsx bench/events/floor.ts --store pglite|postgres --target <dataDir|url>
 *        --connections 1,10,50,200 --duration 10 [--warmup 2] [--max-clients 64]
 * prints one JSON line per connection count ({"kind":"result",…}) and one with its RSS.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

/** PGlite extensions Sapa's schema uses (its trigram indexes): a process opening the folder must load them. */
export const PGLITE_EXTENSIONS = ['pg_trgm'] as const;

/** The pg-boss queue Sapa's delivery jobs go to. */
const QUEUE = 'deliver';

export interface FloorResult {
  /** Concurrent loops (the connection count it stands beside). */
  connections: number;
  /** Database clients those loops used: as many as loops on PostgreSQL up to a cap, 1 on PGlite. */
  clients: number;
  /** Transactions committed. */
  events: number;
  durationS: number;
  p50Ms: number;
  p99Ms: number;
  /** Transactions that failed (each a bug in this floor or a lost write). */
  errors: number;
  firstError: string | null;
}

export interface FloorMemory { afterOpenMb: number; maxMb: number }

type Row = Record<string, unknown>;
/** One statement: a stable name (PostgreSQL prepares it once per client), its text and values. */
type Exec = (name: string, text: string, values: unknown[]) => Promise<Row[]>;

interface Setup {
  workspaceId: string;
  automationId: string;
  templateId: string;
  channel: string;
  category: string;
  message: string;
  whatsappName: string;
  whatsappLanguage: string;
  queue: { policy: string | null; retryLimit: number; retryDelay: number; retryBackoff: boolean; expireSeconds: number };
  insertMessage: string;
  /** Values of insertMessage after the common ones, per event. */
  messageExtras: (params: string[]) => unknown[];
}

/** Reads the bench workspace's automation, template and queue, and fits the message INSERT to the schema. */
async function loadSetup(exec: Exec): Promise<Setup> {
  const [a] = await exec('floor_setup', `
    select a.id as automation_id, a.workspace_id, a.channel, t.id as template_id, t.message, t.category, t.code,
      t.whatsapp_name, t.whatsapp_language
    from automations a join templates t on t.id = a.template_id
    where a.trigger = 'order.created' and a.enabled order by a.created_at limit 1`, []);
  if (!a) throw new Error('floor: no enabled order.created automation (run Sapa\'s setUpWorkspace first)');
  const [q] = await exec('floor_queue', `
    select policy, retry_limit, retry_delay, retry_backoff, expire_seconds from pgboss.queue where name = $1`, [QUEUE]);
  if (!q) throw new Error(`floor: pg-boss queue "${QUEUE}" does not exist`);

  const columns = await exec('floor_columns', `
    select table_name, column_name, is_nullable = 'NO' and column_default is null and is_identity = 'NO' as required
    from information_schema.columns where table_schema = 'public' and table_name = any(string_to_array($1, ','))`,
  ['contacts,orders,order_items,events,messages']);
  const has = (table: string, column: string) => columns.some((c) => c.table_name === table && c.column_name === column);
  const written: Record<string, string[]> = {
    contacts: ['workspace_id', 'external_id', 'name', 'phone'],
    orders: ['workspace_id', 'contact_id', 'number', 'total', 'currency', 'status', 'handled_by', 'occurred_at'],
    order_items: ['workspace_id', 'order_id', 'position', 'name', 'quantity', 'price'],
    events: ['workspace_id', 'key', 'type', 'occurred_at', 'payload', 'contact_id', 'order_id'],
    messages: ['workspace_id', 'contact_id', 'channel', 'recipient', 'template_id', 'automation_id', 'event_id', 'idempotency_key',
      'category', 'body', 'status', 'scheduled_at', 'content', 'params', 'whatsapp_template_name', 'whatsapp_language'],
  };
  const unknown = columns.filter((c) => c.required === true && !written[String(c.table_name)]!.includes(String(c.column_name)));
  if (unknown.length > 0) {
    throw new Error(`floor.ts does not know the required column(s) ${unknown.map((c) => `${String(c.table_name)}.${String(c.column_name)}`).join(', ')}: teach it Sapa's new layout`);
  }

  const whatsappName = (a.whatsapp_name as string | null) ?? String(a.code).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const whatsappLanguage = String(a.whatsapp_language ?? 'id');
  // The channel-neutral `content` (engine v2) or the legacy WhatsApp columns, whichever this schema has.
  const extraColumns: string[] = [];
  const extras: ((params: string[]) => unknown)[] = [];
  if (has('messages', 'content')) {
    extraColumns.push('content');
    extras.push((params) => JSON.stringify({ channel: a.channel, params, template: { name: whatsappName, language: whatsappLanguage } }));
  }
  if (has('messages', 'params')) {
    extraColumns.push('params');
    extras.push((params) => JSON.stringify(params));
  }
  if (has('messages', 'whatsapp_template_name')) {
    extraColumns.push('whatsapp_template_name');
    extras.push(() => whatsappName);
  }
  if (has('messages', 'whatsapp_language')) {
    extraColumns.push('whatsapp_language');
    extras.push(() => whatsappLanguage);
  }
  const casts: Record<string, string> = { content: '::jsonb', params: '::jsonb' };
  const insertMessage = `
    insert into messages (workspace_id, contact_id, channel, recipient, template_id, automation_id, event_id, idempotency_key,
      category, body, status, scheduled_at, created_at, updated_at${extraColumns.map((c) => `, ${c}`).join('')})
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', now(), now(), now()${extraColumns.map((c, i) => `, $${11 + i}${casts[c] ?? ''}`).join('')})
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`;
  return {
    workspaceId: String(a.workspace_id),
    automationId: String(a.automation_id),
    templateId: String(a.template_id),
    channel: String(a.channel),
    category: String(a.category),
    message: String(a.message),
    whatsappName,
    whatsappLanguage,
    queue: {
      policy: (q.policy as string | null) ?? null,
      retryLimit: Number(q.retry_limit ?? 2),
      retryDelay: Number(q.retry_delay ?? 0),
      retryBackoff: Boolean(q.retry_backoff),
      expireSeconds: Number(q.expire_seconds ?? 900),
    },
    insertMessage,
    messageExtras: (params) => extras.map((f) => f(params)),
  };
}

/** The bench template's variables, rendered the plain way: `{name}` or `{name|fallback}` replaced, in order of appearance. */
function render(template: string, values: Record<string, string>): { text: string; params: string[] } {
  const params: string[] = [];
  const text = template.replace(/\{(\w+)(?:\|([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
    const v = values[name] || fallback || '';
    params.push(v);
    return v;
  });
  return { text, params };
}

class RepeatEvent extends Error {}

/** One event's writes; throws RepeatEvent when the event id was stored before (the caller rolls back). */
async function writeEvent(exec: Exec, s: Setup, tag: string, i: number): Promise<void> {
  const externalId = `FLOOR-C-${tag}-${i}`;
  const name = `Pelanggan Floor ${i}`;
  const phone = `+62813${String(i).padStart(8, '0')}`;
  const number = `SO-FLOOR-${tag}-${i}`;
  const items = [{ position: 0, name: 'Kopi Arabika', quantity: 2, price: 50000 }, { position: 1, name: 'Gula Aren', quantity: 1, price: 25000 }];
  const occurredAt = new Date().toISOString();

  const [contact] = await exec('floor_contact', `
    insert into contacts (workspace_id, external_id, name, phone, created_at, updated_at) values ($1, $2, $3, $4, now(), now())
    on conflict (workspace_id, external_id) where external_id is not null
    do update set name = excluded.name, phone = excluded.phone, updated_at = excluded.updated_at
    returning id`, [s.workspaceId, externalId, name, phone]);
  const [order] = await exec('floor_order', `
    insert into orders (workspace_id, contact_id, number, total, currency, status, handled_by, occurred_at)
    values ($1, $2, $3, $4, 'IDR', 'order.created', $5, $6::timestamptz)
    on conflict (workspace_id, number) do update set contact_id = excluded.contact_id, status = excluded.status,
      total = excluded.total, handled_by = excluded.handled_by, updated_at = now()
    returning id, (xmax = 0) as inserted`, [s.workspaceId, contact!.id, number, 125000, 'Sari', occurredAt]);
  if (order!.inserted !== true) await exec('floor_items_delete', 'delete from order_items where order_id = $1', [order!.id]);
  await exec('floor_items', `
    insert into order_items (workspace_id, order_id, position, name, quantity, price)
    select $1, $2, x.position, x.name, x.quantity, x.price
    from json_to_recordset($3::json) as x(position int, name text, quantity int, price numeric)`, [s.workspaceId, order!.id, JSON.stringify(items)]);
  const payload = { id: `floor-evt-${tag}-${i}`, type: 'order.created', occurredAt, contact: { externalId, name, phone }, order: { number, items, total: 125000, currency: 'IDR' }, user: { name: 'Sari' } };
  const [event] = await exec('floor_event', `
    insert into events (workspace_id, key, type, occurred_at, payload, contact_id, order_id)
    values ($1, $2, 'order.created', $3::timestamptz, $4::jsonb, $5, $6)
    on conflict (workspace_id, key) do nothing
    returning id`, [s.workspaceId, payload.id, occurredAt, JSON.stringify(payload), contact!.id, order!.id]);
  if (!event) throw new RepeatEvent();
  const { text, params } = render(s.message, {
    contactname: name, productname: 'Kopi Arabika dan Gula Aren', documentnumber: number, username: 'Sari',
  });
  const [message] = await exec('floor_message', s.insertMessage, [
    s.workspaceId, contact!.id, s.channel, phone, s.templateId, s.automationId, event.id, `auto:${s.automationId}:${String(event.id)}`,
    s.category, text, ...s.messageExtras(params),
  ]);
  await exec('floor_job', `
    insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
    values ($1, $2::jsonb, $3, $4, $5, $6::int * interval '1 second', $7)`,
  [QUEUE, JSON.stringify({ messageIds: [message!.id] }), s.queue.retryLimit, s.queue.retryDelay, s.queue.retryBackoff, s.queue.expireSeconds, s.queue.policy]);
}

/** A store the floor drives: concurrent loops, each running one transaction at a time. */
interface FloorTarget {
  setupExec: Exec;
  /** Runs `work` in one transaction (on a free client, waiting for one if all are busy). */
  transaction(work: (exec: Exec) => Promise<void>): Promise<void>;
  /** Makes ready the clients `loops` concurrent loops use; returns how many that is. */
  prepare(loops: number): Promise<number>;
  close(): Promise<void>;
}

async function openPgliteTarget(dataDir: string): Promise<FloorTarget> {
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const execOf = (q: Pick<PGlite, 'query'>): Exec => async (_name, text, values) => (await q.query<Row>(text, values)).rows;
  return {
    setupExec: execOf(db),
    // PGlite has one connection: concurrent transactions queue on its mutex, as Sapa's do.
    transaction: (work) => db.transaction(async (tx) => work(execOf(tx))),
    prepare: async () => 1,
    close: () => db.close(),
  };
}

/**
 * One `pg` client per loop, up to maxClients: the server's max_connections (100 by default, shared
 * with everything else on it) cannot give 200 clients, so above the cap the loops share the clients
 * and the results say how many there were.
 */
async function openPostgresTarget(url: string, maxClients: number): Promise<FloorTarget> {
  const clients: pg.Client[] = [];
  const idle: pg.Client[] = [];
  const waiting: ((c: pg.Client) => void)[] = [];
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'sapa-bench-floor' });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  const execOf = (c: pg.Client): Exec => async (name, text, values) => (await c.query<Row>({ name, text, values })).rows;
  const setup = await connect();
  const [limits] = await execOf(setup)('floor_limits', `
    select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
      - (select count(*) from pg_stat_activity)::int as free`, []);
  // leave room for Sapa's next start and for whoever else shares the server
  const cap = Math.max(1, Math.min(maxClients, Number(limits!.free) - 20));
  const release = (c: pg.Client) => {
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  };
  return {
    setupExec: execOf(setup),
    async transaction(work) {
      const c = idle.pop() ?? await new Promise<pg.Client>((resolve) => waiting.push(resolve));
      try {
        await c.query('begin');
        try {
          await work(execOf(c));
          await c.query('commit');
        } catch (err) {
          await c.query('rollback');
          throw err;
        }
      } finally {
        release(c);
      }
    },
    async prepare(loops) {
      const want = Math.min(loops, cap);
      while (clients.length < want) {
        const c = await connect();
        clients.push(c);
        idle.push(c);
      }
      return Math.min(loops, clients.length);
    },
    async close() {
      await Promise.all([setup, ...clients].map((c) => c.end().catch(() => undefined)));
    },
  };
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);

/** `connections` concurrent loops, each writing events back to back for `durationS` seconds. */
async function drive(target: FloorTarget, setup: Setup, tag: string, next: () => number, connections: number, durationS: number): Promise<FloorResult> {
  const clients = await target.prepare(connections);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const deadline = start + durationS * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await target.transaction((exec) => writeEvent(exec, setup, tag, next()));
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        firstError ??= err instanceof RepeatEvent ? 'event stored twice' : String(err instanceof Error ? err.message : err);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((x, y) => x - y);
  return { connections, clients, events: latencies.length, durationS: elapsed, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), errors, firstError };
}

function rssMb(): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      store: { type: 'string' },
      target: { type: 'string' },
      connections: { type: 'string', default: '1,10,50,200' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      'max-clients': { type: 'string', default: '64' },
    },
  });
  if ((args.store !== 'pglite' && args.store !== 'postgres') || !args.target) throw new Error('usage: floor.ts --store pglite|postgres --target <dataDir|url>');
  let maxMb = rssMb();
  const sampler = setInterval(() => (maxMb = Math.max(maxMb, rssMb())), 100);
  const target = args.store === 'pglite' ? await openPgliteTarget(args.target) : await openPostgresTarget(args.target, Number(args['max-clients']));
  const afterOpenMb = rssMb();
  try {
    const setup = await loadSetup(target.setupExec);
    const tag = randomBytes(3).toString('hex');
    let seq = 0;
    const next = () => seq++;
    const warmupS = Number(args.warmup);
    if (warmupS > 0) await drive(target, setup, tag, next, 10, warmupS);
    for (const connections of args.connections.split(',').map(Number)) {
      const result = await drive(target, setup, tag, next, connections, Number(args.duration));
      console.log(JSON.stringify({ kind: 'result', ...result }));
    }
  } finally {
    clearInterval(sampler);
    await target.close();
  }
  const memory: FloorMemory = { afterOpenMb, maxMb: Math.max(maxMb, rssMb()) };
  console.log(JSON.stringify({ kind: 'memory', ...memory }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  });
}
