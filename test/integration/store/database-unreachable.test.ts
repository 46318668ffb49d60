// `sapa start` and `sapa worker` with a DATABASE_URL that refuses or never answers end within
// seconds with one paragraph naming DATABASE_URL and host:port: no stack trace, no password,
// no hang. Needs no PostgreSQL of its own, so it runs once, in the postgres pass.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../../src/adapters/db/reach-postgres.js';
import { freePort } from '../../support/sapa-process.js';
import { storeKindUnderTest } from '../../support/test-store.js';
import { spawnTsx } from './fixtures/spawn-child.js';

const PASSWORD = 'hunter2-very-secret';
/** The connect timeout plus a tsx start-up on a busy 2-core machine. */
const BOUND_MS = DEFAULT_CONNECT_TIMEOUT_MS + 12_000;

async function runCli(command: 'start' | 'worker', databaseUrl: string): Promise<{ code: number | string; stderr: string; stdout: string; ms: number }> {
  const started = Date.now();
  const child = spawnTsx('src/main/cli.ts', [command], {
    DATABASE_URL: databaseUrl, PORT: String(await freePort()), HOST: '127.0.0.1', SAPA_LOG_LEVEL: 'warn',
  });
  let stdout = '';
  child.process.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const killer = setTimeout(() => child.process.kill('SIGKILL'), BOUND_MS + 10_000);
  const code = await child.exited;
  clearTimeout(killer);
  return { code, stderr: child.stderr(), stdout, ms: Date.now() - started };
}

function expectOperatorMessage(run: Awaited<ReturnType<typeof runCli>>, hostPort: string, says: RegExp): void {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.code, 'ended by itself, not by the test').not.toBe('SIGKILL');
  expect(run.ms).toBeLessThan(BOUND_MS);
  const text = run.stderr.trim();
  expect(text).toContain('DATABASE_URL');
  expect(text).toContain(hostPort);
  expect(text).toMatch(says);
  expect(text.split('\n'), 'one paragraph').toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
  expect(run.stderr + run.stdout).not.toContain(PASSWORD);
}

describe.skipIf(storeKindUnderTest() !== 'postgres')('start with an unreachable DATABASE_URL', () => {
  // Accepts every connection and never says a word: pg would wait for the server's reply forever.
  const silent = net.createServer();
  const sockets = new Set<net.Socket>();
  let silentPort = 0;
  beforeAll(async () => {
    silent.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a closed port: start and worker exit at once naming DATABASE_URL', async () => {
    const port = await freePort(); // free now, so nothing listens there
    const url = `postgres://sapa:${PASSWORD}@127.0.0.1:${port}/sapa`;
    const [start, worker] = await Promise.all([runCli('start', url), runCli('worker', url)]);
    for (const run of [start, worker]) expectOperatorMessage(run, `127.0.0.1:${port}`, /refused the connection/);
  });

  it('a server that accepts and never answers: start and worker give up after the connect timeout', async () => {
    const url = `postgres://sapa:${PASSWORD}@127.0.0.1:${silentPort}/sapa`;
    const [start, worker] = await Promise.all([runCli('start', url), runCli('worker', url)]);
    for (const run of [start, worker]) {
      expectOperatorMessage(run, `127.0.0.1:${silentPort}`, /did not answer within \d+ s/);
      expect(run.ms).toBeGreaterThanOrEqual(DEFAULT_CONNECT_TIMEOUT_MS);
    }
  });
});
