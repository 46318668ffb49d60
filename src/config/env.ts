/**
 * process.env parsed once into a frozen Config. Nothing else reads process.env.
 * Fails fast with a message that names each bad variable.
 */
import { z } from 'zod';
import { WhatsAppCredentials } from '../contracts/channels.js';
import { SmtpUrl, parseMailbox } from '../contracts/email-channel.js';

const optional = z.string().trim().min(1).optional().or(z.literal('').transform(() => undefined));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SAPA_DATA_DIR: z.string().default('.sapa-data'),
  DATABASE_URL: optional,
  SAPA_ADMIN_EMAIL: z.email().optional().or(z.literal('').transform(() => undefined)),
  SAPA_ADMIN_PASSWORD: z.string().min(8, 'SAPA_ADMIN_PASSWORD needs at least 8 characters').optional().or(z.literal('').transform(() => undefined)),
  SAPA_SEED_DEMO: z.enum(['true', 'false']).optional(),
  SAPA_PUBLIC_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  SAPA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SAPA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  SAPA_WORKER_LOOPS: z.coerce.number().int().min(1).max(32).default(4),
  SAPA_WORKER_JOBS_PER_FETCH: z.coerce.number().int().min(1).max(100).default(2),
  SAPA_WHATSAPP_RATE_LIMIT: z.coerce.number().min(0).max(10_000).default(80),
  SAPA_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(900),
  SAPA_INTAKE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SAPA_INTAKE_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
  SAPA_RUN_WORKER: z.enum(['true', 'false']).default('true'),
  SAPA_WORKER_PORT: z.coerce.number().int().min(1).max(65535).optional().or(z.literal('').transform(() => undefined)),
  SAPA_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SAPA_WORKER_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
  SAPA_SENDING_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  SAPA_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** A queued message this long past its time lost its job (a worker died holding it): queued again. Unset: 10 min or twice the reconciliation window. */
  SAPA_OVERDUE_SECONDS: z.coerce.number().int().min(5).max(86_400).optional(),
  /** How often workers look for broadcasts to start or fan out, and recipients written per transaction. */
  SAPA_BROADCAST_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  SAPA_BROADCAST_CHUNK: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** How often workers move due journey runs (ms); 0 turns the loop off (tests that drive it on a simulated clock). */
  SAPA_JOURNEY_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Journey runs moved per transaction. */
  SAPA_JOURNEY_BATCH: z.coerce.number().int().min(1).max(20_000).default(2000),
  /** Batches a worker moves at once, each its own transaction on its own connection (PGlite: one at a time). */
  SAPA_JOURNEY_LANES: z.coerce.number().int().min(1).max(8).default(2),
  /** How often segment-triggered journeys look for new members (ms). */
  SAPA_JOURNEY_SEGMENT_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  SAPA_LIFECYCLE_SWEEP_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** Outbound webhooks: how often an idle worker looks for due deliveries (ms), per batch, in flight, receiver timeout. */
  SAPA_WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(500),
  SAPA_WEBHOOK_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
  /** Days a finished delivery (delivered, or failed after every attempt) and its event stay in the log. */
  SAPA_WEBHOOK_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SAPA_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  SAPA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Delays between attempts (ms, comma-separated); default the three-day schedule of domain/webhooks/retry.ts. */
  SAPA_WEBHOOK_RETRY_DELAYS_MS: z.string().regex(/^\d+(,\d+){0,29}$/).optional(),
  /** Pause a subscription after this many failed attempts in a row (or a day of only failures). */
  SAPA_WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  /** http://localhost and loopback addresses as receivers (tests, local dev); default: everywhere but production. */
  SAPA_WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).optional(),
  /** How often workers ask Meta about templates still in review (a status webhook may be lost). */
  SAPA_TEMPLATE_SYNC_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How often workers rerun RFM and refit the customer-value model of every workspace (recency drifts daily). */
  SAPA_INSIGHTS_HOURS: z.coerce.number().min(0.01).max(24 * 7).default(24),
  SAPA_LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  SAPA_LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  WHATSAPP_API_BASE: z.url().default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  WHATSAPP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  WHATSAPP_PHONE_NUMBER_ID: optional,
  WHATSAPP_ACCESS_TOKEN: optional,
  WHATSAPP_APP_SECRET: optional,
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_WABA_ID: optional,
  // The Meta app's id: submitting a template with an image/document header uploads its example through the app.
  WHATSAPP_APP_ID: optional,
  /** The first workspace's email account unless it saves its own: smtp(s)://user:pass@host:port and the From. */
  SMTP_URL: SmtpUrl.optional().or(z.literal('').transform(() => undefined)),
  EMAIL_FROM: optional,
  /** Messages per second SMTP_URL's account may send (0: no limit). */
  SAPA_EMAIL_RATE_LIMIT: z.coerce.number().min(0).max(10_000).default(0),
  /** A port to receive bounce reports (DSN, RFC 3464) on by SMTP; unset: no listener. */
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional().or(z.literal('').transform(() => undefined)),
  SMS_API_BASE: z.url().default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: optional,
  SMS_AUTH_TOKEN: optional,
  SMS_FROM: optional,
  /** Unset: 15 s, or less when the reconciliation window is shorter (it must outlast a send). */
  SMS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).optional(),
  /** Messages per second per SMS sender unless its account says otherwise; 0: no limit. */
  SAPA_SMS_RATE_LIMIT: z.coerce.number().min(0).max(10_000).default(10),
  /** The contact of the sender of web pushes (RFC 8292 `sub`): mailto: or https:. */
  VAPID_SUBJECT: z.string().trim().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'VAPID_SUBJECT is a mailto: address or an https: URL').optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * Hosts browsers' push subscriptions may point at (comma-separated; `.example.com` also matches
   * its subdomains). Default: the push services of Chrome/Edge/Android, Firefox, Safari and
   * Windows, so a visitor cannot make Sapa post to an address of its choosing.
   */
  SAPA_PUSH_ENDPOINT_HOSTS: z.string().trim().default('fcm.googleapis.com,.push.services.mozilla.com,.push.apple.com,.notify.windows.com'),
  // The key that seals channel secrets at rest (adapters/security/secret-box.ts says how it is read).
  // Who may set X-Forwarded-For: unset (nobody), true, or the proxies' addresses/CIDRs.
  SAPA_TRUST_PROXY: z.string().trim().optional().transform((v, ctx) => {
    if (!v || v === 'false') return false;
    if (v === 'true') return true;
    const items = v.split(',').map((i) => i.trim());
    if (items.every((i) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]{2,45}(\/\d{1,3})?)$/.test(i))) return items.join(',');
    ctx.addIssue({ code: 'custom', message: 'SAPA_TRUST_PROXY is true or a comma-separated list of proxy addresses/CIDRs (loopback, 10.0.0.0/8, …)' });
    return z.NEVER;
  }),
  SAPA_SECRET_KEY: z.string().trim().min(16, 'SAPA_SECRET_KEY needs 32 random bytes as 64 hex or base64 characters, or a passphrase of at least 16 characters')
    .optional().or(z.literal('').transform(() => undefined)),
  NODE_ENV: z.string().optional(),
});

export interface WhatsAppEnv {
  readonly apiBase: string;
  readonly apiVersion: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly wabaId?: string;
  readonly appId?: string;
}

export interface EmailEnv {
  readonly smtpUrl: string;
  /** The From header, `"Name" <address>` or an address. */
  readonly from: string;
}

/** The SMS account of SMS_* (Twilio's Messages API or a compatible gateway). */
export interface SmsEnv {
  readonly accountSid: string;
  readonly authToken: string;
  /** E.164 number, alphanumeric sender id, or a Messaging Service sid (MG…). */
  readonly from: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly admin: { readonly email?: string; readonly password?: string };
  /** Seed a demo workspace (contacts, templates, automations) on first start; default on for the embedded store. */
  readonly seedDemo: boolean;
  readonly publicUrl?: string;
  readonly logLevel: string;
  /** Sends in flight at once in one worker process (SAPA_WORKER_CONCURRENCY). */
  readonly workerConcurrency: number;
  /** Independent queue fetch loops per worker process, and jobs (of ≤ 100 messages) each fetches at once. */
  readonly workerLoops: number;
  readonly workerJobsPerFetch: number;
  /** Messages per second per WhatsApp number unless its account says otherwise; null: no limit. */
  readonly whatsappRateLimit: number | null;
  /** Event intake: transactions in flight at once, and events per transaction at most (group commit). */
  readonly intake: { readonly concurrency: number; readonly maxBatch: number };
  /**
   * A message left in `sending` this long belongs to a process that died mid-send; the sweep, run
   * every sweepIntervalMs, sends it again with the same idempotency key.
   */
  readonly delivery: { readonly leaseMs: number; readonly sweepIntervalMs: number; readonly reconcileMs: number; readonly overdueMs: number };
  /** Broadcasts: how often a worker looks for one to start or fan out (ms), and recipients per fan-out transaction. */
  readonly broadcast: { readonly intervalMs: number; readonly chunk: number };
  readonly journeys: { readonly intervalMs: number; readonly batch: number; readonly lanes: number; readonly segmentIntervalMs: number };
  /** How often a worker restages contacts whose lifecycle stage may have changed on the clock. */
  readonly lifecycleSweepMs: number;
  /** How often a worker asks Meta about the review of templates still pending (ms). */
  readonly templateSyncMs: number;
  /** Outbound webhooks' worker and receiver rules (adapters/webhooks/target-policy.ts). */
  readonly webhooks: {
    readonly intervalMs: number; readonly batch: number; readonly concurrency: number; readonly timeoutMs: number;
    readonly retryDelaysMs: readonly number[] | null; readonly pauseAfterFailures: number; readonly allowLoopback: boolean;
    readonly keepDays: number;
  };
  /** The periodic RFM run and value fit (app/insights.ts). */
  readonly insightsMs: number;
  /** `sapa start` also runs a delivery worker (turn off on API-only nodes when `sapa worker`s run elsewhere). */
  readonly runWorker: boolean;
  /** SAPA_WORKER_PORT: where `sapa worker` serves /healthz, /readyz and /metrics (unset: no port). */
  readonly workerPort?: number;
  /** PostgreSQL connections for requests, and (separately) for the worker and queue. */
  readonly poolSize: number;
  readonly workerPoolSize: number;
  /** SMS_*: the first workspace's SMS sender when it has no account of its own; null: none (SMS goes to the sandbox). */
  readonly sms: SmsEnv | null;
  /** Where every SMS account is reached (SMS_API_BASE), and how long a send may wait for its answer. */
  readonly smsApi: { readonly base: string; readonly timeoutMs: number };
  /** Messages per second per SMS sender unless its account says otherwise; null: no limit. */
  readonly smsRateLimit: number | null;
  /** Hosts a push subscription's endpoint may be at (`.suffix` matches subdomains). */
  readonly pushEndpointHosts: readonly string[];
  /** VAPID_SUBJECT (mailto: or https:): set, web pushes go to browsers; unset, to the sandbox. */
  readonly vapidSubject?: string;
  /** null: no credentials, WhatsApp messages go to the sandbox. */
  readonly whatsapp: WhatsAppEnv | null;
  /** The Cloud API endpoint every WhatsApp number is reached at (the env's and each workspace's). */
  readonly whatsappApi: { readonly base: string; readonly version: string; /** A send without an answer by then is unsettled (WHATSAPP_TIMEOUT_SECONDS). */ readonly timeoutMs: number };
  /**
   * SAPA_SECRET_KEY: seals channel secrets at rest. Unset on the embedded store, a key is generated
   * into the data folder; unset on PostgreSQL, channel accounts cannot be saved (WHATSAPP_* still work).
   */
  readonly secretKey?: string;
  /** SMTP_URL + EMAIL_FROM: the first workspace's email unless it has its own account; null: the sandbox. */
  readonly email: EmailEnv | null;
  /** Messages per second of an email account that sets none (SAPA_EMAIL_RATE_LIMIT; null: no limit). */
  readonly emailRateLimit: number | null;
  /** SMTP_INBOUND_PORT: where bounce reports (DSN) are received by SMTP; absent: not listened for. */
  readonly smtpInboundPort?: number;
  /**
   * SAPA_TRUST_PROXY: whose X-Forwarded-For to believe (Fastify's trustProxy). false by default, so
   * a caller cannot choose the address login throttling and logs see.
   */
  readonly trustProxy: boolean | string;
  /**
   * Login throttling: after a few wrong passwords each try waits a delay starting at
   * loginDelayMs (doubling; 0 turns delays off), and 10 in 15 minutes lock the account for loginLockMs.
   */
  readonly login: { readonly lockMs: number; readonly delayMs: number };
  readonly production: boolean;
}

export class ConfigError extends Error {}

/** Parses an environment (default process.env) into Config, or throws ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // The sweep sends again what has had no answer for the reconciliation window: a send still
  // waiting for its answer in a live process must have given up by then.
  if (e.SAPA_RECONCILE_SECONDS <= e.WHATSAPP_TIMEOUT_SECONDS) {
    throw new ConfigError(`Invalid configuration:\n  SAPA_RECONCILE_SECONDS (${e.SAPA_RECONCILE_SECONDS}) must be longer than WHATSAPP_TIMEOUT_SECONDS (${e.WHATSAPP_TIMEOUT_SECONDS}): a send still waiting for WhatsApp's answer would be sent again.`);
  }
  const smsTimeout = e.SMS_TIMEOUT_SECONDS ?? Math.max(1, Math.min(15, e.SAPA_RECONCILE_SECONDS - 1));
  if (e.SAPA_RECONCILE_SECONDS <= smsTimeout) {
    throw new ConfigError(`Invalid configuration:\n  SAPA_RECONCILE_SECONDS (${e.SAPA_RECONCILE_SECONDS}) must be longer than SMS_TIMEOUT_SECONDS (${smsTimeout}): a send still waiting for the SMS provider's answer would be sent again.`);
  }
  const waKeys = ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;
  const present = waKeys.filter((k) => e[k] !== undefined);
  if (present.length > 0 && present.length < waKeys.length) {
    const missing = waKeys.filter((k) => e[k] === undefined);
    throw new ConfigError(`Invalid configuration:\n  WhatsApp is partly configured; also set ${missing.join(', ')} (or unset all to use the sandbox).`);
  }
  const whatsapp: WhatsAppEnv | null = present.length === waKeys.length
    ? {
        apiBase: e.WHATSAPP_API_BASE.replace(/\/+$/, ''),
        apiVersion: e.WHATSAPP_API_VERSION,
        phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
        accessToken: e.WHATSAPP_ACCESS_TOKEN!,
        appSecret: e.WHATSAPP_APP_SECRET!,
        verifyToken: e.WHATSAPP_VERIFY_TOKEN!,
        ...(e.WHATSAPP_WABA_ID ? { wabaId: e.WHATSAPP_WABA_ID } : {}),
        ...(e.WHATSAPP_APP_ID ? { appId: e.WHATSAPP_APP_ID } : {}),
      }
    : null;
  if (whatsapp) {
    // The same rules as a number saved in Pengaturan (contracts/channels.ts), reported by variable name.
    const checked = WhatsAppCredentials.safeParse(whatsapp);
    if (!checked.success) {
      const names: Record<string, string> = { phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID', wabaId: 'WHATSAPP_WABA_ID', appId: 'WHATSAPP_APP_ID', accessToken: 'WHATSAPP_ACCESS_TOKEN', appSecret: 'WHATSAPP_APP_SECRET', verifyToken: 'WHATSAPP_VERIFY_TOKEN' };
      const lines = checked.error.issues.map((i) => `  ${names[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
      throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    }
  }
  const email = emailFrom(e);
  const smsKeys = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;
  const smsPresent = smsKeys.filter((k) => e[k] !== undefined);
  if (smsPresent.length > 0 && smsPresent.length < smsKeys.length) {
    const missing = smsKeys.filter((k) => e[k] === undefined);
    throw new ConfigError(`Invalid configuration:\n  SMS is partly configured; also set ${missing.join(', ')} (or unset all to use the sandbox).`);
  }
  const sms: SmsEnv | null = smsPresent.length === smsKeys.length ? { accountSid: e.SMS_ACCOUNT_SID!, authToken: e.SMS_AUTH_TOKEN!, from: e.SMS_FROM! } : null;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: e.SAPA_DATA_DIR,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    admin: { email: e.SAPA_ADMIN_EMAIL, password: e.SAPA_ADMIN_PASSWORD },
    seedDemo: e.SAPA_SEED_DEMO ? e.SAPA_SEED_DEMO === 'true' : !e.DATABASE_URL,
    ...(e.SAPA_PUBLIC_URL ? { publicUrl: e.SAPA_PUBLIC_URL } : {}),
    logLevel: e.SAPA_LOG_LEVEL,
    workerConcurrency: e.SAPA_WORKER_CONCURRENCY,
    workerLoops: e.SAPA_WORKER_LOOPS,
    workerJobsPerFetch: e.SAPA_WORKER_JOBS_PER_FETCH,
    whatsappRateLimit: e.SAPA_WHATSAPP_RATE_LIMIT > 0 ? e.SAPA_WHATSAPP_RATE_LIMIT : null,
    intake: { concurrency: e.SAPA_INTAKE_CONCURRENCY, maxBatch: e.SAPA_INTAKE_BATCH },
    runWorker: e.SAPA_RUN_WORKER === 'true',
    ...(e.SAPA_WORKER_PORT !== undefined ? { workerPort: e.SAPA_WORKER_PORT } : {}),
    poolSize: e.SAPA_DB_POOL_SIZE,
    workerPoolSize: e.SAPA_WORKER_POOL_SIZE,
    delivery: { leaseMs: e.SAPA_SENDING_LEASE_SECONDS * 1000, sweepIntervalMs: e.SAPA_SWEEP_INTERVAL_SECONDS * 1000, reconcileMs: e.SAPA_RECONCILE_SECONDS * 1000,
      overdueMs: e.SAPA_OVERDUE_SECONDS !== undefined ? e.SAPA_OVERDUE_SECONDS * 1000 : Math.max(10 * 60_000, 2 * e.SAPA_RECONCILE_SECONDS * 1000) },
    broadcast: { intervalMs: e.SAPA_BROADCAST_INTERVAL_MS, chunk: e.SAPA_BROADCAST_CHUNK },
    journeys: { intervalMs: e.SAPA_JOURNEY_INTERVAL_MS, batch: e.SAPA_JOURNEY_BATCH, lanes: e.SAPA_JOURNEY_LANES, segmentIntervalMs: e.SAPA_JOURNEY_SEGMENT_INTERVAL_MS },
    lifecycleSweepMs: e.SAPA_LIFECYCLE_SWEEP_MS,
    webhooks: {
      intervalMs: e.SAPA_WEBHOOK_INTERVAL_MS, batch: e.SAPA_WEBHOOK_BATCH, concurrency: e.SAPA_WEBHOOK_CONCURRENCY, timeoutMs: e.SAPA_WEBHOOK_TIMEOUT_MS,
      retryDelaysMs: e.SAPA_WEBHOOK_RETRY_DELAYS_MS ? e.SAPA_WEBHOOK_RETRY_DELAYS_MS.split(',').map(Number) : null,
      pauseAfterFailures: e.SAPA_WEBHOOK_PAUSE_AFTER_FAILURES,
      keepDays: e.SAPA_WEBHOOK_KEEP_DAYS,
      allowLoopback: e.SAPA_WEBHOOK_ALLOW_LOOPBACK !== undefined ? e.SAPA_WEBHOOK_ALLOW_LOOPBACK === 'true' : e.NODE_ENV !== 'production',
    },
    templateSyncMs: e.SAPA_TEMPLATE_SYNC_SECONDS * 1000,
    insightsMs: Math.round(e.SAPA_INSIGHTS_HOURS * 3_600_000),
    sms,
    smsApi: { base: e.SMS_API_BASE.replace(/\/+$/, ''), timeoutMs: smsTimeout * 1000 },
    smsRateLimit: e.SAPA_SMS_RATE_LIMIT > 0 ? e.SAPA_SMS_RATE_LIMIT : null,
    ...(e.VAPID_SUBJECT ? { vapidSubject: e.VAPID_SUBJECT } : {}),
    pushEndpointHosts: e.SAPA_PUSH_ENDPOINT_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    whatsapp,
    whatsappApi: { base: e.WHATSAPP_API_BASE.replace(/\/+$/, ''), version: e.WHATSAPP_API_VERSION, timeoutMs: e.WHATSAPP_TIMEOUT_SECONDS * 1000 },
    ...(e.SAPA_SECRET_KEY ? { secretKey: e.SAPA_SECRET_KEY } : {}),
    email,
    emailRateLimit: e.SAPA_EMAIL_RATE_LIMIT > 0 ? e.SAPA_EMAIL_RATE_LIMIT : null,
    ...(e.SMTP_INBOUND_PORT !== undefined ? { smtpInboundPort: e.SMTP_INBOUND_PORT } : {}),
    trustProxy: e.SAPA_TRUST_PROXY,
    login: { lockMs: e.SAPA_LOGIN_LOCK_SECONDS * 1000, delayMs: e.SAPA_LOGIN_DELAY_MS },
    production: e.NODE_ENV === 'production',
  });
}

/** SMTP_URL and EMAIL_FROM go together; on PostgreSQL the unsubscribe links need SAPA_SECRET_KEY (every process must sign alike). */
function emailFrom(e: z.output<typeof EnvSchema>): EmailEnv | null {
  if (!e.SMTP_URL && !e.EMAIL_FROM) return null;
  if (!e.SMTP_URL || !e.EMAIL_FROM) {
    throw new ConfigError(`Invalid configuration:\n  Email is partly configured; also set ${e.SMTP_URL ? 'EMAIL_FROM (e.g. "Toko Budi <halo@toko.id>")' : 'SMTP_URL (e.g. smtp://user:pass@mail.example.com:587)'} (or unset both to use the sandbox).`);
  }
  const from = parseMailbox(e.EMAIL_FROM);
  if (!from) throw new ConfigError('Invalid configuration:\n  EMAIL_FROM: an address (halo@toko.id) or a name and an address ("Toko Budi <halo@toko.id>")');
  if (e.DATABASE_URL && !e.SAPA_SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  SMTP_URL on PostgreSQL needs SAPA_SECRET_KEY: unsubscribe links are signed with it, the same on every process.');
  }
  return { smtpUrl: e.SMTP_URL, from: from.name ? `"${from.name}" <${from.address}>` : from.address };
}
