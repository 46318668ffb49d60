/**
 * The bench's data, generated in PostgreSQL by generate_series (no row crosses the wire): one
 * workspace, N contacts, M orders spread over two years with a skew (a few contacts order often,
 * many once or never: contact = ⌊N · u²⌋ for uniform u), amounts 10 000–999 000 IDR, nine in ten
 * paid. The orders' indexes are dropped during the load and built after it (one sorted build each
 * instead of 10 million index insertions), and the foreign-key triggers are skipped for the load
 * (session_replication_role = replica; the generated ids exist by construction).
 */
import type pg from 'pg';

export async function seed(client: pg.Client, contacts: number, orders: number): Promise<{ workspaceId: string }> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  const [ws] = (await client.query<{ id: string }>(`insert into workspaces (name) values ('Bench Insights') returning id`)).rows;
  const workspaceId = ws!.id;
  await client.query('set session_replication_role = replica');
  await client.query(`
    insert into contacts (id, workspace_id, external_id, name, phone)
    select md5('c' || i)::uuid, $1::uuid, 'BI-' || i, 'Pelanggan ' || i, '+62812' || lpad(i::text, 8, '0')
    from generate_series(1, $2::int) as i`, [workspaceId, contacts]);
  await client.query('drop index if exists orders_number_uq');
  await client.query('drop index if exists orders_contact_idx');
  // In slices: one huge INSERT holds its whole sort and WAL at once.
  const slice = 2_000_000;
  for (let from = 1; from <= orders; from += slice) {
    const to = Math.min(orders, from + slice - 1);
    await client.query(`
      insert into orders (workspace_id, contact_id, number, total, currency, status, occurred_at, paid_at)
      select $1::uuid, md5('c' || (1 + floor($4::int * u * u))::int)::uuid, 'BO-' || i, t, 'IDR',
             case when i % 10 = 0 then 'order.created' else 'order.paid' end, at,
             case when i % 10 = 0 then null else at end
      from (select i, random() as u, (10 + floor(random() * 990)) * 1000 as t, now() - random() * interval '730 days' as at
            from generate_series($2::int, $3::int) as i) g`, [workspaceId, from, to, contacts]);
  }
  await client.query('set session_replication_role = origin');
  await client.query('create unique index orders_number_uq on orders (workspace_id, number)');
  await client.query('create index orders_contact_idx on orders (contact_id, workspace_id, occurred_at)');
  await client.query('vacuum analyze contacts');
  await client.query('vacuum analyze orders');
  return { workspaceId };
}
