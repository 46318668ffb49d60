/**
 * A bare PGlite process holding a data folder: the reference for Sapa's memory on the embedded
 * store (issue 5, part 9). It opens the folder with PGlite alone (plus the extensions the folder's
 * schema needs), reads every table of the public and pgboss schemas (its row count and 50 rows),
 * and prints its resident memory as one JSON line. Run it the way Sapa runs (`node --import tsx`)
 * so the two differ only by what Sapa adds:
 *
 *   node --import tsx bench/events/bare-pglite.ts --dir <dataDir> [--extension pg_trgm]… [--shared-buffers 128MB]
 *
 * --shared-buffers overrides the folder's own setting (e.g. PGlite's default, 128MB) for comparison.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PGlite, type Extension } from '@electric-sql/pglite';

export interface BareMemory {
  afterOpenMb: number;
  afterQueriesMb: number;
  peakMb: number;
  sharedBuffers: string;
}

function status(field: 'VmRSS' | 'VmHWM'): number {
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024);
}

const { values: args } = parseArgs({
  options: { dir: { type: 'string' }, extension: { type: 'string', multiple: true }, 'shared-buffers': { type: 'string' } },
});
if (!args.dir) throw new Error('usage: bare-pglite.ts --dir <dataDir>');
const extensions: Record<string, Extension> = {};
for (const name of args.extension ?? []) {
  const mod = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extension>;
  extensions[name] = mod[name]!;
}
const sharedBuffers = args['shared-buffers'];
const db = await PGlite.create({
  dataDir: args.dir,
  extensions,
  ...(sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] } : {}),
});
const afterOpenMb = status('VmRSS');
const tables = await db.query<{ name: string }>(`
  select format('%I.%I', table_schema, table_name) as name from information_schema.tables
  where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1`);
for (const { name } of tables.rows) {
  await db.query(`select count(*) from ${name}`);
  await db.query(`select * from ${name} limit 50`);
}
const setting = await db.query<{ v: string }>(`select current_setting('shared_buffers') as v`);
const memory: BareMemory = { afterOpenMb, afterQueriesMb: status('VmRSS'), peakMb: status('VmHWM'), sharedBuffers: setting.rows[0]!.v };
await db.close();
console.log(JSON.stringify({ kind: 'memory', ...memory }));
