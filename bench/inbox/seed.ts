/**
 * bench:inbox's data, written by SQL on PostgreSQL with Sapa stopped: N contacts, each with one
 * WhatsApp conversation, and M messages over them — one inbound message per contact, the rest
 * half inbound (inbound_messages) and half outbound (messages: an agent's quick message, read /
 * delivered / sent / failed / skipped), skewed so that a few conversations are long: the rest go
 * to contact ⌊N·u²⌋ + 1 for u uniform, so contact 1 has about (M − N)·N^-½ of them (~15,500 at
 * 100,000 / 5,000,000), the first 1 % of contacts a tenth of all, the median contact a handful.
 *
 * The messages are written with triggers off (session_replication_role = replica: no conversation
 * trigger, no status-history row, no foreign-key check) and `conversations` is then filled by one
 * INSERT … SELECT giving what the triggers of drizzle/0010_inbox.sql would have written for these
 * rows — last_message_at / _text / _direction over inbound and non-broadcast outbound messages
 * (inbound on a tie), last_inbound_at — plus what agents would have done since: unread_count is the
 * inbound messages after the last outbound one (a conversation is read before it is answered), a
 * third is assigned to the owner, and 40 % of those whose last message is outbound are closed (an
 * inbound message reopens one). message_status_history stays empty (the inbox does not read it).
 */
import type { Db } from '../broadcast/store-sql.js';

export interface Seeded {
  workspaceId: string;
  ownerId: string;
  inbound: number;
  outbound: number;
  conversations: number;
  seconds: { contacts: number; inbound: number; outbound: number; conversations: number; vacuum: number };
}

const timed = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

export async function seedInbox(db: Db, contacts: number, messages: number, log: (line: string) => void): Promise<Seeded> {
  if (messages < contacts) throw new Error('--messages must be at least --conversations (one inbound message each)');
  const [ws] = await db.query<{ id: string }>(`select id from workspaces order by created_at limit 1`);
  const [owner] = await db.query<{ id: string }>(`select id from users where role = 'owner' order by created_at limit 1`);
  if (!ws || !owner) throw new Error('no workspace or owner: Sapa did not bootstrap');
  const rest = messages - contacts;
  const inbound = contacts + Math.floor(rest / 2);
  const outbound = messages - inbound;
  await db.query(`set session_replication_role = replica`);
  await db.query(`select setseed(0.42)`);
  const seconds = { contacts: 0, inbound: 0, outbound: 0, conversations: 0, vacuum: 0 };

  seconds.contacts = await timed(async () => {
    await db.query(
      `insert into contacts (workspace_id, external_id, name, phone, tags)
       select $1::uuid, 'IB-' || k, 'Pelanggan ' || k, '+62812' || lpad(k::text, 8, '0'), array['pelanggan']
       from generate_series(1, $2::int) as k`, [ws.id, contacts]);
    await db.query(
      `insert into contact_consents (workspace_id, contact_id, channel, status, source, at)
       select c.workspace_id, c.id, 'whatsapp', case when c.external_id like '%0' then 'opted_out' else 'opted_in' end, 'import', now()
       from contacts c where c.workspace_id = $1::uuid and c.external_id like 'IB-%' and (c.external_id like '%0' or c.external_id like '%1')`, [ws.id]);
    await db.query(`create temporary table bench_k (k int primary key, id uuid not null, phone text not null)`);
    await db.query(`insert into bench_k select substr(external_id, 4)::int, id, phone from contacts where workspace_id = $1::uuid and external_id like 'IB-%'`, [ws.id]);
    await db.query(`analyze bench_k`);
  });
  log(`  ${contacts.toLocaleString('en-US')} contacts in ${seconds.contacts.toFixed(1)} s`);

  // Contact of message i: i itself for the first N (everyone wrote once), then ⌊N·u²⌋ + 1.
  const contactOf = `case when i <= $2::int then i else 1 + floor($2::int * power(random(), 2))::int end`;
  seconds.inbound = await timed(() => db.query(
    `insert into inbound_messages (workspace_id, contact_id, channel, provider_message_id, "from", text, payload, received_at)
     select $1::uuid, b.id, 'whatsapp', 'wamid.bench.in.' || s.i, b.phone,
            (array['Halo kak, pesanan saya sudah dikirim?', 'Apakah stok masih ada?', 'Terima kasih!', 'Bisa minta nomor resi?', 'Ok siap'])[1 + s.i % 5] || ' #' || s.i,
            jsonb_build_object('type', 'text'), s.at
     from (select i, ${contactOf} as k, now() - random() * interval '90 days' as at from generate_series(1, $3::int) as i) s
     join bench_k b on b.k = s.k`, [ws.id, contacts, inbound]));
  log(`  ${inbound.toLocaleString('en-US')} inbound messages in ${seconds.inbound.toFixed(1)} s`);

  // Outbound: contacts drawn from the skewed part only (a reply goes where people write).
  seconds.outbound = await timed(() => db.query(
    `insert into messages (workspace_id, contact_id, channel, recipient, idempotency_key, category, body, content, rendered, status,
       failure_reason, scheduled_at, sent_at, delivered_at, read_at, failed_at, attempts, created_at, updated_at)
     select $1::uuid, b.id, 'whatsapp', b.phone, 'quick:bench:' || s.i, 'utility', s.body,
            jsonb_build_object('channel', 'whatsapp', 'text', s.body), true, s.status,
            case s.status when 'failed' then 'provider_rejected' when 'skipped' then 'opted_out' end,
            s.at, case when s.status in ('sent', 'delivered', 'read') then s.at end,
            case when s.status in ('delivered', 'read') then s.at + interval '2 seconds' end,
            case when s.status = 'read' then s.at + interval '1 minute' end,
            case when s.status = 'failed' then s.at end, case when s.status = 'skipped' then 0 else 1 end, s.at, s.at
     from (
       select i, 1 + floor($2::int * power(random(), 2))::int as k, now() - random() * interval '90 days' as at,
              (array['Baik kak, kami cek dulu ya.', 'Pesanan kakak sudah dikirim hari ini.', 'Stok masih ada kak.', 'Sama-sama kak!'])[1 + i % 4] || ' #' || i as body,
              (array['read', 'read', 'read', 'read', 'read', 'delivered', 'delivered', 'delivered', 'sent', 'sent', 'failed', 'skipped'])[1 + floor(random() * 12)::int] as status
       from generate_series(1, $3::int) as i
     ) s join bench_k b on b.k = s.k`, [ws.id, contacts, outbound]));
  log(`  ${outbound.toLocaleString('en-US')} outbound messages in ${seconds.outbound.toFixed(1)} s`);

  seconds.conversations = await timed(() => db.query(
    `insert into conversations (workspace_id, contact_id, channel, status, assignee_id, last_message_at, last_message_text,
       last_message_direction, last_inbound_at, unread_count, changed_at, created_at)
     with li as (
       select distinct on (contact_id) contact_id, received_at as at, coalesce(text, '') as text
       from inbound_messages where workspace_id = $1::uuid and contact_id is not null and channel = 'whatsapp'
       order by contact_id, received_at desc
     ), lo as (
       select distinct on (contact_id) contact_id, created_at as at, body as text
       from messages where workspace_id = $1::uuid and contact_id is not null and channel = 'whatsapp' and broadcast_id is null
       order by contact_id, created_at desc
     ), unread as (
       select i.contact_id, count(*)::int as n from inbound_messages i left join lo on lo.contact_id = i.contact_id
       where i.workspace_id = $1::uuid and (lo.at is null or i.received_at > lo.at) group by i.contact_id
     ), last as (
       select li.contact_id, li.at as last_in, lo.at is not null and lo.at > li.at as out_last,
              greatest(li.at, lo.at) as at, case when lo.at is not null and lo.at > li.at then lo.text else li.text end as text,
              coalesce(u.n, 0) as unread, b.k
       from li left join lo on lo.contact_id = li.contact_id left join unread u on u.contact_id = li.contact_id
       join bench_k b on b.id = li.contact_id
     )
     select $1::uuid, contact_id, 'whatsapp', case when out_last and k % 5 in (0, 1) then 'closed' else 'open' end,
            case when k % 3 = 0 then $2::uuid end, at, text, case when out_last then 'out' else 'in' end, last_in,
            case when out_last then 0 else unread end, at, at
     from last`, [ws.id, owner.id]));
  const [n] = await db.query<{ n: number }>(`select count(*)::int as n from conversations where workspace_id = $1::uuid`, [ws.id]);
  log(`  ${n!.n.toLocaleString('en-US')} conversations in ${seconds.conversations.toFixed(1)} s`);
  await db.query(`set session_replication_role = origin`);
  seconds.vacuum = await timed(() => db.query(`vacuum (analyze) contacts, contact_consents, inbound_messages, messages, conversations`));
  log(`  vacuum analyze in ${seconds.vacuum.toFixed(1)} s`);
  return { workspaceId: ws.id, ownerId: owner.id, inbound, outbound, conversations: n!.n, seconds };
}
