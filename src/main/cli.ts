/**
 * The `sapa` command: `start` (API + web app + worker), `worker` (extra delivery workers on
 * PostgreSQL), `migrate` (bring the schema up to date and exit), `reset-password EMAIL` (a new
 * password for a member who lost theirs, the owner included; printed once).
 */
import { ConfigError, loadConfig } from '../config/env.js';
import { DataDirLockedError } from '../adapters/db/data-dir-lock.js';
import { DatabaseUnreachableError } from '../adapters/db/reach-postgres.js';
import { bootstrap, openRuntime, startServer, startWorkerProcess } from './runtime.js';
import { resetPassword } from './reset-password.js';

async function main(command: string): Promise<void> {
  const config = loadConfig();
  const rt = await openRuntime(config);
  const stops: (() => Promise<void>)[] = [];
  const shutdown = async (signal: string) => {
    rt.log.info({ signal }, 'shutting down');
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  switch (command) {
    case 'migrate':
      console.log(`Schema is up to date (${rt.db.kind}).`);
      await rt.close();
      return;
    case 'reset-password': {
      const code = await resetPassword(rt, process.argv[3]);
      await rt.close();
      process.exit(code);
      break;
    }
    case 'worker': {
      if (rt.db.kind === 'pglite') {
        console.error('`sapa worker` needs DATABASE_URL (PostgreSQL): the embedded store is used by one process, and `sapa start` already runs a worker.');
        await rt.close();
        process.exit(2);
      }
      const worker = await startWorkerProcess(rt);
      stops.push(worker.stop);
      console.log(`Sapa worker running on ${rt.db.kind}.${worker.port === null ? '' : ` Metrics and probes: http://localhost:${worker.port}/metrics, /healthz, /readyz`}`);
      return;
    }
    case 'start': {
      const owner = await bootstrap(rt);
      const server = await startServer(rt);
      stops.push(server.stop);
      const url = `http://localhost:${config.port}`;
      console.log('');
      console.log(`  Sapa is running: ${url}`);
      console.log(`  Store: ${rt.db.kind === 'pglite' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL'} · WhatsApp: ${rt.channels.registry.transport('whatsapp')}`);
      if (owner.created) {
        console.log(`  Owner login: ${owner.email} / ${owner.password ?? '(the SAPA_ADMIN_PASSWORD you set)'}`);
        if (owner.password) console.log('  This password is shown once; change it in Pengaturan → Kata sandi (lost it? `npx sapa reset-password EMAIL`).');
      } else {
        console.log('  Owner login: the account created on first start.');
      }
      console.log(`  API docs: ${url}/api/docs`);
      console.log('');
      return;
    }
    default:
      console.error(`Unknown command "${command}". Use: start | worker | migrate | reset-password EMAIL`);
      await rt.close();
      process.exit(2);
  }
}

main(process.argv[2] ?? 'start').catch((err: unknown) => {
  // Errors an operator fixes by changing the environment: their message says how; a stack would bury it.
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof DatabaseUnreachableError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
