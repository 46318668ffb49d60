/**
 * A running Sapa for integration tests: a fresh store of the kind under test (SAPA_TEST_STORE),
 * the real runtime (queue, worker, channels) and the HTTP server on a free loopback port.
 * WhatsApp goes to the project's fake Cloud API server when one is given, else to the sandbox.
 */
import https from 'node:https';
import { openStore } from '../../src/adapters/db/client.js';
import { loadConfig } from '../../src/config/env.js';
import { bootstrap, openRuntime, startServer, type Runtime } from '../../src/main/runtime.js';
import type { FakeWhatsApp } from './fake-whatsapp/server.js';
import { openTestStore } from './test-store.js';

export const ADMIN = { email: 'owner@toko.test', password: 'rahasia-sekali-123' };

export interface TestApp {
  url: string;
  rt: Runtime;
  /** fetch against the app with the owner's session cookie. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Logs in and returns a client bound to another user's cookie (or unauthenticated when null). */
  client(cookie: string | null): TestApp['api'];
  cookie: string;
  /** The bounce-report SMTP listener's port, when SMTP_INBOUND_PORT was given. */
  inboundSmtpPort: number | null;
  close(): Promise<void>;
}

/** Starts Sapa for a test file. */
/**
 * `waba`: the server's number comes with its WABA id (WHATSAPP_WABA_ID), so Sapa follows its templates at
 * Meta and sends only approved ones outside the 24-hour window; without it, templates go out by name as before.
 */
/** `pushCa`: web pushes go through an https.Agent trusting this certificate (the fake push service's). */
export async function startTestApp(options: { whatsapp?: FakeWhatsApp; waba?: boolean; env?: Record<string, string>; seedDemo?: boolean; webDist?: string; pushCa?: string } = {}): Promise<TestApp> {
  const db = await openTestStore();
  const wa = options.whatsapp;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SAPA_DATA_DIR: db.config.dataDir,
    SAPA_ADMIN_EMAIL: ADMIN.email,
    SAPA_ADMIN_PASSWORD: ADMIN.password,
    SAPA_SEED_DEMO: options.seedDemo ? 'true' : 'false',
    SAPA_LOG_LEVEL: 'silent',
    ...(wa ? {
      WHATSAPP_API_BASE: wa.baseUrl,
      WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId,
      WHATSAPP_ACCESS_TOKEN: wa.accessToken,
      WHATSAPP_APP_SECRET: wa.appSecret,
      WHATSAPP_VERIFY_TOKEN: 'verify-me',
      ...(options.waba ? { WHATSAPP_WABA_ID: wa.wabaId } : {}),
    } : {}),
    ...options.env,
  });
  // On PostgreSQL the worker has its own pool, as in production.
  const workerDb = db.config.databaseUrl ? await openStore({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, poolSize: 4 }) : undefined;
  const rt = await openRuntime(config, { db, ...(workerDb ? { workerDb } : {}), ...(options.pushCa ? { pushAgent: new https.Agent({ ca: options.pushCa, keepAlive: true }) } : {}) });
  await bootstrap(rt);
  const server = await startServer(rt, { webDist: options.webDist ?? '/nonexistent' });
  const url = server.address.replace('0.0.0.0', '127.0.0.1');

  const client = (cookie: string | null): TestApp['api'] => (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has('authorization')) headers.set('cookie', cookie);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(url + path, { ...init, headers, body });
  };
  const login = await client(null)('/api/v1/auth/login', { method: 'POST', json: ADMIN });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  return {
    url, rt, cookie,
    inboundSmtpPort: server.inboundSmtpPort,
    api: client(cookie),
    client,
    async close() {
      await server.stop();
      await rt.close();
    },
  };
}

/** Polls until check returns a value that is not undefined, or fails after timeoutMs. */
/**
 * Marketing goes out at any hour: the workspace's quiet hours off and no frequency cap. A test that
 * is not about those rules calls this, or it passes by day and fails from 21:00 WIB (CI runs then).
 */
export async function marketingAtAnyHour(t: Pick<TestApp, 'api'>): Promise<void> {
  const res = await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } });
  if (res.status !== 200) throw new Error(`messaging settings answered ${res.status}: ${await res.text()}`);
}

export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
