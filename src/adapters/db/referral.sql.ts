/**
 * The referral programme in plain SQL (app/referral.port.ts). Once-only is the indexes' work:
 * one code per contact (primary key) and per code (unique), one referrer per referred contact and
 * one reward per referred contact (unique per workspace) — inserts say `on conflict do nothing`
 * and read back what won.
 */
import type { NewReward, ReferralContact, ReferralProgramRecord, ReferralStore, RewardRecord } from '../../app/referral.port.js';
import { CANCELLED_ORDER_STATUS, type ReferralRewardKind } from '../../domain/referral.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** A json column: parsed by the driver, or text on a connection that leaves it so. */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function programOf(r: SqlRow): ReferralProgramRecord {
  return {
    enabled: r.enabled === true,
    rewardKind: String(r.reward_kind) as ReferralRewardKind,
    rewardVoucher: strOrNull(r.reward_voucher),
    rewardAmount: numOrNull(r.reward_amount),
    minOrderTotal: Number(r.min_order_total),
    welcomeReward: strOrNull(r.welcome_reward),
    landingUrl: strOrNull(r.landing_url),
    updatedAt: r.updated_at ? date(r.updated_at) : null,
  };
}

function rewardOf(r: SqlRow): RewardRecord {
  return {
    id: String(r.id), workspaceId: String(r.workspace_id), referralId: String(r.referral_id),
    referrerContactId: String(r.referrer_contact_id), referredContactId: String(r.referred_contact_id),
    orderId: String(r.order_id), orderTotal: Number(r.order_total), rewardKind: String(r.reward_kind) as ReferralRewardKind,
    rewardText: String(r.reward_text), rewardAmount: numOrNull(r.reward_amount), createdAt: date(r.created_at),
  };
}

type ContactJson = { id: string; name: string; external_id: string | null; phone: string | null; email: string | null };
const contactOf = (c: ContactJson): ReferralContact => ({ id: c.id, name: c.name, externalId: c.external_id, phone: c.phone, email: c.email });

export function referralSql(sql: SqlAccess): ReferralStore {
  const q = sql.query;
  return {
    async program(workspaceId) {
      const [row] = await q('select * from referral_programs where workspace_id = $1', [workspaceId], 'referral_program');
      return row ? programOf(row) : null;
    },

    async saveProgram(workspaceId, p, now) {
      const [row] = await q(`
        insert into referral_programs (workspace_id, enabled, reward_kind, reward_voucher, reward_amount, min_order_total, welcome_reward, landing_url, updated_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        on conflict (workspace_id) do update set enabled = excluded.enabled, reward_kind = excluded.reward_kind, reward_voucher = excluded.reward_voucher,
          reward_amount = excluded.reward_amount, min_order_total = excluded.min_order_total, welcome_reward = excluded.welcome_reward,
          landing_url = excluded.landing_url, updated_at = excluded.updated_at
        returning *`,
      [workspaceId, p.enabled, p.rewardKind, p.rewardVoucher, p.rewardAmount, p.minOrderTotal, p.welcomeReward, p.landingUrl, now]);
      return programOf(row!);
    },

    async codeOf(workspaceId, contactId) {
      const [row] = await q('select code from referral_codes where workspace_id = $1 and contact_id = $2', [workspaceId, contactId], 'referral_code_of');
      return row ? String(row.code) : null;
    },

    async claimCode(workspaceId, contactId, code) {
      // Only a contact of this workspace gets a code; either unique index stops the insert, and the select tells which.
      const rows = await q(`
        with ins as (
          insert into referral_codes (contact_id, workspace_id, code)
          select c.id, c.workspace_id, $3 from contacts c where c.id = $2 and c.workspace_id = $1
          on conflict do nothing
          returning code
        )
        select code from ins
        union all
        select code from referral_codes where contact_id = $2 and workspace_id = $1`, [workspaceId, contactId, code], 'referral_claim_code');
      return rows[0] ? String(rows[0].code) : null;
    },

    async claimCodes(drafts) {
      if (drafts.length === 0) return new Map();
      const rows = await q(`
        with d as (select * from json_to_recordset($1::json) as x(workspace_id uuid, contact_id uuid, code text)),
        ins as (
          insert into referral_codes (contact_id, workspace_id, code)
          select c.id, c.workspace_id, d.code from d join contacts c on c.id = d.contact_id and c.workspace_id = d.workspace_id
          on conflict do nothing
          returning contact_id, code
        )
        select contact_id, code from ins
        union all
        select k.contact_id, k.code from referral_codes k join d on d.contact_id = k.contact_id and d.workspace_id = k.workspace_id`,
      [JSON.stringify(drafts.map((d) => ({ workspace_id: d.workspaceId, contact_id: d.contactId, code: d.code })))], 'referral_claim_codes');
      return new Map(rows.map((r) => [String(r.contact_id), String(r.code)]));
    },

    async ownerOfCode(code) {
      const [row] = await q('select workspace_id, contact_id from referral_codes where code = $1', [code], 'referral_code_owner');
      return row ? { workspaceId: String(row.workspace_id), contactId: String(row.contact_id) } : null;
    },

    async contacts(workspaceId, contactIds) {
      if (contactIds.length === 0) return new Map();
      const rows = await q('select id, name, external_id, phone, email from contacts where workspace_id = $1 and id = any($2::uuid[])',
        [workspaceId, [...contactIds]], 'referral_contacts');
      return new Map(rows.map((r) => [String(r.id), contactOf(r as unknown as ContactJson)]));
    },

    async link(workspaceId, l, now) {
      const rows = await q(`
        insert into referrals (workspace_id, referrer_contact_id, referred_contact_id, code, event_id, created_at)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (workspace_id, referred_contact_id) do nothing
        returning id`, [workspaceId, l.referrerContactId, l.referredContactId, l.code, l.eventId, now], 'referral_link');
      return rows.length > 0;
    },

    async rewardFacts(workspaceId, referredContactIds) {
      if (referredContactIds.length === 0) return [];
      const rows = await q(`
        select r.id as referral_id,
          json_build_object('id', a.id, 'name', a.name, 'external_id', a.external_id, 'phone', a.phone, 'email', a.email) as referrer,
          json_build_object('id', b.id, 'name', b.name, 'external_id', b.external_id, 'phone', b.phone, 'email', b.email) as referred,
          exists (select 1 from referral_rewards w where w.workspace_id = r.workspace_id and w.referred_contact_id = r.referred_contact_id) as rewarded,
          (select coalesce(json_agg(json_build_object('id', o.id, 'total', o.total, 'status', o.status, 'paid_at', o.paid_at)), '[]'::json)
            from orders o where o.workspace_id = r.workspace_id and o.contact_id = r.referred_contact_id and o.paid_at is not null) as orders
        from referrals r
        join contacts a on a.id = r.referrer_contact_id
        join contacts b on b.id = r.referred_contact_id
        where r.workspace_id = $1 and r.referred_contact_id = any($2::uuid[])`, [workspaceId, [...referredContactIds]], 'referral_reward_facts');
      return rows.map((r) => ({
        referralId: String(r.referral_id),
        referrer: contactOf(json<ContactJson>(r.referrer)),
        referred: contactOf(json<ContactJson>(r.referred)),
        alreadyRewarded: r.rewarded === true,
        orders: json<{ id: string; total: string | number | null; status: string; paid_at: string | null }[]>(r.orders).map((o) => ({
          id: o.id, total: o.total === null ? null : Number(o.total), status: o.status, paidAt: o.paid_at === null ? null : new Date(o.paid_at),
        })),
      }));
    },

    async closeReferral(workspaceId, referralId, reason) {
      await q('update referrals set closed_reason = $3 where workspace_id = $1 and id = $2 and closed_reason is null', [workspaceId, referralId, reason], 'referral_close');
    },

    async insertReward(workspaceId, w: NewReward, now) {
      const [row] = await q(`
        insert into referral_rewards (workspace_id, referral_id, referrer_contact_id, referred_contact_id, order_id, order_total, reward_kind, reward_text, reward_amount, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        on conflict (workspace_id, referred_contact_id) do nothing
        returning *`,
      [workspaceId, w.referralId, w.referrerContactId, w.referredContactId, w.orderId, w.orderTotal, w.rewardKind, w.rewardText, w.rewardAmount, now], 'referral_insert_reward');
      return row ? rewardOf(row) : null;
    },

    async rewardsWithoutEvent(limit) {
      const rows = await q(`
        select w.* from referral_rewards w
        where not exists (select 1 from events e where e.workspace_id = w.workspace_id and e.key = 'referral.reward_earned:' || w.id::text)
        order by w.created_at limit $1`, [limit], 'referral_rewards_without_event');
      return rows.map(rewardOf);
    },

    async referredAwaitingDecision(limit) {
      const rows = await q(`
        select r.workspace_id, r.referred_contact_id from referrals r
        join referral_programs p on p.workspace_id = r.workspace_id and p.enabled
        where r.closed_reason is null and not exists (select 1 from referral_rewards w where w.workspace_id = r.workspace_id and w.referred_contact_id = r.referred_contact_id)
          and exists (select 1 from orders o where o.workspace_id = r.workspace_id and o.contact_id = r.referred_contact_id and o.paid_at is not null and o.status <> $2)
        order by r.created_at limit $1`, [limit, CANCELLED_ORDER_STATUS], 'referral_awaiting');
      return rows.map((r) => ({ workspaceId: String(r.workspace_id), contactId: String(r.referred_contact_id) }));
    },

    async ranking(workspaceId, limit) {
      const rows = await q(`
        with per_referrer as (
          select r.referrer_contact_id as contact_id, count(*) as referred,
            count(*) filter (where exists (select 1 from orders o where o.workspace_id = r.workspace_id and o.contact_id = r.referred_contact_id
              and o.paid_at is not null and o.status <> $3)) as paid,
            coalesce(sum((select sum(o.total) from orders o where o.workspace_id = r.workspace_id and o.contact_id = r.referred_contact_id
              and o.paid_at is not null and o.status <> $3)), 0) as revenue
          from referrals r where r.workspace_id = $1
          group by r.referrer_contact_id
        )
        select p.contact_id, c.name, k.code, p.referred, p.paid, p.revenue,
          (select count(*) from referral_rewards w where w.workspace_id = $1 and w.referrer_contact_id = p.contact_id) as rewards
        from per_referrer p
        join contacts c on c.id = p.contact_id
        left join referral_codes k on k.contact_id = p.contact_id
        order by p.revenue desc, p.referred desc, c.name, p.contact_id
        limit $2`, [workspaceId, limit, CANCELLED_ORDER_STATUS], 'referral_ranking');
      return rows.map((r) => ({
        contactId: String(r.contact_id), name: String(r.name), code: strOrNull(r.code),
        referred: Number(r.referred), paid: Number(r.paid), revenue: Number(r.revenue), rewards: Number(r.rewards),
      }));
    },

    async contactSummary(workspaceId, contactId) {
      const [row] = await q(`
        select
          (select json_build_object('contact_id', a.id, 'name', a.name) from referrals r join contacts a on a.id = r.referrer_contact_id
            where r.workspace_id = $1 and r.referred_contact_id = $2) as referred_by,
          (select count(*) from referrals r where r.workspace_id = $1 and r.referrer_contact_id = $2) as referred,
          (select count(*) from referral_rewards w where w.workspace_id = $1 and w.referrer_contact_id = $2) as rewards`,
      [workspaceId, contactId], 'referral_contact_summary');
      const by = row?.referred_by ? json<{ contact_id: string; name: string }>(row.referred_by) : null;
      return { referredBy: by ? { contactId: by.contact_id, name: by.name } : null, referred: Number(row?.referred ?? 0), rewards: Number(row?.rewards ?? 0) };
    },
  };
}
