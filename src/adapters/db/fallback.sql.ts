/** Channel choice in SQL: a claimed message's fallbacks, and the fallback messages stored with a permanent failure. */
import type { ClaimedFallback, NewFallback } from '../../app/engine.port.js';
import type { FallbackContent } from '../../app/records.js';
import { emptyContent } from '../../domain/message-content.js';
import type { ChannelKind, ConsentStatus } from '../../domain/vocabulary.js';
import type { SqlQuery } from './sql-unit.js';

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The fallbacks of messages that failed permanently (or that their channel skipped for want of an
 * address), each a copy of its failed message's intent on
 * the next channel, keyed `<key>:fb:<channel>` (a repeated record writes nothing twice). Only from
 * a message this transaction saw fail. Returns the stored rows (id, scheduled_at, category).
 */
export function insertFallbacks(q: SqlQuery, fallbacks: readonly NewFallback[]) {
  return q(`
    insert into messages (workspace_id, contact_id, channel, recipient, template_id, automation_id, event_id, broadcast_id, journey_id, journey_step_id, variant, idempotency_key,
      category, body, content, rendered, status, scheduled_at, request_id, fallback_channels, fallback_content, fallback_of, created_at, updated_at)
    select m.workspace_id, m.contact_id, x.channel, x.recipient, m.template_id, m.automation_id, m.event_id, m.broadcast_id, m.journey_id, m.journey_step_id, m.variant,
      m.idempotency_key || ':fb:' || x.channel, m.category, x.body, x.content, x.rendered, 'queued', x.scheduled_at, m.request_id,
      coalesce(x.fallback_channels, '{}'), m.fallback_content, m.id, x.scheduled_at, x.scheduled_at
    from json_to_recordset($1::json) as x(of uuid, channel text, recipient text, body text, content jsonb, rendered boolean, fallback_channels text[], scheduled_at timestamptz)
    join messages m on m.id = x.of and m.status in ('failed', 'skipped')
    on conflict (workspace_id, idempotency_key) do nothing
    returning id, scheduled_at, category`,
  [JSON.stringify(fallbacks.map((f) => ({
    of: f.of, channel: f.channel, recipient: f.recipient, rendered: f.rendered !== null,
    body: f.rendered?.body ?? '', content: f.rendered?.content ?? emptyContent(f.channel),
    fallback_channels: f.fallbackChannels, scheduled_at: f.scheduledAt.toISOString(),
  })))], 'delivery_fallbacks');
}

/** The row claimedFallback reads, for one message outside a claim. */
export async function fallbackContextRow(q: SqlQuery, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await q(`
    select m.contact_id, m.fallback_channels, m.fallback_content, c.phone as fallback_phone, c.email as fallback_email,
      c.email_bounced_at is not null as fallback_email_bounced,
      (select json_object_agg(x.channel, x.status) from contact_consents x where x.contact_id = m.contact_id) as fallback_consents
    from messages m left join contacts c on c.id = m.contact_id
    where m.id = $1::uuid and cardinality(m.fallback_channels) > 0`, [id], 'delivery_fallback_context');
  return row;
}

/** A claimed row's fallback channels and what choosing among them needs, or null when it has none. */
export function claimedFallback(r: Record<string, unknown>): ClaimedFallback | null {
  const channels = textArray(r.fallback_channels) as ChannelKind[];
  if (channels.length === 0 || r.contact_id === null || r.contact_id === undefined) return null;
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) as unknown : v);
  return {
    channels,
    content: (parse(r.fallback_content) ?? null) as FallbackContent | null,
    contact: {
      id: str(r.contact_id), phone: strOrNull(r.fallback_phone), email: strOrNull(r.fallback_email),
      consent: (parse(r.fallback_consents) ?? {}) as Partial<Record<string, ConsentStatus>>,
      emailBounced: r.fallback_email_bounced === true,
    },
  };
}

/** A text[] as the driver hands it: an array (pg) or its text form `{a,b}`. */
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0);
  return [];
}
