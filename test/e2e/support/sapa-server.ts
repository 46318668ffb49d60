import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/sapa-process.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ADMIN = { email: 'admin@toko-sapa.test', password: 'rahasia-e2e-123' } as const;

export interface SapaServer {
  readonly url: string;
  readonly dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than web/src, since the server serves the built app. */
export function ensureWebBuilt(): void {
  const index = join(REPO_ROOT, 'web/dist/index.html');
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'web/src')), newestMtime(join(REPO_ROOT, 'src/domain')), newestMtime(join(REPO_ROOT, 'src/contracts')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Sapa exited with ${child.exitCode} before /readyz:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Sapa did not become ready within ${timeoutMs} ms:\n${output()}`);
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

/** Starts `sapa start` as a child process on a free port with a fresh data dir and the ADMIN login. */
export async function startSapa(env: Record<string, string> = {}): Promise<SapaServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sapa-e2e-'));
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'start'], {
    cwd: REPO_ROOT,
    env: {
      ...withoutDatabaseUrl(process.env),
      NODE_ENV: 'test',
      // Deterministic: no demo rows, embedded PGlite store, quiet logs.
      SAPA_SEED_DEMO: 'false',
      SAPA_LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      SAPA_DATA_DIR: dataDir,
      SAPA_ADMIN_EMAIL: ADMIN.email,
      SAPA_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const output = () => log;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, output, 90_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, dataDir, output, stop };
}
