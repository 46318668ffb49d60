/**
 * SMS rows of `bench:delivery`: a `sapa worker` sending a backlog of SMS through the SMS channel's
 * Twilio wire format to the project's local Twilio-compatible provider (test/support/fake-sms.ts:
 * basic auth, form bodies, 201 Message resources, as the SMS channel's tests use it). The worker's
 * sender is a workspace SMS account (channel_accounts, auth token sealed with the run's
 * SAPA_SECRET_KEY) whose ratePerSecond is the limit of a limited run: the same route and per-sender
 * pace as WhatsApp's and email's.
 *
 * A send carries no id of ours on the wire (Twilio's API has no field for it), so the check
 * "each message exactly once" counts by recipient: every seeded contact has its own number and
 * one message. The sliding 1-second window uses each request's arrival time at the provider.
 */
import type pg from 'pg';
import { createSecretBox, secretKeyFrom } from '../../src/adapters/security/secret-box.js';
import { startFakeSms, type FakeSms } from '../../test/support/fake-sms.js';
import { BENCH_SECRET_KEY } from './email.js';
import { enqueue, type Backlog } from './seed-backlog.js';
import { slidingMax, type CountingPeer } from './peer.js';

const FROM = '+6281100000000';

/** The local SMS provider as a counting peer: counts created messages per recipient. */
export async function startSmsPeer(): Promise<CountingPeer & { sms: FakeSms }> {
  const sms = await startFakeSms();
  let since = 0;
  return {
    sms,
    noun: 'SMS',
    // No default pace (SAPA_SMS_RATE_LIMIT, 10/s): the unlimited run measures the worker; a limited run's account sets its own.
    env: { SMS_API_BASE: sms.baseUrl, SAPA_SMS_RATE_LIMIT: '0' },
    reset() {
      since = sms.requests().length;
    },
    seed: (pool, options) => seedSmsBacklog(pool, { ...options, accountSid: sms.accountSid, authToken: sms.authToken }),
    report() {
      const created = sms.requests().slice(since).filter((r) => r.status === 201);
      const perKey = new Map<string, number>();
      for (const r of created) perKey.set(r.form['To']!, (perKey.get(r.form['To']!) ?? 0) + 1);
      const refused = sms.requests().slice(since).filter((r) => r.status !== 201).length;
      const window = slidingMax(created.map((r) => r.at));
      return { perKey, firstAt: window.first, maxSliding1s: window.max, unknown: 0, note: `requests the provider refused ${refused}` };
    },
    close: () => sms.close(),
  };
}

/**
 * One workspace with an SMS account (token sealed, ratePerSecond as given), `messages` contacts with
 * their own number and one queued utility SMS each; then `deliver` jobs. Keys: the recipients.
 */
async function seedSmsBacklog(
  pool: pg.Pool, options: { messages: number; idsPerJob: number; ratePerSecond: number | null; accountSid: string; authToken: string },
): Promise<{ backlog: Backlog; keys: string[] }> {
  const client = await pool.connect();
  let backlog: Backlog;
  let keys: string[];
  try {
    await client.query('begin');
    const workspaceId = (await client.query<{ id: string }>(`insert into workspaces (name) values ('Bench SMS') returning id`)).rows[0]!.id;
    // Sealed as app/sms-account.ts seals it (context channel_accounts:<workspace>:sms), keyed as smsSenderKey does.
    const box = createSecretBox(secretKeyFrom(BENCH_SECRET_KEY));
    await client.query(
      `insert into channel_accounts (workspace_id, channel, sender_key, settings, secrets, rate_per_second)
       values ($1, 'sms', $2, $3, $4, $5)`,
      [workspaceId, `${options.accountSid}:${FROM}`, { accountSid: options.accountSid, from: FROM },
        box.seal(JSON.stringify({ authToken: options.authToken }), `channel_accounts:${workspaceId}:sms`), options.ratePerSecond],
    );
    await client.query(
      `insert into contacts (workspace_id, external_id, name, phone)
       select $1, 'BENCH-S-' || i, 'Pelanggan ' || i, '+62813' || lpad(i::text, 8, '0') from generate_series(1, $2::int) as i`,
      [workspaceId, options.messages],
    );
    const inserted = await client.query<{ id: string; recipient: string }>(
      `insert into messages (workspace_id, contact_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at)
       select c.workspace_id, c.id, 'sms', c.phone, 'bench:' || c.external_id, 'utility',
              'Halo ' || c.name || ', pesanan SO-' || substr(c.external_id, 9) || ' sedang kami proses.',
              jsonb_build_object('channel', 'sms'), 'queued', now()
       from contacts c where c.workspace_id = $1 returning id, recipient`,
      [workspaceId],
    );
    await client.query('commit');
    backlog = { workspaceId, shape: 'content', messageIds: inserted.rows.map((r) => r.id) };
    keys = inserted.rows.map((r) => r.recipient);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await enqueue(pool, backlog.messageIds, options.idsPerJob);
  await pool.query('analyze');
  return { backlog, keys };
}
