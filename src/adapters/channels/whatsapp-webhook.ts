/**
 * The receiving side of the WhatsApp Cloud API: the GET subscription handshake and the signed
 * POST webhooks (`entry[].changes[].value` with statuses and messages).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { InboundMessage, StatusUpdate, WebhookParseResult } from '../../app/channel.port.js';
import type { TemplateStatusUpdate } from '../../app/whatsapp-template.port.js';
import { LATEST_DATE, storableJson } from '../../contracts/common.js';
import { parseJsonExact } from './json-exact.js';

type Headers = Record<string, string | string[] | undefined>;

/** The challenge to echo when Meta's subscription request carries our verify token, else null. */
export function verifyWhatsAppSubscription(verifyToken: string, query: Record<string, string | undefined>): string | null {
  if (query['hub.mode'] !== 'subscribe') return null;
  const given = query['hub.verify_token'];
  if (given === undefined || !safeEqual(Buffer.from(given), Buffer.from(verifyToken))) return null;
  return query['hub.challenge'] ?? null;
}

/** Checks `X-Hub-Signature-256: sha256=<hex>` = HMAC-SHA256(appSecret, rawBody) in constant time. */
export function hasValidWhatsAppSignature(appSecret: string, rawBody: Buffer, headers: Headers): boolean {
  const header = headerValue(headers, 'x-hub-signature-256');
  const match = header === undefined ? null : /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return safeEqual(Buffer.from(match[1]!, 'hex'), expected);
}

/** Verifies the signature, then turns Meta's webhook into status updates and inbound messages. */
export function parseWhatsAppWebhook(appSecret: string, request: { rawBody: Buffer; headers: Headers }): WebhookParseResult {
  if (!hasValidWhatsAppSignature(appSecret, request.rawBody, request.headers)) return { ok: false, reason: 'bad_signature' };
  const read = readWhatsAppNotification(request.rawBody);
  if (!read.ok) return read;
  return {
    ok: true,
    phoneNumberIds: read.parts.flatMap((p) => (p.phoneNumberId === null ? [] : [p.phoneNumberId])),
    statuses: read.parts.flatMap((p) => p.statuses),
    inbound: read.parts.flatMap((p) => p.inbound),
  };
}

/**
 * What a notification says about one business number (null: a change that names none), or — for
 * changes of the `message_template_status_update` field, which name no number — about one
 * WhatsApp Business Account (`entry[].id`).
 */
export interface WhatsAppNotificationPart {
  readonly phoneNumberId: string | null;
  readonly statuses: StatusUpdate[];
  readonly inbound: InboundMessage[];
  /** Set on the parts of template status changes, whose phoneNumberId is null. */
  readonly wabaId?: string;
  readonly templateStatuses?: TemplateStatusUpdate[];
}

/**
 * Reads a notification WITHOUT checking its signature, grouped by the business number each change
 * is for (`entry[].changes[].value.metadata.phone_number_id`): that number says whose app secret
 * signed it. Check hasValidWhatsAppSignature with that secret before using any part.
 */
export function readWhatsAppNotification(rawBody: Buffer): { ok: false; reason: 'malformed' } | { ok: true; parts: WhatsAppNotificationPart[] } {
  let json: unknown;
  try {
    // A customer's text may carry NUL or a lone surrogate (valid JSON escapes): cleaned here, not refused,
    // so one odd message never fails the batch it came in.
    // Ids Meta writes as numbers (message_template_id) may exceed 2^53: read exactly, as strings.
    json = storableJson(parseJsonExact(rawBody.toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'malformed' };

  const parts = new Map<string | null, WhatsAppNotificationPart>();
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      if (!value) continue;
      if (change.field === 'message_template_status_update') {
        const update = toTemplateStatus(value);
        if (!update || !entry.id) continue;
        const key = `waba:${entry.id}`;
        let part = parts.get(key);
        if (!part) {
          part = { phoneNumberId: null, statuses: [], inbound: [], wabaId: entry.id, templateStatuses: [] };
          parts.set(key, part);
        }
        part.templateStatuses!.push(update);
        continue;
      }
      const id = value.metadata?.phone_number_id || null;
      let part = parts.get(id);
      if (!part) {
        part = { phoneNumberId: id, statuses: [], inbound: [] };
        parts.set(id, part);
      }
      // Items are checked one by one: a kind Meta adds later must not make us drop the rest.
      for (const raw of value.statuses ?? []) {
        const s = toStatusUpdate(raw);
        if (s) part.statuses.push(s);
      }
      const names = profileNames(value.contacts ?? []);
      for (const raw of value.messages ?? []) {
        const m = toInboundMessage(raw, names);
        if (m) part.inbound.push(m);
      }
    }
  }
  return { ok: true, parts: [...parts.values()] };
}

// Meta sends timestamps as strings of Unix seconds; numbers are accepted too.
const Timestamp = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((t) => new Date(Number(t) * 1000))
  .refine((d) => d.getTime() <= Date.parse(LATEST_DATE), 'timestamp out of range');

const EnvelopeSchema = z.object({
  entry: z.array(z.object({
    id: z.union([z.string(), z.number().int()]).transform(String).optional(),
    changes: z.array(z.object({
      field: z.string().optional(),
      value: z.object({
        metadata: z.object({ phone_number_id: z.string().optional() }).optional(),
        statuses: z.array(z.unknown()).optional(),
        messages: z.array(z.unknown()).optional(),
        contacts: z.array(z.unknown()).optional(),
      }).loose().optional(),
    })),
  })),
});

// Meta sends message_template_id as a number; parseJsonExact hands one of 16 digits or more over as its exact digits.
const TemplateStatusSchema = z.object({
  event: z.string().min(1).max(64),
  message_template_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]).transform(String),
  message_template_name: z.string().max(512).default(''),
  message_template_language: z.string().max(20).default(''),
  reason: z.string().max(500).nullish(),
});

function toTemplateStatus(raw: unknown): TemplateStatusUpdate | null {
  const parsed = TemplateStatusSchema.safeParse(raw);
  if (!parsed.success) return null;
  const v = parsed.data;
  return { templateId: v.message_template_id, name: v.message_template_name, language: v.message_template_language, event: v.event, reason: v.reason ?? null };
}

const StatusSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: Timestamp,
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.object({
    code: z.union([z.number(), z.string()]).optional(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  })).optional(),
});

function toStatusUpdate(raw: unknown): StatusUpdate | null {
  const parsed = StatusSchema.safeParse(raw);
  if (!parsed.success) return null;
  const s = parsed.data;
  const error = s.errors?.[0];
  const title = error?.title ?? error?.message;
  const details = error?.error_data?.details;
  const errorDetail = [title, details].filter((t): t is string => Boolean(t)).join(': ');
  return {
    providerMessageId: s.id,
    status: s.status,
    at: s.timestamp,
    ...(error?.code !== undefined ? { errorCode: String(error.code) } : {}),
    ...(errorDetail ? { errorDetail } : {}),
    ...(s.biz_opaque_callback_data ? { ourMessageId: s.biz_opaque_callback_data } : {}),
  };
}

const ContactSchema = z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() });

function profileNames(contacts: readonly unknown[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const raw of contacts) {
    const c = ContactSchema.safeParse(raw);
    if (c.success && c.data.profile?.name) names.set(c.data.wa_id ?? '', c.data.profile.name);
  }
  return names;
}

const MessageSchema = z.object({
  from: z.string().regex(/^\+?\d+$/),
  id: z.string().min(1),
  timestamp: Timestamp,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z.object({
    button_reply: z.object({ id: z.string().optional(), title: z.string() }).optional(),
    list_reply: z.object({ title: z.string() }).optional(),
  }).optional(),
});

function toInboundMessage(raw: unknown, names: Map<string, string>): InboundMessage | null {
  const parsed = MessageSchema.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  const digits = m.from.replace(/^\+/, '');
  // With one contact in the change its wa_id may differ in form from `from` (Meta normalises numbers).
  const profileName = names.get(digits) ?? (names.size === 1 ? [...names.values()][0] : undefined);
  return {
    providerMessageId: m.id,
    from: `+${digits}`,
    ...(profileName ? { profileName } : {}),
    text: messageText(m),
    ...buttonPayloadOf(m),
    at: m.timestamp,
    raw: raw as Record<string, unknown>,
  };
}

/**
 * A tapped button's payload: `button.payload` for a template's quick reply (Meta's `button`
 * message), `interactive.button_reply.id` for an interactive message's reply button.
 */
function buttonPayloadOf(m: z.infer<typeof MessageSchema>): { buttonPayload?: string } {
  const payload = m.type === 'button' ? m.button?.payload : m.type === 'interactive' ? m.interactive?.button_reply?.id : undefined;
  return payload ? { buttonPayload: payload } : {};
}

function messageText(m: z.infer<typeof MessageSchema>): string | null {
  switch (m.type) {
    case 'text': return m.text?.body ?? null;
    case 'button': return m.button?.text ?? m.button?.payload ?? null;
    case 'interactive': return m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? null;
    default: return null;
  }
}

function headerValue(headers: Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
