/**
 * `sapa start` as a real child process on the store under test, for crash tests: it can be
 * killed with SIGKILL mid-work and started again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { storeKindUnderTest, testServerUrl } from './test-store.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where a crash test's data lives: a PGlite folder or a fresh PostgreSQL database; drop() removes it. */
export async function createTestLocation(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (storeKindUnderTest() === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapa-crash-'));
    return { env: { SAPA_DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sapa_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: testServerUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface SapaProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts Sapa with the given environment and waits for /readyz. */
export async function startSapaProcess(env: Record<string, string>): Promise<SapaProcess> {
  const port = await freePort();
  let log = '';
  const { DATABASE_URL: _drop, ...inherited } = process.env;
  // SAPA_BENCH_CPU_PROF=<dir>: the process writes a V8 CPU profile there when it exits (benchmarks: where the time goes).
  const profile = process.env.SAPA_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SAPA_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main/cli.ts', 'start'], {
    cwd: REPO_ROOT,
    env: { ...inherited, SAPA_SEED_DEMO: 'false', SAPA_LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Sapa exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Sapa was not healthy in time:\n${log}`);
    }
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, child, output: () => log,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `sapa worker` processes (PostgreSQL): started, kept in `running` for the caller's clean-up, and awaited until each says it runs. */
export async function startSapaWorkers(count: number, env: Record<string, string>, running: ChildProcess[]): Promise<{ outputs(): string[] }> {
  const logs: string[] = [];
  const { DATABASE_URL: _drop, ...inherited } = process.env;
  for (let i = 0; i < count; i++) {
    const w = spawn(process.execPath, ['bin/sapa.mjs', 'worker'], { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    logs[i] = '';
    w.stdout?.on('data', (d: Buffer) => (logs[i] += d.toString()));
    w.stderr?.on('data', (d: Buffer) => (logs[i] += d.toString()));
    running.push(w);
  }
  const deadline = Date.now() + 60_000;
  while (!logs.every((l) => l.includes('Sapa worker running'))) {
    if (Date.now() > deadline) throw new Error(`workers not up within 60 s:\n${logs.join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { outputs: () => [...logs] };
}
