/**
 * Everything bench:broadcast does to Sapa's database without Sapa: open it (a `pg` client on
 * PostgreSQL, PGlite's own API on the data folder, Sapa stopped), seed the contacts set-wise, and
 * the floors (the fan-out's rows written by a plain INSERT … SELECT; the segment's count as one
 * plain statement). The columns and the idempotency key are those of
 * src/adapters/db/broadcast-runner.sql.ts: a change of the fan-out's statement is adapted here.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { BenchStore } from '../events/store-location.js';

export interface Db {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Sapa's database: DATABASE_URL on PostgreSQL, SAPA_DATA_DIR on PGlite (which Sapa must have released). */
export async function openDb(store: BenchStore, env: Record<string, string>): Promise<Db> {
  if (store === 'pglite') {
    const db = await PGlite.create({ dataDir: env.SAPA_DATA_DIR!, extensions: { pg_trgm } });
    return { query: async <T>(text: string, values?: unknown[]) => (await db.query<T>(text, values)).rows, close: () => db.close() };
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL! });
  await client.connect();
  return { query: async <T>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as T[], close: () => client.end() };
}

/** The tag the bench's segment selects (every even contact). */
export const SEGMENT_TAG = 'promo';

/**
 * N contacts in the (only) workspace: Indonesian mobile numbers, `promo` on the even ones (the
 * segment), and a WhatsApp opt-out on every tenth (so a fifth of the segment is skipped as opted_out).
 * Returns the workspace id and how many contacts the segment holds and how many of those opted out.
 */
export async function seedContacts(db: Db, contacts: number): Promise<{ workspaceId: string; segment: number; optedOut: number }> {
  const [ws] = await db.query<{ id: string }>(`select id from workspaces order by created_at limit 1`);
  if (!ws) throw new Error('no workspace: Sapa did not bootstrap');
  await db.query('begin');
  await db.query(
    `insert into contacts (workspace_id, external_id, name, phone, tags)
     select $1::uuid, 'BC-' || i, 'Pelanggan ' || i, '+62812' || lpad(i::text, 8, '0'),
            case when i % 2 = 0 then array['${SEGMENT_TAG}', 'pelanggan'] else array['pelanggan'] end
     from generate_series(1, $2::int) as i`,
    [ws.id, contacts],
  );
  await db.query(
    `insert into contact_consents (workspace_id, contact_id, channel, status, source, at)
     select c.workspace_id, c.id, 'whatsapp', 'opted_out', 'import', now()
     from contacts c where c.workspace_id = $1::uuid and c.external_id like '%0'`,
    [ws.id],
  );
  await db.query('commit');
  await db.query('analyze');
  const segment = Math.floor(contacts / 2);
  return { workspaceId: ws.id, segment, optedOut: Math.floor(contacts / 10) };
}

/** The recipients' rows of the fan-out's statement, for broadcast $2, from `chosen` (contacts c with id, phone, email). */
const RECIPIENT_ROWS = `
  insert into messages (workspace_id, contact_id, channel, recipient, template_id, broadcast_id, idempotency_key, category,
    body, content, rendered, status, failure_reason, scheduled_at, created_at, updated_at)
  select $1::uuid, c.id, 'whatsapp', c.phone, $3::uuid, $2::uuid, 'bc:' || $2::text || ':' || c.id::text, 'marketing',
    '', '{"channel":"whatsapp","params":[],"template":null}'::jsonb, false,
    case when c.phone is null or cc.status = 'opted_out' then 'skipped' else 'queued' end,
    case when c.phone is null then 'no_recipient: contact has no phone' when cc.status = 'opted_out' then 'opted_out' end,
    now(), now(), now()
  from chosen c
  left join contact_consents cc on cc.contact_id = c.id and cc.channel = 'whatsapp'`;

export interface FloorRun {
  rows: number;
  seconds: number;
}

/** One `insert … select` of every recipient row, one transaction. */
export async function floorOneStatement(db: Db, ids: { workspaceId: string; broadcastId: string; templateId: string }): Promise<FloorRun> {
  const t0 = performance.now();
  await db.query('begin');
  const rows = await db.query<{ n: number }>(`
    with chosen as (select c.id, c.phone from contacts c where c.workspace_id = $1::uuid and c.tags @> array['${SEGMENT_TAG}']),
    ins as (${RECIPIENT_ROWS} on conflict (workspace_id, idempotency_key) do nothing returning 1)
    select count(*)::int as n from ins`, [ids.workspaceId, ids.broadcastId, ids.templateId]);
  await db.query('commit');
  return { rows: rows[0]!.n, seconds: (performance.now() - t0) / 1000 };
}

/** The same rows in chunks of `chunk` contacts, keyset over contacts.id, a transaction each (the shape Sapa's runner has, without its jobs). */
export async function floorChunked(db: Db, ids: { workspaceId: string; broadcastId: string; templateId: string }, chunk: number): Promise<FloorRun> {
  const t0 = performance.now();
  let after: string | null = null;
  let total = 0;
  for (;;) {
    await db.query('begin');
    const [r]: { chosen: number; written: number; last: string | null }[] = await db.query<{ chosen: number; written: number; last: string | null }>(`
      with chosen as (
        select c.id, c.phone from contacts c
        where c.workspace_id = $1::uuid and ($4::uuid is null or c.id > $4::uuid) and c.tags @> array['${SEGMENT_TAG}']
        order by c.id limit $5::int
      ), ins as (${RECIPIENT_ROWS} on conflict (workspace_id, idempotency_key) do nothing returning 1)
      select (select count(*) from chosen)::int as chosen, (select count(*) from ins)::int as written,
             (select id::text from chosen order by id desc limit 1) as last`,
    [ids.workspaceId, ids.broadcastId, ids.templateId, after, chunk]);
    await db.query('commit');
    total += r!.written;
    after = r!.last;
    if (r!.chosen < chunk) break;
  }
  return { rows: total, seconds: (performance.now() - t0) / 1000 };
}

/** The segment's count as one plain statement: median ms of `times`. */
export async function floorCount(db: Db, workspaceId: string, times: number): Promise<{ count: number; medianMs: number }> {
  const ms: number[] = [];
  let count = 0;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const [r] = await db.query<{ n: number }>(`select count(*)::int as n from contacts c where c.workspace_id = $1::uuid and c.tags @> array['${SEGMENT_TAG}']`, [workspaceId]);
    ms.push(performance.now() - t0);
    count = r!.n;
  }
  return { count, medianMs: median(ms) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** What the store says of one broadcast: when it started and finished fanning out, and its messages by status. */
export async function broadcastTimes(db: Db, broadcastId: string): Promise<{ startedAt: Date | null; fannedOutAt: Date | null; total: number }> {
  const [b] = await db.query<{ started_at: Date | null; fanned_out_at: Date | null; total: number }>(
    `select started_at, fanned_out_at, total from broadcasts where id = $1::uuid`, [broadcastId]);
  if (!b) throw new Error(`broadcast ${broadcastId} not found`);
  return { startedAt: b.started_at && new Date(b.started_at), fannedOutAt: b.fanned_out_at && new Date(b.fanned_out_at), total: Number(b.total) };
}

/** Removes a floor's rows, so that no sweep ever picks them up during the send runs. */
export async function dropFloorRows(db: Db, broadcastIds: string[]): Promise<void> {
  await db.query(`delete from messages where broadcast_id = any($1::uuid[])`, [broadcastIds]);
}
