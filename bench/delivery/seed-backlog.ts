/**
 * Everything `bench:delivery` knows about Sapa's tables and job shape, in this one file, so a
 * change of the delivery engine's schema or job payload is adapted here and nowhere else.
 *
 * What depends on the schema (drizzle/, src/app/ports.ts `Jobs`):
 * - tables and columns: workspaces(name); templates(workspace_id, code, message, category,
 *   whatsapp_name, whatsapp_language, variables); contacts(workspace_id, external_id, name, phone);
 *   messages(workspace_id, contact_id, channel, recipient, template_id, idempotency_key, category,
 *   body, status, scheduled_at, attempts, provider_message_id, sent_at, failed_at, failure_reason,
 *   updated_at) and the message's WhatsApp template and parameters, which come in two shapes
 *   (MessageShape, read from the database): 'columns' — params, whatsapp_template_name,
 *   whatsapp_language (migrations 0000–0002, the engine up to 26cd017) — or 'content' — one jsonb
 *   `{ channel, params, template: { name, language } }` (engine v2, migrations 0003–0004);
 * - the status vocabulary 'queued' | 'sending' | 'sent' | 'failed' and channel 'whatsapp';
 * - that a message with no contact_consents row and no whatsapp_last_inbound_at goes out as its
 *   approved template with the params as body parameters, and that the only workspace is the one
 *   the WHATSAPP_* environment serves;
 * - the queue: pg-boss 10 in schema `pgboss`, queue `deliver` (utility messages), payload
 *   `{ messageIds: string[] }`, created with Sapa's own settings by `sapa migrate`; jobs are
 *   inserted through pg-boss so they take them.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';

const DELIVER_QUEUE = 'deliver';
const PGBOSS_SCHEMA = 'pgboss';
const TEMPLATE_NAME = 'bench_order_update';
const TEMPLATE_TEXT = 'Halo {contactname}, pesanan {documentnumber} sedang kami proses.';

/** Where a message keeps its WhatsApp template and parameters (see the top of this file). */
export type MessageShape = 'columns' | 'content';

export interface Backlog {
  workspaceId: string;
  shape: MessageShape;
  /** Ids of the queued messages, in the order they were inserted (and enqueued). */
  messageIds: string[];
}

export interface SeedOptions {
  messages: number;
  /** Message ids per `deliver` job; 0 stores the messages without enqueuing them (the set-based floor). */
  idsPerJob: number;
  /**
   * The sender's limit (messages/s) for a limited run. Today's schema has no place for it: the
   * workers get it as SAPA_WHATSAPP_RATE_LIMIT (run.ts). An engine that keeps the limit in the store
   * (e.g. a channel account's rate) gets it written here.
   */
  ratePerSecond?: number;
}

/**
 * One workspace, one template, `messages` contacts and one queued WhatsApp message each, inserted
 * set-wise (INSERT … SELECT); then `deliver` jobs of `idsPerJob` ids each.
 */
export async function seedBacklog(pool: pg.Pool, options: SeedOptions): Promise<Backlog> {
  const client = await pool.connect();
  let backlog: Backlog;
  try {
    await client.query('begin');
    const ws = await client.query<{ id: string }>(`insert into workspaces (name) values ('Bench Delivery') returning id`);
    const workspaceId = ws.rows[0]!.id;
    const tpl = await client.query<{ id: string }>(
      `insert into templates (workspace_id, code, message, category, whatsapp_name, whatsapp_language, variables)
       values ($1, 'Bench Pesanan', $2, 'utility', $3, 'id', '{contactname,documentnumber}') returning id`,
      [workspaceId, TEMPLATE_TEXT, TEMPLATE_NAME],
    );
    await client.query(
      `insert into contacts (workspace_id, external_id, name, phone)
       select $1, 'BENCH-C-' || i, 'Pelanggan ' || i, '+62812' || lpad(i::text, 8, '0')
       from generate_series(1, $2::int) as i`,
      [workspaceId, options.messages],
    );
    const shape = await messageShape(client);
    const content = shape === 'content'
      ? { columns: 'content', values: `jsonb_build_object('channel', 'whatsapp', 'params', jsonb_build_array(c.name, 'SO-' || substr(c.external_id, 9)), 'template', jsonb_build_object('name', $3::text, 'language', 'id'))` }
      : { columns: 'params, whatsapp_template_name, whatsapp_language', values: `jsonb_build_array(c.name, 'SO-' || substr(c.external_id, 9)), $3, 'id'` };
    const inserted = await client.query<{ id: string }>(
      `insert into messages (workspace_id, contact_id, channel, recipient, template_id, idempotency_key, category,
                             body, ${content.columns}, status, scheduled_at)
       select c.workspace_id, c.id, 'whatsapp', c.phone, $2, 'bench:' || c.external_id, 'utility',
              'Halo ' || c.name || ', pesanan SO-' || substr(c.external_id, 9) || ' sedang kami proses.',
              ${content.values}, 'queued', now()
       from contacts c where c.workspace_id = $1
       returning id`,
      [workspaceId, tpl.rows[0]!.id, TEMPLATE_NAME],
    );
    await client.query('commit');
    backlog = { workspaceId, shape, messageIds: inserted.rows.map((r) => r.id) };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  if (options.idsPerJob > 0) await enqueue(pool, backlog.messageIds, options.idsPerJob);
  await pool.query('analyze');
  return backlog;
}

async function messageShape(client: pg.PoolClient): Promise<MessageShape> {
  const { rows } = await client.query(
    `select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'messages' and column_name = 'content'`,
  );
  return rows.length > 0 ? 'content' : 'columns';
}

/** Inserts `deliver` jobs through pg-boss (so they take the queue's retry/expiry settings). */
export async function enqueue(pool: pg.Pool, ids: string[], idsPerJob: number): Promise<void> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: PGBOSS_SCHEMA, migrate: false, supervise: false, schedule: false,
  });
  await boss.start();
  try {
    const jobs: PgBoss.JobInsert[] = [];
    for (let i = 0; i < ids.length; i += idsPerJob) jobs.push({ name: DELIVER_QUEUE, data: { messageIds: ids.slice(i, i + idsPerJob) } });
    for (let i = 0; i < jobs.length; i += 200) await boss.insert(jobs.slice(i, i + 200));
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export interface DeliveryState {
  byStatus: Record<string, number>;
  /** Messages not yet settled (queued or sending). */
  pending: number;
  /** Latest sent_at, ms since epoch (null when none is sent). */
  lastSentAt: number | null;
}

/** Where the backlog's messages stand. */
export async function deliveryState(pool: pg.Pool, backlog: Backlog): Promise<DeliveryState> {
  const { rows } = await pool.query<{ status: string; n: string; last: Date | null }>(
    `select status, count(*) as n, max(sent_at) as last from messages where workspace_id = $1 group by status`,
    [backlog.workspaceId],
  );
  const byStatus: Record<string, number> = {};
  let lastSentAt: number | null = null;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    if (r.last && r.status === 'sent') lastSentAt = r.last.getTime();
  }
  return { byStatus, pending: (byStatus.queued ?? 0) + (byStatus.sending ?? 0), lastSentAt };
}

/** What the set-based floor sends for one claimed message. */
export interface FloorSend {
  id: string;
  /** Digits only, as the Cloud API wants it. */
  to: string;
  templateName: string;
  language: string;
  params: string[];
}

/** The floor's claim: one statement for a batch of ids, queued → sending. */
export async function claimBatch(pool: pg.Pool, backlog: Backlog, ids: string[]): Promise<FloorSend[]> {
  const wa = backlog.shape === 'content'
    ? `content->'template'->>'name' as template_name, content->'template'->>'language' as language, content->'params' as params`
    : 'whatsapp_template_name as template_name, whatsapp_language as language, params';
  const { rows } = await pool.query<{ id: string; recipient: string; template_name: string; language: string; params: string[] }>(
    `update messages set status = 'sending', attempts = attempts + 1, updated_at = now()
     where id = any($1::uuid[]) and status = 'queued'
     returning id, recipient, ${wa}`,
    [ids],
  );
  return rows.map((r) => ({ id: r.id, to: r.recipient.replace(/\D/g, ''), templateName: r.template_name, language: r.language, params: r.params }));
}

/** The floor's record: one statement for the batch's sends (sending → sent), one more only if some failed. */
export async function recordBatch(pool: pg.Pool, sent: { id: string; wamid: string }[], failed: { id: string; reason: string }[]): Promise<void> {
  if (sent.length > 0) {
    await pool.query(
      `update messages m set status = 'sent', sent_at = now(), updated_at = now(), provider_message_id = v.wamid
       from unnest($1::uuid[], $2::text[]) as v(id, wamid)
       where m.id = v.id and m.status = 'sending'`,
      [sent.map((s) => s.id), sent.map((s) => s.wamid)],
    );
  }
  if (failed.length > 0) {
    await pool.query(
      `update messages m set status = 'failed', failed_at = now(), updated_at = now(), failure_reason = v.reason
       from unnest($1::uuid[], $2::text[]) as v(id, reason)
       where m.id = v.id and m.status = 'sending'`,
      [failed.map((f) => f.id), failed.map((f) => f.reason)],
    );
  }
}
