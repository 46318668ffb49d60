/**
 * `npm run bench:import`: a generated CSV of --rows contacts (default 1,000,000) streamed over
 * HTTP into `POST /api/v1/contacts/import` of a Sapa child process (`sapa start`), on PGlite and on
 * PostgreSQL: rows/s and the Sapa process's peak RSS (sampled from /proc). Neither side holds the
 * file: this process writes it into the request as it generates it.
 *
 * Beside it, in the same run, the floor: the same rows written by a plain script into the same
 * database (Sapa stopped) as multi-row INSERTs of 2,000 (one JSON parameter each, no matching,
 * no validation) into a workspace of their own, through `pg` on PostgreSQL and PGlite's own API on
 * PGlite. Exits non-zero when the import's counts are not `created = rows`.
 *
 * Options: --rows 1000000, --store pglite|postgres (repeatable; default both).
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { startSapaProcess } from '../../test/support/sapa-process.js';
import { RssSampler } from '../events/children.js';
import { createLocation, type BenchStore } from '../events/store-location.js';
import { printTable } from '../table.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, store: { type: 'string', multiple: true } } });
const ROWS = Number(args.rows);
const STORES = (args.store ?? ['pglite', 'postgres']) as BenchStore[];
const OWNER = { email: 'bench@sapa.test', password: 'bench-password-1' };
const FLOOR_BATCH = 2000;

const HEADER = 'external_id,name,phone,email,tags,consent_whatsapp,kota,segmen\n';
const row = (i: number) => ({ external_id: `B-${i}`, name: `Pelanggan ${i}`, phone: `+62813${String(i).padStart(8, '0')}`, email: `p${i}@massal.id`, kota: `Kota ${i % 97}`, segmen: i % 3 === 0 ? 'grosir' : 'eceran' });

/** The CSV, generated as it is read, in blocks of 1,000 lines. */
function csvStream(rows: number): Readable {
  return Readable.from((function* () {
    yield HEADER;
    for (let from = 1; from <= rows; from += 1000) {
      let block = '';
      for (let i = from; i < Math.min(from + 1000, rows + 1); i++) {
        const r = row(i);
        block += `${r.external_id},${r.name},0813${String(i).padStart(8, '0')},${r.email},pelanggan|massal,${i % 2 ? 'opted_in' : ''},${r.kota},${r.segmen}\n`;
      }
      yield block;
    }
  })());
}

async function importThroughSapa(env: Record<string, string>): Promise<{ seconds: number; peakMb: number; answer: { created: number; failed: number } }> {
  const sapa = await startSapaProcess({ ...env, SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password });
  try {
    const login = await fetch(`${sapa.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const rss = new RssSampler(sapa.child.pid!);
    rss.start();
    const started = performance.now();
    const res = await fetch(`${sapa.url}/api/v1/contacts/import`, {
      method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: Readable.toWeb(csvStream(ROWS)) as ReadableStream, duplex: 'half',
    } as RequestInit);
    const answer = (await res.json()) as { created: number; failed: number };
    const seconds = (performance.now() - started) / 1000;
    rss.stop();
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(answer)}`);
    return { seconds, peakMb: rss.max, answer };
  } finally {
    await sapa.kill('SIGTERM');
  }
}

const FLOOR_SQL = `
  insert into contacts (workspace_id, external_id, name, phone, email, tags, custom_fields)
  select $1, x.external_id, x.name, x.phone, x.email, '{pelanggan,massal}', jsonb_build_object('kota', x.kota, 'segmen', x.segmen)
  from json_to_recordset($2::json) as x(external_id text, name text, phone text, email text, kota text, segmen text)`;

/** The floor on the database Sapa used: its own workspace, the same rows, plain multi-row inserts. */
async function floor(store: BenchStore, env: Record<string, string>): Promise<number> {
  const run = async (query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>) => {
    const [ws] = (await query(`insert into workspaces (name) values ('floor') returning id`, [])).rows;
    const started = performance.now();
    for (let from = 1; from <= ROWS; from += FLOOR_BATCH) {
      const batch = [];
      for (let i = from; i < Math.min(from + FLOOR_BATCH, ROWS + 1); i++) batch.push(row(i));
      await query(FLOOR_SQL, [ws!.id, JSON.stringify(batch)]);
    }
    return (performance.now() - started) / 1000;
  };
  if (store === 'postgres') {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try { return await run((text, values) => client.query(text, values)); } finally { await client.end(); }
  }
  const db = await PGlite.create({ dataDir: env.SAPA_DATA_DIR!, extensions: { pg_trgm } });
  try { return await run((text, values) => db.query(text, values)); } finally { await db.close(); }
}

let failed = false;
const table: string[][] = [];
for (const store of STORES) {
  const location = await createLocation(store);
  try {
    const sapa = await importThroughSapa(location.env);
    if (sapa.answer.created !== ROWS || sapa.answer.failed !== 0) {
      failed = true;
      console.error(`${store}: expected ${ROWS} created, got ${JSON.stringify(sapa.answer)}`);
    }
    const floorS = await floor(store, location.env);
    table.push([store, ROWS.toLocaleString('en'), `${sapa.seconds.toFixed(1)} s`, `${Math.round(ROWS / sapa.seconds).toLocaleString('en')}`, `${sapa.peakMb} MB`,
      `${Math.round(ROWS / floorS).toLocaleString('en')}`, `${(sapa.seconds / floorS).toFixed(2)}×`]);
  } finally {
    await location.drop();
  }
}
printTable(['store', 'rows', 'Sapa import', 'Sapa rows/s', 'Sapa peak RSS', 'floor rows/s', 'vs floor'], table);
process.exit(failed ? 1 : 0);
