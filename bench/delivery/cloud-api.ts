/** The benchmark's handle on the zero-latency Cloud API process (cloud-api-server.ts): start, reset, read, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Progress, Report, ServerCommand, ServerReply } from './cloud-api-server.js';

export type { Progress, Report } from './cloud-api-server.js';

export const PHONE_NUMBER_ID = '100000000000001';
export const ACCESS_TOKEN = 'bench-access-token';
const API_VERSION = 'v21.0';
const REPLY_TIMEOUT_MS = 30_000;

export interface CloudApi {
  /** e.g. http://127.0.0.1:41234 (WHATSAPP_API_BASE). */
  baseUrl: string;
  /** The full send URL, for the floor. */
  sendUrl: string;
  /** Environment that points a Sapa process at this server. */
  env: Record<string, string>;
  /** Forgets every request seen so far (between runs). */
  reset(): Promise<void>;
  progress(): Promise<Progress>;
  report(): Promise<Report>;
  close(): Promise<void>;
}

/** Starts the server as a child process on a free loopback port. */
export async function startCloudApi(): Promise<CloudApi> {
  const entry = fileURLToPath(new URL('./cloud-api-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_WA_PHONE_NUMBER_ID: PHONE_NUMBER_ID, BENCH_WA_ACCESS_TOKEN: ACCESS_TOKEN },
  });
  const waiting = new Map<number, (reply: ServerReply) => void>();
  let ready: ((port: number) => void) | null = null;
  child.on('message', (reply: ServerReply) => {
    if (reply.kind === 'ready') ready?.(reply.port);
    else waiting.get(reply.seq)?.(reply);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Cloud API server did not start within 30 s')), REPLY_TIMEOUT_MS);
    ready = (p) => {
      clearTimeout(timer);
      resolve(p);
    };
    child.once('exit', (code) => reject(new Error(`the Cloud API server exited with ${code}`)));
  });

  let seq = 0;
  const ask = (kind: ServerCommand['kind']): Promise<ServerReply> => new Promise((resolve, reject) => {
    const n = ++seq;
    const timer = setTimeout(() => {
      waiting.delete(n);
      reject(new Error(`the Cloud API server did not answer '${kind}' within ${REPLY_TIMEOUT_MS / 1000} s`));
    }, REPLY_TIMEOUT_MS);
    waiting.set(n, (reply) => {
      clearTimeout(timer);
      waiting.delete(n);
      resolve(reply);
    });
    child.send({ seq: n, kind } satisfies ServerCommand);
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    sendUrl: `${baseUrl}/${API_VERSION}/${PHONE_NUMBER_ID}/messages`,
    env: {
      WHATSAPP_API_BASE: baseUrl,
      WHATSAPP_API_VERSION: API_VERSION,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_APP_SECRET: 'bench-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
    },
    async reset() {
      await ask('reset');
    },
    async progress() {
      const r = await ask('progress');
      if (r.kind !== 'progress') throw new Error(`unexpected reply ${r.kind}`);
      return r.progress;
    },
    async report() {
      const r = await ask('report');
      if (r.kind !== 'report') throw new Error(`unexpected reply ${r.kind}`);
      return r.report;
    },
    close() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
