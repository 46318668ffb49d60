/**
 * Email rows of `bench:delivery`: a `sapa worker` sending a backlog of email messages over SMTP to
 * an in-process SMTP server (smtp-server, the same package as test/support/smtp-sink.ts, but it
 * only counts: parsing every message with mailparser would cost the machine more than the sending
 * it measures). The worker's account is a workspace email account (channel_accounts, SMTP URL
 * sealed with the run's SAPA_SECRET_KEY) whose ratePerSecond is the limit of a limited run: the
 * same route and per-sender pace as WhatsApp's.
 *
 * The counter reads each message's Message-ID (`<message id>.<mac>@bench.test`, written by the
 * email channel) to check every message arrived exactly once. For the sliding 1-second window it
 * keeps when each transaction began (MAIL FROM: when the provider sees a send start, as the Cloud
 * API server counts a request on arrival) and, for the note, when its DATA ended (that adds the
 * jitter of the SMTP conversation and the pool on a loaded machine).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createSecretBox, secretKeyFrom } from '../../src/adapters/security/secret-box.js';
import { slidingMax, type CountingPeer } from './peer.js';
import { enqueue, type Backlog } from './seed-backlog.js';

export const BENCH_SECRET_KEY = 'bench-delivery-email-secret-key-0123456789';

/** An SMTP server that accepts everything and counts messages by our message id, as a counting peer. */
export async function startEmailPeer(): Promise<CountingPeer> {
  let perId = new Map<string, number>();
  let times: number[] = [];
  let starts: number[] = [];
  let unknown = 0;
  const server = new SMTPServer({
    secure: false, authOptional: true, disabledCommands: ['STARTTLS'], hideSTARTTLS: true, allowInsecureAuth: true, logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'bench' }),
    onMailFrom(_address, _session, callback) {
      starts.push(Date.now());
      callback();
    },
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('latin1');
      });
      stream.on('end', () => {
        times.push(Date.now());
        const id = /^message-id:\s*<([0-9a-f-]{36})\./im.exec(head)?.[1];
        if (id) perId.set(id, (perId.get(id) ?? 0) + 1);
        else unknown++;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const smtpUrl = `smtp://bench:bench@127.0.0.1:${port}`;
  return {
    noun: 'emails',
    env: {},
    reset() {
      perId = new Map();
      times = [];
      starts = [];
      unknown = 0;
    },
    async seed(pool, options) {
      const backlog = await seedEmailBacklog(pool, { ...options, smtpUrl });
      return { backlog, keys: backlog.messageIds };
    },
    report() {
      const start = slidingMax(starts);
      if (process.env.SAPA_DEBUG_PACE) writeFileSync(process.env.SAPA_DEBUG_PACE, JSON.stringify(starts));
      return {
        perKey: perId, firstAt: start.first, maxSliding1s: start.max, unknown,
        note: `most transactions begun (MAIL FROM) in any sliding second ${start.max}, messages completed (end of DATA) ${slidingMax(times).max}`,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * One workspace with an email account (SMTP URL sealed, ratePerSecond as given), `messages`
 * contacts with an address and one queued utility email each; then `deliver` jobs.
 */
async function seedEmailBacklog(pool: pg.Pool, options: { messages: number; idsPerJob: number; smtpUrl: string; ratePerSecond: number | null }): Promise<Backlog> {
  const client = await pool.connect();
  let backlog: Backlog;
  try {
    await client.query('begin');
    const workspaceId = (await client.query<{ id: string }>(`insert into workspaces (name) values ('Bench Email') returning id`)).rows[0]!.id;
    // Sealed as app/email-account.ts seals it (context channel_accounts:<workspace>:email).
    const box = createSecretBox(secretKeyFrom(BENCH_SECRET_KEY));
    await client.query(
      `insert into channel_accounts (workspace_id, channel, sender_key, settings, secrets, rate_per_second)
       values ($1, 'email', 'halo@bench.test', $2, $3, $4)`,
      [workspaceId, { fromName: 'Toko Bench', fromAddress: 'halo@bench.test' }, box.seal(JSON.stringify({ smtpUrl: options.smtpUrl }), `channel_accounts:${workspaceId}:email`), options.ratePerSecond],
    );
    await client.query(
      `insert into contacts (workspace_id, external_id, name, email)
       select $1, 'BENCH-E-' || i, 'Pelanggan ' || i, 'pelanggan' || i || '@bench.test' from generate_series(1, $2::int) as i`,
      [workspaceId, options.messages],
    );
    const inserted = await client.query<{ id: string }>(
      `insert into messages (workspace_id, contact_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at)
       select c.workspace_id, c.id, 'email', c.email, 'bench:' || c.external_id, 'utility',
              'Halo ' || c.name || ', pesanan SO-' || substr(c.external_id, 9) || ' sedang kami proses.',
              jsonb_build_object('channel', 'email', 'subject', 'Pesanan SO-' || substr(c.external_id, 9), 'html', null), 'queued', now()
       from contacts c where c.workspace_id = $1 returning id`,
      [workspaceId],
    );
    await client.query('commit');
    backlog = { workspaceId, shape: 'content', messageIds: inserted.rows.map((r) => r.id) };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await enqueue(pool, backlog.messageIds, options.idsPerJob);
  await pool.query('analyze');
  return backlog;
}
