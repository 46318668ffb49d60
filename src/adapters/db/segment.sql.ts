/**
 * A checked segment definition (domain/segment.ts checkSegment) compiled to a WHERE condition over
 * `contacts c`. The SQL text comes only from this file: fields and ops pick fixed fragments through
 * a switch over the field table, and every value from the request — custom keys included — is a
 * parameter. Callers scope by workspace themselves:
 *
 *   const w = segmentWhere(def, 2, now);
 *   select … from contacts c where c.workspace_id = $1 and (${w.sql})   -- values [workspaceId, ...w.values]
 *
 * Meanings fixed here:
 * - `neq` is "not eq": a contact with no value (no email, no such custom field, no orders) matches.
 * - text `eq` and `contains` ignore case (name via ILIKE, which the trigram index serves; email lowercased);
 *   `phone` values are normalised like contacts' (`08…` → `+628…`) when they are numbers.
 * - `created_days_ago` and `orders.last_days_ago` are whole days elapsed before `now` (24-hour periods),
 *   compiled to timestamp ranges so the (workspace_id, created_at) and orders indexes serve them; a
 *   contact without orders has no `orders.last_days_ago` (only `neq` and `exists: false` match it).
 * - `orders.total_spent` sums `total` over **paid** orders: those an `order.paid` event has reached
 *   (`paid_at` set). An order only created is a promise, not revenue.
 * - `consent.<ch>` without a stored row is `unknown`.
 * - `rfm.*` and `clv.*` read the stored insight (contact_insights, adapters/db/insights.sql.ts): a
 *   contact without a paid order has no RFM (no score comparison matches it; `rfm.segment exists:
 *   false` and `neq` do) and a value of 0 (`clv.historical lt 1` matches it).
 * - `lifecycle.stage` is the stage stored by the lifecycle sweep and order intake (app/lifecycle.ts).
 * - `custom.<key>` compared with gt/gte/lt/lte is read as a number where the stored text is one
 *   (`12`, `-3.5`); other texts never match a number comparison.
 */
import { isSegmentGroup, type SegmentCondition, type SegmentDefinition, type SegmentGroup, type SegmentOp } from '../../domain/segment.js';
import { parseSegmentField, type SegmentFieldRef } from '../../domain/segment-fields.js';
import { normalizePhone, phoneSearch } from '../../domain/phone.js';
import { CONSENT_STATUSES, type ConsentStatus } from '../../domain/vocabulary.js';

export interface SqlCondition { sql: string; values: unknown[] }

const DAY_MS = 86_400_000;
/** A text of digits with an optional sign and decimals: the custom-field texts that compare as numbers. */
const NUMERIC_TEXT = `'^ *-?[0-9]+([.][0-9]+)? *$'`;

/** Escapes LIKE wildcards so the text matches itself. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Compiles a checked definition; values are numbered from `$firstParam`. Throws on an unchecked one (a bug, not input). */
export function segmentWhere(def: SegmentDefinition, firstParam: number, now: Date): SqlCondition {
  const values: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    values.push(value);
    return `$${firstParam + values.length - 1}${cast}`;
  };
  const sql = compileGroup(def, { param, now: now.getTime() });
  return { sql, values };
}

interface Ctx { param: (value: unknown, cast?: string) => string; now: number }

function compileGroup(group: SegmentGroup, ctx: Ctx): string {
  if (group.rules.length === 0) return group.match === 'all' ? 'true' : 'false';
  const parts = group.rules.map((rule) => `(${isSegmentGroup(rule) ? compileGroup(rule, ctx) : compileCondition(rule, ctx)})`);
  return parts.join(group.match === 'all' ? ' and ' : ' or ');
}

function compileCondition(rule: SegmentCondition, ctx: Ctx): string {
  const ref = parseSegmentField(rule.field);
  if (!ref) throw new Error('segmentWhere: unchecked definition (unknown field)');
  // neq is the negation of eq for every field; `is not true` makes a missing value (null) match.
  if (rule.op === 'neq') return `(${compileCondition({ field: rule.field, op: 'eq', value: rule.value }, ctx)}) is not true`;
  switch (ref.field) {
    case 'name': case 'phone': case 'email': return textCondition(ref.field, rule.op, rule.value, ctx);
    case 'tags': return tagsCondition(rule.op, rule.value, ctx);
    case 'created_days_ago': return createdCondition(rule.op, rule.value, ctx);
    case 'orders.last_days_ago': return lastOrderCondition(rule.op, rule.value, ctx);
    case 'orders.count': return orderAggregate('count(*)', '', '::bigint', rule.op, rule.value, ctx);
    case 'orders.total_spent': return orderAggregate('coalesce(sum(o.total), 0)', ' and o.paid_at is not null', '::numeric', rule.op, String(rule.value), ctx);
    case 'orders.product': return productCondition(rule.op, rule.value, ctx);
    case 'consent': return consentCondition(ref, rule.op, rule.value, ctx);
    case 'custom': return customCondition(ref, rule.op, rule.value, ctx);
    case 'rfm.segment': return rfmSegmentCondition(rule.op, rule.value, ctx);
    case 'rfm.r': case 'rfm.f': case 'rfm.m': return insightNumber(`ci.${ref.field.slice(4)}`, false, rule.op, rule.value, ctx);
    case 'clv.predicted': return insightNumber('coalesce(ci.predicted_value, 0)', true, rule.op, rule.value, ctx);
    case 'clv.historical': return insightNumber('ci.revenue', true, rule.op, rule.value, ctx);
    case 'lifecycle.stage': return stageCondition(rule.op, rule.value, ctx);
  }
}

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error('segmentWhere: unchecked definition (value)');
  return v;
};
const strs = (v: unknown): string[] => {
  if (!Array.isArray(v)) throw new Error('segmentWhere: unchecked definition (list)');
  return v.map(str);
};
const num = (v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error('segmentWhere: unchecked definition (number)');
  return v;
};
const unexpected = (op: SegmentOp): never => { throw new Error(`segmentWhere: unchecked definition (op ${op})`); };
/** `exists` with no value means "exists: true". */
const wanted = (v: unknown) => v !== false;

/** A phone as stored when the text is a valid number, else the text as given (it then matches nothing stored). */
const asPhone = (v: string) => {
  const r = normalizePhone(v);
  return r.ok ? r.e164 : v;
};

function textCondition(field: 'name' | 'phone' | 'email', op: SegmentOp, value: unknown, ctx: Ctx): string {
  const column = field === 'name' ? 'c.name' : field === 'phone' ? 'c.phone' : 'c.email';
  switch (op) {
    case 'exists': return wanted(value) ? `coalesce(${column}, '') <> ''` : `coalesce(${column}, '') = ''`;
    case 'contains': {
      if (field === 'phone') {
        // As the contacts search reads a number typed `0812…`, `62812…` or `+62 812…`, or else its digits anywhere.
        const search = phoneSearch(str(value));
        const digits = str(value).replace(/\D/g, '');
        if (search?.kind === 'prefix') return `(c.phone like ${ctx.param(`${search.value}%`)} or c.phone like ${ctx.param(`%${digits}%`)})`;
        if (search) return `c.phone like ${ctx.param(`%${search.value}%`)}`;
      }
      return `${column} ilike ${ctx.param(`%${escapeLike(str(value))}%`)}`;
    }
    case 'eq':
      if (field === 'name') return `c.name ilike ${ctx.param(escapeLike(str(value)))}`;
      if (field === 'phone') return `c.phone = ${ctx.param(asPhone(str(value)))}`;
      return `lower(c.email) = lower(${ctx.param(str(value))})`;
    case 'in':
      if (field === 'name') return `lower(c.name) = any(${ctx.param(strs(value).map((v) => v.toLowerCase()), '::text[]')})`;
      if (field === 'phone') return `c.phone = any(${ctx.param(strs(value).map(asPhone), '::text[]')})`;
      return `lower(c.email) = any(${ctx.param(strs(value).map((v) => v.toLowerCase()), '::text[]')})`;
    default: return unexpected(op);
  }
}

function tagsCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  switch (op) {
    // Array containment and overlap: the GIN index on tags serves both.
    case 'contains': return `c.tags @> ${ctx.param([str(value)], '::text[]')}`;
    case 'eq': return `c.tags @> ${ctx.param([str(value)], '::text[]')}`;
    case 'in': return `c.tags && ${ctx.param(strs(value), '::text[]')}`;
    case 'exists': return wanted(value) ? 'cardinality(c.tags) > 0' : 'cardinality(c.tags) = 0';
    default: return unexpected(op);
  }
}

/**
 * Whole days elapsed d = floor((now − t) / day) compared with n, as a range of t: d ≥ n ⇔ t ≤ now − n days;
 * d ≤ n ⇔ t > now − (n+1) days. `upTo` is inclusive, `after` exclusive.
 */
function dayRange(op: SegmentOp, n: number, now: number): { upTo?: Date; after?: Date } {
  const ago = (days: number) => new Date(now - days * DAY_MS);
  switch (op) {
    case 'gte': return { upTo: ago(n) };
    case 'gt': return { upTo: ago(n + 1) };
    case 'lte': return { after: ago(n + 1) };
    case 'lt': return { after: ago(n) };
    case 'eq': return { upTo: ago(n), after: ago(n + 1) };
    default: return unexpected(op);
  }
}

function createdCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  const range = dayRange(op, num(value), ctx.now);
  const parts = [
    ...(range.upTo ? [`c.created_at <= ${ctx.param(range.upTo.toISOString(), '::timestamptz')}`] : []),
    ...(range.after ? [`c.created_at > ${ctx.param(range.after.toISOString(), '::timestamptz')}`] : []),
  ];
  return parts.join(' and ');
}

/** The contact's orders, through orders(workspace_id, contact_id, occurred_at). */
const ORDERS_OF_CONTACT = 'from orders o where o.workspace_id = c.workspace_id and o.contact_id = c.id';

/**
 * The latest order's age as existence tests (semi- and anti-joins on the orders index, no
 * aggregate): latest > t ⇔ some order after t; latest ≤ t ⇔ an order, and none after t.
 */
function lastOrderCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  if (op === 'exists') return `${wanted(value) ? '' : 'not '}exists (select 1 ${ORDERS_OF_CONTACT})`;
  const range = dayRange(op, num(value), ctx.now);
  const parts = [
    range.after ? `exists (select 1 ${ORDERS_OF_CONTACT} and o.occurred_at > ${ctx.param(range.after.toISOString(), '::timestamptz')})` : `exists (select 1 ${ORDERS_OF_CONTACT})`,
    ...(range.upTo ? [`not exists (select 1 ${ORDERS_OF_CONTACT} and o.occurred_at > ${ctx.param(range.upTo.toISOString(), '::timestamptz')})`] : []),
  ];
  return parts.join(' and ');
}

const COMPARE: Partial<Record<SegmentOp, string>> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const holds = (x: number, op: SegmentOp, n: number) =>
  op === 'eq' ? x === n : op === 'gt' ? x > n : op === 'gte' ? x >= n : op === 'lt' ? x < n : op === 'lte' ? x <= n : unexpected(op);

/**
 * A number over a contact's orders (`count(*)`, the paid total) compared with n, set-based: the
 * workspace's orders grouped by contact (the caller's `c.workspace_id = $1` reaches into the
 * grouping through the join on workspace_id), hash-joined to the contacts — no per-contact
 * subquery. Contacts without (matching) orders have 0: when 0 satisfies the comparison, a contact
 * matches unless its group fails it (an anti-join); otherwise its group must pass (a semi-join).
 * "At least one" and "none" need no aggregate at all.
 */
function orderAggregate(aggregate: string, filter: string, cast: string, op: SegmentOp, value: unknown, ctx: Ctx): string {
  const sign = COMPARE[op] ?? unexpected(op);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error('segmentWhere: unchecked definition (number)');
  const zeroMatches = holds(0, op, n);
  if (cast === '::bigint') {
    const has = `exists (select 1 ${ORDERS_OF_CONTACT})`;
    if (!zeroMatches && holds(1, op, n) && (op === 'gt' || op === 'gte')) return has;
    if (zeroMatches && !holds(1, op, n) && (op === 'lt' || op === 'lte' || op === 'eq')) return `not ${has}`;
  }
  const bound = ctx.param(typeof value === 'number' ? value : String(value), cast);
  const grouped = (having: string) => `select o.workspace_id, o.contact_id from orders o where true${filter} group by o.workspace_id, o.contact_id having ${having}`;
  return zeroMatches
    ? `not exists (select 1 from (${grouped(`not (${aggregate} ${sign} ${bound})`)}) g where g.workspace_id = c.workspace_id and g.contact_id = c.id)`
    : `(c.workspace_id, c.id) in (${grouped(`${aggregate} ${sign} ${bound}`)})`;
}

/**
 * Consent as a set of statuses: a contact matches when its status on the channel is in the set.
 * Without `unknown` in the set: a stored row with a listed status exists. With it: no stored row
 * has a status outside the set (no row at all is unknown).
 */
function consentCondition(ref: Extract<SegmentFieldRef, { kind: 'consent' }>, op: SegmentOp, value: unknown, ctx: Ctx): string {
  const set: ConsentStatus[] = op === 'eq' ? [str(value) as ConsentStatus] : op === 'in' ? (strs(value) as ConsentStatus[]) : unexpected(op);
  if (set.length === 0) return 'false';
  if (CONSENT_STATUSES.every((s) => set.includes(s))) return 'true';
  const rows = `from contact_consents cc where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.channel = ${ctx.param(ref.channel)}`;
  return set.includes('unknown')
    ? `not exists (select 1 ${rows} and cc.status <> all(${ctx.param(set, '::text[]')}))`
    : `exists (select 1 ${rows} and cc.status = any(${ctx.param(set, '::text[]')}))`;
}

/** The stored stage (contact_lifecycles); a contact not staged yet has none, so only `neq` matches it. */
function stageCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  const set = op === 'eq' ? [str(value)] : op === 'in' ? strs(value) : unexpected(op);
  return `exists (select 1 from contact_lifecycles lc where lc.contact_id = c.id and lc.workspace_id = c.workspace_id and lc.stage = any(${ctx.param(set, '::text[]')}))`;
}

function customCondition(ref: Extract<SegmentFieldRef, { kind: 'custom' }>, op: SegmentOp, value: unknown, ctx: Ctx): string {
  const text = () => `(c.custom_fields ->> ${ctx.param(ref.key)})`;
  switch (op) {
    // Containment of {key: value}: the GIN (jsonb_path_ops) index serves it; OR-ed for a list (a BitmapOr).
    case 'eq': return `c.custom_fields @> ${ctx.param(JSON.stringify({ [ref.key]: str(value) }), '::jsonb')}`;
    case 'in': return strs(value).map((v) => `c.custom_fields @> ${ctx.param(JSON.stringify({ [ref.key]: v }), '::jsonb')}`).join(' or ');
    case 'contains': return `${text()} ilike ${ctx.param(`%${escapeLike(str(value))}%`)}`;
    case 'exists': return wanted(value) ? `coalesce(${text()}, '') <> ''` : `coalesce(${text()}, '') = ''`;
    case 'gt': case 'gte': case 'lt': case 'lte': {
      const t = text();
      return `(case when ${t} ~ ${NUMERIC_TEXT} then ${t}::numeric end) ${COMPARE[op]} ${ctx.param(String(num(value)), '::numeric')}`;
    }
    default: return unexpected(op);
  }
}

/** An item of one of the contact's orders whose name matches (case-insensitive). */
function productCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  const item = (condition: string) => `exists (select 1 ${ORDERS_OF_CONTACT} and exists (select 1 from order_items i where i.order_id = o.id${condition}))`;
  switch (op) {
    case 'exists': return `${wanted(value) ? '' : 'not '}${item('')}`;
    case 'contains': return item(` and i.name ilike ${ctx.param(`%${escapeLike(str(value))}%`)}`);
    case 'eq': return item(` and lower(i.name) = lower(${ctx.param(str(value))})`);
    case 'in': return item(` and lower(i.name) = any(${ctx.param(strs(value).map((v) => v.toLowerCase()), '::text[]')})`);
    default: return unexpected(op);
  }
}

/** The contact's stored insight row (one per contact, its primary key). */
const INSIGHT_OF_CONTACT = 'from contact_insights ci where ci.contact_id = c.id and ci.workspace_id = c.workspace_id';

function rfmSegmentCondition(op: SegmentOp, value: unknown, ctx: Ctx): string {
  switch (op) {
    case 'exists': return `${wanted(value) ? '' : 'not '}exists (select 1 ${INSIGHT_OF_CONTACT})`;
    case 'eq': return `exists (select 1 ${INSIGHT_OF_CONTACT} and ci.segment = ${ctx.param(str(value))})`;
    case 'in': return `exists (select 1 ${INSIGHT_OF_CONTACT} and ci.segment = any(${ctx.param(strs(value), '::text[]')}))`;
    default: return unexpected(op);
  }
}

/**
 * A stored number compared with n. `zeroWithout`: a contact without a row counts as 0 (values),
 * so when 0 satisfies the comparison it matches unless its row fails it; else (scores) it never matches.
 */
function insightNumber(column: string, zeroWithout: boolean, op: SegmentOp, value: unknown, ctx: Ctx): string {
  const sign = COMPARE[op] ?? unexpected(op);
  const n = num(value);
  const bound = ctx.param(String(n), '::numeric');
  return zeroWithout && holds(0, op, n)
    ? `not exists (select 1 ${INSIGHT_OF_CONTACT} and not (${column} ${sign} ${bound}))`
    : `exists (select 1 ${INSIGHT_OF_CONTACT} and ${column} ${sign} ${bound})`;
}
