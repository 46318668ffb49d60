/**
 * Contacts in bulk, in plain SQL (see sql-unit.ts): an import chunk is one statement whatever its
 * size, its rows travelling as one JSON parameter read with json_to_recordset; the export reads
 * pages in (created_at, id) order over the index that lists use.
 */
import type { ContactBulkStore, ExportContact, ImportChunkRow, ImportRefusal } from '../../app/ports.js';
import type { ImportRowReason } from '../../domain/contact-import.js';
import type { ConsentChannel, ConsentStatus } from '../../domain/vocabulary.js';
import { isRetryableConflict } from './rows.js';
import { segmentWhere } from './segment.sql.js';
import type { SqlAccess, SqlQuery } from './sql-unit.js';

/*
 * One pass over a chunk's rows, as data-modifying CTEs of one statement (they all read the
 * contacts as they were before it). A row matches by external id, then phone, then email (the
 * oldest contact with that email). Of several rows matching the same contact only the first is
 * written; the others come back as `deferred` and go in the next pass, so they apply after it,
 * as they would one by one. A row is refused when its phone belongs to another contact, or it
 * gives a contact that has an external id another one (the shop system's identity is never
 * replaced, as in contact-resolution.ts). An empty cell leaves the stored value; custom fields
 * merge; tags given replace. Consent is written only where it changes (a contact without a
 * row for a channel counts as `unknown`), with its history row.
 */
const IMPORT_PASS = `
  with x as (
    select * from json_to_recordset($2::json) as x(i int, new_id uuid, external_id text, name text, phone text, email text, tags text[], custom jsonb, consent jsonb)
  ), m as (
    select x.*, coalesce(
      (select c.id from contacts c where c.workspace_id = $1 and c.external_id = x.external_id),
      (select c.id from contacts c where c.workspace_id = $1 and c.phone = x.phone),
      (select c.id from contacts c where c.workspace_id = $1 and lower(c.email) = x.email order by c.created_at, c.id limit 1)
    ) as target
    from x
  ), j as (
    select m.*, c.external_id as t_ext,
      (m.target is not null and row_number() over (partition by m.target order by m.i) > 1) as deferred,
      (select h.id from contacts h where h.workspace_id = $1 and h.phone = m.phone) as phone_holder
    from m left join contacts c on c.id = m.target
  ), v as (
    select j.*, case
      when j.deferred then null
      when j.phone_holder is not null and j.phone_holder is distinct from j.target then 'import.phone_taken'
      when j.external_id is not null and j.t_ext is not null and j.t_ext <> j.external_id then 'import.external_id_differs'
    end as reason
    from j
  ), good as (
    select * from v where not v.deferred and v.reason is null
  ), upd as (
    update contacts c set
      external_id = coalesce(c.external_id, g.external_id), name = coalesce(g.name, c.name), phone = coalesce(g.phone, c.phone),
      email = coalesce(g.email, c.email), tags = coalesce(g.tags, c.tags), custom_fields = c.custom_fields || g.custom, updated_at = $3::timestamptz
    from good g
    where c.workspace_id = $1 and c.id = g.target
      and (coalesce(c.external_id, g.external_id), coalesce(g.name, c.name), coalesce(g.phone, c.phone), coalesce(g.email, c.email),
           coalesce(g.tags, c.tags), c.custom_fields || g.custom)
        is distinct from (c.external_id, c.name, c.phone, c.email, c.tags, c.custom_fields)
    returning c.id
  ), ins as (
    insert into contacts (id, workspace_id, external_id, name, phone, email, tags, custom_fields, created_at, updated_at)
    select g.new_id, $1, g.external_id, coalesce(g.name, ''), g.phone, g.email, coalesce(g.tags, '{}'::text[]), g.custom, $3::timestamptz, $3::timestamptz
    from good g where g.target is null
    returning id
  ), cons as (
    select coalesce(g.target, g.new_id) as contact_id, k.key as channel, k.value as status
    from good g cross join lateral jsonb_each_text(g.consent) k
    where coalesce((select cc.status from contact_consents cc where cc.contact_id = g.target and cc.channel = k.key), 'unknown') <> k.value
  ), set_consent as (
    insert into contact_consents (workspace_id, contact_id, channel, status, source, at)
    select $1, cons.contact_id, cons.channel, cons.status, 'import', $3::timestamptz from cons
    on conflict (contact_id, channel) do update set status = excluded.status, source = excluded.source, at = excluded.at
    returning contact_id
  ), log_consent as (
    insert into consent_events (workspace_id, contact_id, channel, status, source, actor, at)
    select $1, cons.contact_id, cons.channel, cons.status, 'import', $4::text, $3::timestamptz from cons
    returning id
  )
  select 'refused' as kind, v.i as n, v.reason from v where v.reason is not null
  union all select 'deferred', j.i, null from j where j.deferred
  union all select 'created', (select count(*) from ins)::int, null
  union all select 'updated', (select count(*) from good where good.target is not null)::int, null`;

const FIELD_OF_REASON: Partial<Record<ImportRowReason, string>> = { 'import.phone_taken': 'phone', 'import.external_id_differs': 'external_id' };

/** Attempts of a chunk that keeps colliding with concurrent writers (a contact created meanwhile) before its error is passed on. */
const CHUNK_ATTEMPTS = 5;

const EXPORT_COLUMNS = `c.id, c.created_at::text as cursor_at, c.external_id, c.name, c.phone, c.email, c.tags, c.custom_fields,
  (select coalesce(json_object_agg(cc.channel, cc.status), '{}'::json) from contact_consents cc where cc.contact_id = c.id) as consent`;

/** A json/jsonb column: parsed by the driver, or text on a connection that leaves it so. */
const json = <T>(v: unknown, empty: T): T => (typeof v === 'string' ? JSON.parse(v) : (v ?? empty)) as T;

/*
 * Not prepared (no statement name): a plan cached while the workspace had few contacts would keep
 * scanning them whole when it has a million (measured: one 2,000-row chunk took 18 s on PostgreSQL).
 * Planned afresh, each chunk's lookups use the indexes; planning costs well under a millisecond.
 */
async function importPasses(q: SqlQuery, workspaceId: string, rows: readonly ImportChunkRow[], at: Date, actor: string | null) {
  const result = { created: 0, updated: 0, refused: [] as ImportRefusal[] };
  let pending = rows;
  while (pending.length > 0) {
    const out = await q(IMPORT_PASS, [
      workspaceId,
      JSON.stringify(pending.map(({ row, newId, contact: c }) => ({
        i: row, new_id: newId, external_id: c.externalId ?? null, name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null,
        tags: c.tags ?? null, custom: c.customFields, consent: c.consent,
      }))),
      at,
      actor,
    ]);
    const deferred = new Set<number>();
    for (const r of out) {
      const n = Number(r.n);
      if (r.kind === 'refused') {
        const reason = r.reason as ImportRowReason;
        result.refused.push({ row: n, field: FIELD_OF_REASON[reason] ?? 'row', reason });
      } else if (r.kind === 'deferred') deferred.add(n);
      else if (r.kind === 'created') result.created += n;
      else if (r.kind === 'updated') result.updated += n;
    }
    pending = pending.filter((r) => deferred.has(r.row));
  }
  result.refused.sort((a, b) => a.row - b.row);
  return result;
}

export function contactBulkSql(sql: SqlAccess): ContactBulkStore {
  return {
    async importChunk(workspaceId, rows, at, actor) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await sql.transaction((q) => importPasses(q, workspaceId, rows, at, actor));
        } catch (err) {
          // A concurrent writer created a contact with one of the chunk's keys: the rerun matches it.
          if (attempt >= CHUNK_ATTEMPTS || !isRetryableConflict(err)) throw err;
        }
      }
    },

    async customFieldKeys(workspaceId) {
      const rows = await sql.query('select key from custom_field_keys where workspace_id = $1 order by key', [workspaceId], 'contact_custom_keys');
      return rows.map((r) => String(r.key));
    },

    async exportPage(workspaceId, after, limit, segment) {
      const values: unknown[] = [workspaceId, limit];
      let keyset = '';
      if (after) {
        values.push(after.at, after.id);
        keyset = ' and (c.created_at, c.id) > ($3::timestamptz, $4::uuid)';
      }
      let filter = '';
      if (segment) {
        const where = segmentWhere(segment.definition, values.length + 1, segment.now);
        values.push(...where.values);
        filter = ` and (${where.sql})`;
      }
      const rows = await sql.query(`select ${EXPORT_COLUMNS} from contacts c where c.workspace_id = $1${keyset}${filter} order by c.created_at, c.id limit $2`, values);
      return rows.map((r): ExportContact => ({
        cursor: { at: String(r.cursor_at), id: String(r.id) },
        externalId: r.external_id === null ? null : String(r.external_id),
        name: String(r.name),
        phone: r.phone === null ? null : String(r.phone),
        email: r.email === null ? null : String(r.email),
        tags: (r.tags as string[] | null) ?? [],
        customFields: json<Record<string, string>>(r.custom_fields, {}),
        consent: json<Partial<Record<ConsentChannel, ConsentStatus>>>(r.consent, {}),
      }));
    },
  };
}
