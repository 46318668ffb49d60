/**
 * The store's schema, one for PGlite and PostgreSQL. Every row carries
 * workspace_id and every repository query filters by it.
 * Migrations are generated from this file with `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, bigint, customType, bigserial, boolean, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { MessageContent } from '../../domain/message-content.js';
import type { TemplateButton, TemplateHeader } from '../../domain/template-extras.js';
import type { MediaType } from '../../domain/media.js';
import type { ApiKeyScope, BroadcastStatus, ChannelKind, ConsentStatus, ConversationStatus, MediaKind, MessageDirection, MessageStatus, Role, TemplateCategory, WhatsAppTemplateStatus } from '../../domain/vocabulary.js';
import type { BusinessHours } from '../../domain/conversation.js';
import type { WebhookDeliveryStatus, WebhookEventType, WebhookSubscriptionStatus } from '../../domain/webhooks/index.js';
import type { SegmentDefinition } from '../../domain/segment.js';
import type { BroadcastAbTest as BroadcastAbTestRow, BroadcastVariant as BroadcastVariantRow } from '../../app/broadcast.port.js';

const id = () => uuid('id').primaryKey().defaultRandom();
const workspaceId = () => uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Asia/Jakarta'),
  /** Per-workspace channel settings (e.g. WhatsApp credentials) that override the environment's. */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /**
   * Bumped by a trigger (migration 0004) on every change to the workspace's templates and
   * automations: event intake caches compiled automations per (workspace, version) and learns of
   * a change from the same statement that stores the events.
   */
  configVersion: bigint('config_version', { mode: 'number' }).notNull().default(0),
  /** Marketing messages per contact and channel within frequencyCapDays (product.md §4: 2 per 7 days); 0 = no cap. */
  frequencyCapCount: integer('frequency_cap_count').notNull().default(2),
  frequencyCapDays: integer('frequency_cap_days').notNull().default(7),
  /** Local times (HH:MM, workspace time zone) between which no marketing message goes out; null = no quiet hours. */
  quietHoursStart: text('quiet_hours_start').default('21:00'),
  quietHoursEnd: text('quiet_hours_end').default('08:00'),
  /** Opening hours for the away message (workspace time zone); null = always open. */
  businessHours: jsonb('business_hours').$type<BusinessHours>(),
  /** Template answered to an inbound message outside business hours (no keyword matched); null = none. */
  awayTemplateId: uuid('away_template_id').references((): AnyPgColumn => templates.id, { onDelete: 'set null' }),
  /** An order is credited to the contact's last message (or click) within this many hours before it (issue 10 part 6). */
  attributionWindowHours: integer('attribution_window_hours').notNull().default(72),
  /** Lifecycle thresholds in whole days (domain/insights/lifecycle.ts; at risk < lost is checked on save). */
  lifecycleDormantDays: integer('lifecycle_dormant_days').notNull().default(30),
  lifecycleAtRiskDays: integer('lifecycle_at_risk_days').notNull().default(90),
  lifecycleLostDays: integer('lifecycle_lost_days').notNull().default(180),
  createdAt: createdAt(),
});


export const users = pgTable('users', {
  id: id(),
  workspaceId: workspaceId(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Set when an owner deactivates the member: no login, no sessions; the row stays for the audit log. */
  deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`)]);

export const sessions = pgTable('sessions', {
  /** sha256 of the cookie token: a stolen table does not yield live sessions. */
  tokenHash: text('token_hash').primaryKey(),
  /** The session's public handle (lists, revoke): the token hash never leaves the server. */
  id: uuid('id').notNull().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Where and with what the session was opened, shown in the sessions list. */
  address: text('address'),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('sessions_id_uq').on(t.id), index('sessions_user_idx').on(t.userId)]);

/** One-time invitations: the link carries a token whose sha256 is stored; accepting creates the member. */
export const invites = pgTable('invites', {
  id: id(),
  workspaceId: workspaceId(),
  email: text('email').notNull(),
  role: text('role').$type<Role>().notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('invites_token_uq').on(t.tokenHash), index('invites_ws_idx').on(t.workspaceId, t.createdAt)]);

/**
 * Who did what, when, from where. Append-only: the repository offers no update or delete (rows go
 * only with their workspace).
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: workspaceId(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** The person (or the creator of the API key) acting; null for an unknown login or the command line. */
  actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
  /** Readable actor kept even after the user goes: an email, `API key sapa_ab12cd`, or `command line`. */
  actor: text('actor').notNull(),
  via: text('via').notNull(),
  address: text('address'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('audit_log_ws_id_idx').on(t.workspaceId, t.id)]);

export const apiKeys = pgTable('api_keys', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  /** First characters of the key, shown in lists so owners can tell keys apart. */
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** What the key may do (domain/permissions.ts); keys made before scopes existed were given `admin` (migration 0005). */
  scopes: text('scopes').array().$type<ApiKeyScope[]>().notNull().default(sql`'{events:write}'::text[]`),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)]);

export const contacts = pgTable('contacts', {
  id: id(),
  workspaceId: workspaceId(),
  externalId: text('external_id'),
  name: text('name').notNull().default(''),
  /** E.164, e.g. +6281234567890. */
  phone: text('phone'),
  email: text('email'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  customFields: jsonb('custom_fields').$type<Record<string, string>>().notNull().default({}),
  /** Last inbound WhatsApp message: free-form text is allowed for 24 hours after it. */
  whatsappLastInboundAt: timestamp('whatsapp_last_inbound_at', { withTimezone: true }),
  /** The email address hard-bounced (SMTP 550, a DSN, the bounce webhook): no email goes to it. Cleared when the address changes (trigger, migration). */
  emailBouncedAt: timestamp('email_bounced_at', { withTimezone: true }),
  emailBounceReason: text('email_bounce_reason'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('contacts_external_uq').on(t.workspaceId, t.externalId).where(sql`${t.externalId} is not null`),
  uniqueIndex('contacts_phone_uq').on(t.workspaceId, t.phone).where(sql`${t.phone} is not null`),
  index('contacts_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
  // Lists and exports page by (created_at desc, id desc) within a workspace.
  index('contacts_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
  // Search by any part of a name, phone or email (ILIKE '%…%') at a million contacts.
  index('contacts_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  index('contacts_phone_trgm_idx').using('gin', sql`${t.phone} gin_trgm_ops`),
  index('contacts_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
  // Segment rules on tags and custom fields.
  index('contacts_tags_gin_idx').using('gin', t.tags),
  index('contacts_custom_gin_idx').using('gin', sql`${t.customFields} jsonb_path_ops`),
]);

/**
 * Each contact's lifecycle stage (issue 10 part 2). A row is made for every new contact by a
 * statement trigger on contacts (migration 0021) with no stage and next_at = its creation, so any
 * way a contact arrives (API, import, events) is staged by the next sweep if nothing stages it
 * sooner. next_at: when the clock alone would move it next (null: only an order can).
 */
export const contactLifecycles = pgTable('contact_lifecycles', {
  contactId: uuid('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  stage: text('stage'),
  since: timestamp('since', { withTimezone: true }),
  nextAt: timestamp('next_at', { withTimezone: true }),
  updatedAt: updatedAt(),
}, (t) => [
  // The sweep claims the earliest due rows; stage counts group within a workspace.
  index('contact_lifecycles_due_idx').on(t.nextAt).where(sql`${t.nextAt} is not null`),
  index('contact_lifecycles_ws_stage_idx').on(t.workspaceId, t.stage),
]);

/** Every stage change with its time (the exact threshold instant, or an order's time); from is null for a contact's first stage. */
export const lifecycleTransitions = pgTable('lifecycle_transitions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  /**
   * When the listeners (journeys) are owed this change if nobody has told them yet; null once they
   * have heard it. Written a grace period ahead so the process that made the change tells them
   * first; the sweep takes the rows still set after that (a crash, a failing listener).
   */
  notifyAfter: timestamp('notify_after', { withTimezone: true }),
}, (t) => [
  index('lifecycle_transitions_ws_at_idx').on(t.workspaceId, t.at),
  index('lifecycle_transitions_contact_idx').on(t.contactId),
  index('lifecycle_transitions_unheard_idx').on(t.notifyAfter).where(sql`${t.notifyAfter} is not null`),
]);

/** Custom field keys in use per workspace (template variables, segment fields); kept by a trigger on contacts (migration 0004). */
export const customFieldKeys = pgTable('custom_field_keys', {
  workspaceId: workspaceId(),
  key: text('key').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.key] })]);

/**
 * How many of the workspace's contacts carry each tag (a contact's tag counted as often as its tags
 * list it), for the tag suggestions: counting over every contact took ~0.9 s at a million. Kept
 * exact by statement triggers on contacts (migration 0007) that add each statement's deltas with
 * INSERT … ON CONFLICT DO UPDATE, in tag order, and delete a row when it reaches zero.
 */
export const contactTagCounts = pgTable('contact_tag_counts', {
  workspaceId: workspaceId(),
  tag: text('tag').notNull(),
  count: integer('count').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.tag] })]);

/** Current consent per (contact, channel); history lives in consent_events. */
export const contactConsents = pgTable('contact_consents', {
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  status: text('status').$type<ConsentStatus>().notNull(),
  /** Where the consent came from: 'api', 'import', 'inbound:STOP', 'ui', … */
  source: text('source').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.contactId, t.channel] }),
  index('contact_consents_ws_channel_status_idx').on(t.workspaceId, t.channel, t.status),
]);

export const consentEvents = pgTable('consent_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  status: text('status').$type<ConsentStatus>().notNull(),
  source: text('source').notNull(),
  /** Who made the change: a member's email, an API key's name, or null for the contact themself / the system. */
  actor: text('actor'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('consent_events_contact_idx').on(t.contactId)]);

export const orders = pgTable('orders', {
  id: id(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  number: text('number').notNull(),
  invoiceNumber: text('invoice_number'),
  trackingNumber: text('tracking_number'),
  /** Amount in the currency's major unit (IDR has no minor unit in practice). */
  total: numeric('total', { precision: 18, scale: 2 }),
  currency: text('currency').notNull().default('IDR'),
  /** The last order event type seen: order.created … order.received. */
  status: text('status').notNull(),
  handledBy: text('handled_by'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('orders_number_uq').on(t.workspaceId, t.number),
  // A contact's orders (segment rules, its page), led by contact_id so that deleting a contact (its FK
  // cascade, `where contact_id = $1`) finds them by index too.
  index('orders_contact_idx').on(t.contactId, t.workspaceId, t.occurredAt),
]);

export const orderItems = pgTable('order_items', {
  id: id(),
  workspaceId: workspaceId(),
  orderId: uuid('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull().default(1),
  price: numeric('price', { precision: 18, scale: 2 }),
}, (t) => [
  uniqueIndex('order_items_pos_uq').on(t.orderId, t.position),
  // The segment rule `orders.product contains` (i.name ILIKE '%…%', segment.sql.ts).
  index('order_items_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
]);

export const events = pgTable('events', {
  id: id(),
  workspaceId: workspaceId(),
  /** The sender's id: the idempotency key of product.md §3. */
  key: text('key').notNull(),
  type: text('type').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('events_key_uq').on(t.workspaceId, t.key),
  // A contact's events: erasing its personal data, and the FK's `set null` when a contact goes.
  index('events_contact_idx').on(t.contactId).where(sql`${t.contactId} is not null`),
]);


export const templates = pgTable('templates', {
  id: id(),
  workspaceId: workspaceId(),
  code: text('code').notNull(),
  message: text('message').notNull(),
  category: text('category').$type<TemplateCategory>().notNull().default('utility'),
  /** Name of the approved WhatsApp template (outside the 24-hour window); defaults to a slug of code. */
  whatsappName: text('whatsapp_name'),
  whatsappLanguage: text('whatsapp_language').notNull().default('id'),
  /** Variables used, in order of first appearance (derived on save). */
  variables: text('variables').array().notNull().default(sql`'{}'::text[]`),
  /** Meta's id of the message template this Template Chat was submitted as or linked to; null: neither. */
  whatsappTemplateId: text('whatsapp_template_id'),
  /** Meta's review of it (null: never submitted nor linked); kept by the status webhook and the periodic fetch. */
  whatsappStatus: text('whatsapp_status').$type<WhatsAppTemplateStatus>(),
  /** Meta's reason for a rejection (or pause), e.g. INVALID_FORMAT. */
  whatsappRejectionReason: text('whatsapp_rejection_reason'),
  /** The BODY text Meta has (as submitted or imported): the message's own differs once it was edited. */
  whatsappSubmittedBody: text('whatsapp_submitted_body'),
  /** The quick-reply labels Meta has (as submitted); null: unknown (imported, or submitted before buttons existed). */
  whatsappSubmittedButtons: text('whatsapp_submitted_buttons').array(),
  /** When the periodic fetch last asked Meta about it (oldest first). */
  whatsappCheckedAt: timestamp('whatsapp_checked_at', { withTimezone: true }),
  /** An image or document header (an upload of the same workspace, checked on save); null: text only. */
  header: jsonb('header').$type<TemplateHeader>(),
  /** Quick-reply buttons, in order (their index is Meta's). */
  buttons: jsonb('buttons').$type<TemplateButton[]>().notNull().default([]),
  /** Email subject (template language); an email from this template needs one. */
  subject: text('subject'),
  /** Email HTML body (template language, values HTML-escaped); null: plain text only. */
  html: text('html'),
  /** Web push notification title (template language); null: the shop's name. */
  title: text('title'),
  /** The page a web push opens when clicked (an http(s) URL in the template language, values URL-encoded); null: the shop's site. */
  link: text('link'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('templates_code_uq').on(t.workspaceId, sql`lower(${t.code})`),
  // The status webhook finds its template by Meta's id within the workspace.
  index('templates_whatsapp_id_idx').on(t.workspaceId, t.whatsappTemplateId).where(sql`${t.whatsappTemplateId} is not null`),
]);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Files uploaded to send on WhatsApp, kept in the database (not the data folder) so that every
 * process and machine of a PostgreSQL deployment serves the same file, backed up with the rest.
 * A file is never changed: the same bytes under the same name uploaded again in a workspace are
 * the same row (a new name is a new row: the name is what a document shows in WhatsApp).
 */
export const media = pgTable('media', {
  id: id(),
  workspaceId: workspaceId(),
  kind: text('kind').$type<MediaKind>().notNull(),
  /** Judged from the bytes (domain/media.ts), not from what the client said. */
  contentType: text('content_type').$type<MediaType>().notNull(),
  filename: text('filename').notNull(),
  size: integer('size').notNull(),
  /** Hex sha256 of the bytes. */
  sha256: text('sha256').notNull(),
  /** 32 random bytes (base64url): the file's public URL is /media/<token>, for Meta to fetch. */
  token: text('token').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('media_token_uq').on(t.token),
  uniqueIndex('media_hash_uq').on(t.workspaceId, t.sha256, t.filename),
]);

export const automations = pgTable('automations', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  trigger: text('trigger').notNull(),
  templateId: uuid('template_id').notNull().references(() => templates.id, { onDelete: 'restrict' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  /** Every channel in order of preference, `channel` first (issue 9 part 5: fallbacks); '{}' in rows older than it means [channel]. */
  channels: text('channels').array().$type<ChannelKind[]>().notNull().default(sql`'{}'::text[]`),
  delayMinutes: integer('delay_minutes').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('automations_trigger_idx').on(t.workspaceId, t.trigger)]);


export const messages = pgTable('messages', {
  id: id(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  /** The address used: E.164 phone for WhatsApp/SMS, email for email. */
  recipient: text('recipient'),
  templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
  automationId: uuid('automation_id').references(() => automations.id, { onDelete: 'set null' }),
  eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
  broadcastId: uuid('broadcast_id'),
  /** A broadcast's or a journey send step's A/B test: the variant (A–D) this contact got (domain/insights/ab-test.ts assignVariant); null otherwise. */
  variant: text('variant'),
  /** Natural key making a send happen once: `auto:<automationId>:<eventId>`, `bc:<broadcastId>:<contactId>`, … */
  idempotencyKey: text('idempotency_key').notNull(),
  category: text('category').$type<TemplateCategory>().notNull().default('utility'),
  body: text('body').notNull(),
  /**
   * False for a broadcast's message until a worker personalises it at send time (body and content
   * are then written by the claim): fan-out writes recipients in bulk without rendering.
   */
  rendered: boolean('rendered').notNull().default(true),
  /** What the channel needs besides the text: WhatsApp template and parameters, email subject, push title… */
  content: jsonb('content').$type<MessageContent>().notNull(),
  /** The channels to try, in order, should this one fail permanently (domain/channel-choice.ts). */
  fallbackChannels: text('fallback_channels').array().$type<ChannelKind[]>().notNull().default(sql`'{}'::text[]`),
  /**
   * For a message rendered when it was made (an automation's): each fallback channel's text and
   * content, rendered then from the event's values (gone by the time a fallback is needed). A
   * channel missing here could not be rendered and is not tried. Null for broadcasts (rendered late).
   */
  fallbackContent: jsonb('fallback_content').$type<Partial<Record<ChannelKind, { body: string; content: MessageContent }>>>(),
  /** The message this one replaces after it failed permanently (its idempotency key is that one's + `:fb:<channel>`). */
  fallbackOf: uuid('fallback_of'),
  /** The API request that produced the message, so the worker's log lines join the request's. */
  requestId: text('request_id'),
  status: text('status').$type<MessageStatus>().notNull(),
  failureReason: text('failure_reason'),
  failureDetail: text('failure_detail'),
  providerMessageId: text('provider_message_id'),
  attempts: integer('attempts').notNull().default(0),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  readAt: timestamp('read_at', { withTimezone: true }),
  /** First click on a tracked link of the email. */
  clickedAt: timestamp('clicked_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  /** The journey and its send step that made the message (reports count a journey's messages by it). */
  journeyId: uuid('journey_id'),
  journeyStepId: text('journey_step_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('messages_idem_uq').on(t.workspaceId, t.idempotencyKey),
  uniqueIndex('messages_provider_uq').on(t.channel, t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
  index('messages_ws_created_idx').on(t.workspaceId, t.createdAt),
  index('messages_due_idx').on(t.scheduledAt).where(sql`${t.status} = 'queued'`),
  // A broadcast's funnel (counts by status and reason) and its message list.
  index('messages_broadcast_idx').on(t.broadcastId, t.status).where(sql`${t.broadcastId} is not null`),
  // The frequency cap: a contact's marketing messages sent on a channel lately.
  index('messages_marketing_sent_idx').on(t.contactId, t.channel, t.sentAt).where(sql`${t.category} = 'marketing' and ${t.sentAt} is not null`),
  // …and those being sent now. Without it the planner counts them through messages_conversation_idx,
  // every message of the contact on the channel: a claim of 100 for a contact with 5,000 queued read
  // 500,000 index entries (another shop's order update then waited 1 s instead of 0.4 s on PGlite).
  index('messages_marketing_sending_idx').on(t.contactId, t.channel).where(sql`${t.category} = 'marketing' and ${t.status} = 'sending'`),
  // The orphan sweep looks for sends a dead process left behind.
  index('messages_sending_idx').on(t.updatedAt).where(sql`${t.status} = 'sending'`),
  // A conversation's latest messages (contact and channel, newest first); also every lookup by
  // contact alone (the contact page, erasure, a deleted contact's messages), so no index of its own.
  index('messages_conversation_idx').on(t.contactId, t.channel, t.createdAt),
  // A contact's in-app inbox in its order (adapters/db/inapp.sql.ts): the stream's backlog and resume, and the
  // feed's read of what reached the open inboxes lately, without walking the contact's older in-app messages.
  index('messages_inapp_idx').on(t.contactId, t.sentAt, t.id).where(sql`${t.channel} = 'inapp' and ${t.sentAt} is not null`),
  // Channel choice: whether a failed message was replaced by a fallback (broadcast counts, one per intent).
  index('messages_fallback_of_idx').on(t.fallbackOf).where(sql`${t.fallbackOf} is not null`),
  // A journey's report and its per-step counts.
  index('messages_journey_idx').on(t.journeyId, t.journeyStepId).where(sql`${t.journeyId} is not null`),
]);

/*
 * message_status_history rows are written by the trigger `messages_status_history` (migration
 * 0002): one row per status change, at the message's updated_at, so a status change and its
 * history are one statement and can never disagree.
 */

/*
 * No foreign keys here: every message insert and status change writes a history row in the same
 * statement, and the two RI checks per row (a key-share lock on the message just written and on
 * the workspace) cost more than the history insert itself (bench:journeys, 2,000-row batches).
 * The rows only ever come from the trigger, off a message that exists; the cascade is kept by a
 * statement trigger on messages (migration 0030) that deletes the history of deleted messages.
 */
export const messageStatusHistory = pgTable('message_status_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  messageId: uuid('message_id').notNull(),
  status: text('status').$type<MessageStatus>().notNull(),
  reason: text('reason'),
  detail: text('detail'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('msh_message_idx').on(t.messageId)]);

export const inboundMessages = pgTable('inbound_messages', {
  id: id(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  providerMessageId: text('provider_message_id').notNull(),
  from: text('from').notNull(),
  text: text('text'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('inbound_provider_uq').on(t.channel, t.providerMessageId),
  index('inbound_ws_contact_idx').on(t.workspaceId, t.contactId, t.receivedAt),
]);

/** What the sandbox channel would have sent: shown in the UI as the outbox. */
export const sandboxOutbox = pgTable('sandbox_outbox', {
  id: id(),
  workspaceId: workspaceId(),
  messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  recipient: text('recipient'),
  body: text('body').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('sandbox_message_uq').on(t.messageId)]);

/**
 * A workspace's account on a provider (today: its WhatsApp business number). senderKey is what a
 * webhook carries to find the workspace (the WhatsApp phone number id) and names the sender whose
 * rate limit its messages share. Secrets are encrypted at rest (adapters/security/secret-box.ts).
 */
export const channelAccounts = pgTable('channel_accounts', {
  id: id(),
  workspaceId: workspaceId(),
  channel: text('channel').$type<ChannelKind>().notNull(),
  senderKey: text('sender_key').notNull(),
  /** Non-secret settings, e.g. { wabaId, apiBase, apiVersion }. */
  settings: jsonb('settings').$type<Record<string, string>>().notNull().default({}),
  /** Encrypted JSON of the secrets (access token, app secret, verify token). */
  secrets: text('secrets').notNull(),
  /** Messages per second this sender may send (null: the channel's default). */
  ratePerSecond: integer('rate_per_second'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('channel_accounts_ws_channel_uq').on(t.workspaceId, t.channel),
  uniqueIndex('channel_accounts_sender_uq').on(t.channel, t.senderKey),
]);

/**
 * The send pace of each sender, shared by every worker process: a worker reserves the next slots
 * of a sender in one statement (adapters/db/sender-pace.sql.ts), so together they never exceed
 * its rate. Rows appear on first use.
 */
export const senderPace = pgTable('sender_pace', {
  senderKey: text('sender_key').primaryKey(),
  /** The next free send slot. */
  nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
  /** 1 normally; halved when the provider says "too many" and recovering as sends succeed. */
  factor: doublePrecision('factor').notNull().default(1),
});

/**
 * Work only one process at a time may do, whatever the number of workers (e.g. the periodic fetch
 * of template statuses from Meta): a holder has `name` until expires_at, taken in one statement
 * (adapters/db/work-lease.sql.ts) on the database's clock, the one clock all workers share.
 */
export const workLeases = pgTable('work_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** A rule-based set of contacts (product.md §3); the definition is compiled to SQL over whitelisted fields only (segment.sql.ts). */
export const segments = pgTable('segments', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  definition: jsonb('definition').$type<SegmentDefinition>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('segments_name_uq').on(t.workspaceId, sql`lower(${t.name})`)]);

/**
 * One template to many contacts. Its messages are keyed `bc:<broadcastId>:<contactId>` (one per
 * contact, also across a crash or a second click on Send) and written in bulk by the fan-out, which
 * walks the audience in contact-id order from fanOutAfter so a crashed fan-out resumes where it stopped.
 */
export const broadcasts = pgTable('broadcasts', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  templateId: uuid('template_id').notNull().references(() => templates.id, { onDelete: 'restrict' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  /** Every channel in order of preference, `channel` first; '{}' in rows older than it means [channel]. */
  channels: text('channels').array().$type<ChannelKind[]>().notNull().default(sql`'{}'::text[]`),
  segmentId: uuid('segment_id').references(() => segments.id, { onDelete: 'restrict' }),
  /** An explicit audience instead of a segment. */
  contactIds: uuid('contact_ids').array(),
  status: text('status').$type<BroadcastStatus>().notNull().default('draft'),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
  /**
   * The template as it was when Send was pressed (null while a draft): the fan-out takes the
   * category from here and the workers render from here, so editing the template meanwhile changes
   * nothing of a broadcast already sent or scheduled.
   */
  templateCode: text('template_code'),
  templateMessage: text('template_message'),
  templateCategory: text('template_category').$type<TemplateCategory>(),
  templateWhatsappName: text('template_whatsapp_name'),
  templateWhatsappLanguage: text('template_whatsapp_language'),
  templateHeader: jsonb('template_header').$type<TemplateHeader>(),
  templateButtons: jsonb('template_buttons').$type<TemplateButton[]>(),
  templateSubject: text('template_subject'),
  templateHtml: text('template_html'),
  templateTitle: text('template_title'),
  templateLink: text('template_link'),
  /** Who sends it: `{username}` in its template. */
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  senderName: text('sender_name').notNull().default(''),
  /** Email only: an open pixel and tracked links in each message (read/clicked recorded on the message). */
  trackEmail: boolean('track_email').notNull().default(false),
  /**
   * An A/B test (issue 10 part 4): 2–4 variants, the first the control A (app/ab-tests.ts). On Send
   * each variant gets its copy of its template (`template`), as the broadcast does; null when no test.
   */
  variants: jsonb('variants').$type<BroadcastVariantRow[]>(),
  /** The test's settings: metric, and "test on testPercent% then send the winner after decideAfterHours". */
  abTest: jsonb('ab_test').$type<BroadcastAbTestRow>(),
  /** When the test group's results are judged (set when its fan-out ends); the workers' durable timer. */
  abDecideAt: timestamp('ab_decide_at', { withTimezone: true }),
  /** The variant the rest of the audience gets, once decided (the winner, or A without one). */
  abWinner: text('ab_winner'),
  abDecidedAt: timestamp('ab_decided_at', { withTimezone: true }),
  /** The last contact id the fan-out wrote; null before it started. */
  fanOutAfter: uuid('fan_out_after'),
  fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  total: integer('total').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('broadcasts_ws_created_idx').on(t.workspaceId, t.createdAt),
  index('broadcasts_due_idx').on(t.scheduledAt).where(sql`${t.status} in ('scheduled', 'sending')`),
  index('broadcasts_ab_decide_idx').on(t.abDecideAt).where(sql`${t.abDecideAt} is not null and ${t.abWinner} is null`),
]);

/**
 * The inbox: one row per (workspace, contact, channel), kept by statement triggers on
 * inbound_messages and messages (drizzle/0010_inbox.sql) in the same statement as the message write, so
 * the first page never aggregates millions of messages. `changed_at` is the change feed the live
 * stream reads (any process, any store): bumped by every new message and status change.
 */
export const conversations = pgTable('conversations', {
  id: id(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  channel: text('channel').$type<ChannelKind>().notNull(),
  status: text('status').$type<ConversationStatus>().notNull().default('open'),
  assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
  lastMessageText: text('last_message_text').notNull().default(''),
  lastMessageDirection: text('last_message_direction').$type<MessageDirection>().notNull(),
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  /** Inbound messages since someone last opened the conversation. */
  unreadCount: integer('unread_count').notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('conversations_contact_uq').on(t.workspaceId, t.contactId, t.channel),
  // The inbox's order (last activity, newest first) under each filter; keyset pages by (last_message_at, id).
  index('conversations_ws_last_idx').on(t.workspaceId, t.lastMessageAt, t.id),
  index('conversations_ws_status_last_idx').on(t.workspaceId, t.status, t.lastMessageAt, t.id),
  index('conversations_ws_assignee_last_idx').on(t.workspaceId, t.assigneeId, t.lastMessageAt, t.id),
  index('conversations_ws_changed_idx').on(t.workspaceId, t.changedAt),
]);

/** Internal notes on a conversation: seen by the team, never sent. */
export const conversationNotes = pgTable('conversation_notes', {
  id: id(),
  workspaceId: workspaceId(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
  /** Kept readable after the member goes. */
  authorName: text('author_name').notNull(),
  text: text('text').notNull(),
  createdAt: createdAt(),
}, (t) => [index('conversation_notes_conv_idx').on(t.conversationId, t.createdAt)]);

/** Keyword auto-replies: an inbound message that is exactly the keyword is answered with the template. */
export const autoReplies = pgTable('auto_replies', {
  id: id(),
  workspaceId: workspaceId(),
  /** Stored normalised (trimmed, upper case, one space between words: domain/conversation.ts normalizeKeyword). */
  keyword: text('keyword').notNull(),
  templateId: uuid('template_id').notNull().references(() => templates.id, { onDelete: 'restrict' }),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('auto_replies_keyword_uq').on(t.workspaceId, t.keyword)]);

/**
 * A shop platform connection (issue 11 part 3): one per workspace and platform. The token is the
 * unguessable part of the webhook URL the shop pastes into WooCommerce or Shopify (it finds the
 * workspace; it is an address, shown again in the UI); the webhook secret is sealed at rest and
 * checks every notification's HMAC.
 */
export const shopConnections = pgTable('shop_connections', {
  id: id(),
  workspaceId: workspaceId(),
  platform: text('platform').notNull(),
  token: text('token').notNull(),
  secretSealed: text('secret_sealed').notNull(),
  /** When the last notification with a good signature arrived (null: none yet). */
  lastReceivedAt: timestamp('last_received_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('shop_connections_platform_uq').on(t.workspaceId, t.platform),
  uniqueIndex('shop_connections_token_uq').on(t.token),
]);

/**
 * A workspace's own keys, made once on first need and shared by every process through this row
 * (an INSERT … ON CONFLICT DO NOTHING decides the race): `vapid` (web push: the public key in
 * clear, the private key sealed) and `contact_token` (the HMAC key of signed contact tokens).
 */
export const workspaceKeys = pgTable('workspace_keys', {
  workspaceId: workspaceId(),
  purpose: text('purpose').notNull(),
  /** What may be shown (the VAPID public key); null when the key has no public part. */
  publicPart: text('public_part'),
  /** SecretBox-sealed secret part, context `workspace_keys:<workspace id>:<purpose>`. */
  sealed: text('sealed').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.purpose] })]);

/**
 * Browsers subscribed to a contact's web pushes (PushManager.subscribe on the shop's site). The
 * endpoint is the browser's own push resource: unique, and moved to whoever subscribes with it last.
 */
export const pushSubscriptions = pgTable('push_subscriptions', {
  id: id(),
  workspaceId: workspaceId(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  endpoint: text('endpoint').notNull(),
  /** The browser's P-256 public key and auth secret (base64url), for aes128gcm (RFC 8291). */
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint),
  index('push_subscriptions_contact_idx').on(t.workspaceId, t.contactId),
]);

/**
 * Journeys (issue 10 part 3): the definition is checked by domain/journeys/validate.ts before it is
 * stored; the trigger and the event types that matter at intake are copied into columns so event
 * intake finds the journeys an event enters, exits or wakes without reading definitions. A change
 * bumps the workspace's config_version (trigger in migration 0022), which intake caches by.
 */
export const journeys = pgTable('journeys', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  status: text('status').$type<'draft' | 'active' | 'paused'>().notNull().default('draft'),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  triggerEvent: text('trigger_event'),
  triggerSegmentId: uuid('trigger_segment_id').references(() => segments.id, { onDelete: 'restrict' }),
  exitEvents: text('exit_events').array().notNull().default(sql`'{}'::text[]`),
  awaitedEvents: text('awaited_events').array().notNull().default(sql`'{}'::text[]`),
  allowReentry: boolean('allow_reentry').notNull().default(false),
  recipe: text('recipe'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('journeys_ws_idx').on(t.workspaceId, t.createdAt),
  index('journeys_trigger_idx').on(t.workspaceId, t.triggerEvent).where(sql`${t.status} = 'active'`),
]);

/**
 * One contact's way through a journey. A run rests at a wait (due_at) and is moved by whichever
 * worker claims it when due (SKIP LOCKED); the move and the messages it sends commit together, the
 * messages keyed `jr:<runId>:<seq>`, so a crash neither loses nor repeats a step. `single` runs (the
 * journey allows no re-entry) are unique per contact while active; `trigger_key` (the event's id,
 * or `seg:<segment>:<n>`) makes entry idempotent.
 */
export const journeyRuns = pgTable('journey_runs', {
  id: id(),
  workspaceId: workspaceId(),
  journeyId: uuid('journey_id').notNull().references(() => journeys.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  triggerKey: text('trigger_key'),
  /** The event that started the run: its values fill the templates (null for segment entry). */
  eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
  status: text('status').$type<'active' | 'finished' | 'exited'>().notNull().default('active'),
  position: text('position'),
  phase: text('phase').$type<'arrive' | 'waiting'>().notNull().default('arrive'),
  seq: integer('seq').notNull().default(0),
  dueAt: timestamp('due_at', { withTimezone: true }),
  /** At a wait-for-event step: the event types it waits for; intake sets event_arrived and makes the run due. */
  awaiting: text('awaiting').array().notNull().default(sql`'{}'::text[]`),
  eventArrived: boolean('event_arrived').notNull().default(false),
  single: boolean('single').notNull().default(true),
  endReason: text('end_reason'),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  updatedAt: updatedAt(),
}, (t) => [
  index('journey_runs_due_idx').on(t.dueAt).where(sql`${t.status} = 'active'`),
  uniqueIndex('journey_runs_single_uq').on(t.journeyId, t.contactId).where(sql`${t.status} = 'active' and ${t.single}`),
  uniqueIndex('journey_runs_trigger_uq').on(t.journeyId, t.triggerKey).where(sql`${t.triggerKey} is not null`),
  index('journey_runs_contact_idx').on(t.contactId).where(sql`${t.status} = 'active'`),
  index('journey_runs_journey_idx').on(t.journeyId, t.status, t.position),
]);

/**
 * A journey send step's A/B decision (app/journey-ab.ts): once the step's test has run its course,
 * the winner (A when none is significant) every later contact gets. One row per step, written
 * once (insert … on conflict do nothing), so two workers deciding at once agree on one winner.
 * The first test send and the test's size are read from the messages (variant, journey_step_id).
 */
export const journeyAbDecisions = pgTable('journey_ab_decisions', {
  journeyId: uuid('journey_id').notNull().references(() => journeys.id, { onDelete: 'cascade' }),
  stepId: text('step_id').notNull(),
  workspaceId: workspaceId(),
  winner: text('winner').notNull(),
  /** winner, no_significant_difference or not_enough_data: why this variant. */
  verdict: text('verdict').notNull(),
  pValue: doublePrecision('p_value'),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.journeyId, t.stepId] })]);

/**
 * A contact's RFM scores and customer value (issue 10 parts 1 and 5), one row per contact with a
 * paid order. Written by the workspace's full run (adapters/db/insights.sql.ts, set-based) and by
 * the incremental update after a paid order; `statsAsOf` is the moment the writer's figures are
 * true of (no later than its snapshot of the orders): a write carrying an older moment than the
 * row's is skipped, so a full run never overwrites a fresher incremental update nor the reverse.
 * Recency is stored as the last order's time, not in days, so rows do not all change every night.
 */
export const contactInsights = pgTable('contact_insights', {
  contactId: uuid('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  firstOrderAt: timestamp('first_order_at', { withTimezone: true }).notNull(),
  lastOrderAt: timestamp('last_order_at', { withTimezone: true }).notNull(),
  orders: integer('orders').notNull(),
  revenue: numeric('revenue', { precision: 18, scale: 2 }).notNull(),
  /** The first paid order's amount: Gamma-Gamma's mean spend is over the repeat orders only. */
  firstOrderTotal: numeric('first_order_total', { precision: 18, scale: 2 }).notNull(),
  r: integer('r').notNull(),
  f: integer('f').notNull(),
  m: integer('m').notNull(),
  segment: text('segment').notNull(),
  /** Predicted 12-month value (IDR) from the workspace's last fit; null before the first fit. */
  predictedValue: numeric('predicted_value', { precision: 18, scale: 2 }),
  statsAsOf: timestamp('stats_as_of', { withTimezone: true }).notNull(),
}, (t) => [
  // Summaries, segment rules and the cell/segment contact lists are per workspace.
  index('contact_insights_segment_idx').on(t.workspaceId, t.segment),
  index('contact_insights_grid_idx').on(t.workspaceId, t.r, t.f),
]);

/** A workspace's RFM cut points (for incremental scoring) and its fitted customer-value model. */
export const workspaceInsights = pgTable('workspace_insights', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  rfmCuts: jsonb('rfm_cuts').$type<unknown>(),
  rfmComputedAt: timestamp('rfm_computed_at', { withTimezone: true }),
  rfmContacts: integer('rfm_contacts').notNull().default(0),
  clvModel: jsonb('clv_model').$type<unknown>(),
  clvFittedAt: timestamp('clv_fitted_at', { withTimezone: true }),
});

/**
 * Outbound webhook subscriptions (issue 11 part 2). `secret` is the `whsec_…` signing secret sealed
 * by the secret box (it must be read back to sign, so it is encrypted, not hashed). A failure streak
 * (consecutive_failures since failing_since) pauses the subscription (domain/webhooks/retry.ts).
 */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: id(),
  workspaceId: workspaceId(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: text('events').array().$type<WebhookEventType[]>().notNull(),
  secret: text('secret').notNull(),
  status: text('status').$type<WebhookSubscriptionStatus>().notNull().default('active'),
  pausedAt: timestamp('paused_at', { withTimezone: true }),
  pauseReason: text('pause_reason'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  failingSince: timestamp('failing_since', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('webhook_subscriptions_ws_idx').on(t.workspaceId)]);

/**
 * The outbox: one row per event some subscription wanted, written by the database triggers of
 * migration 0025 (or sapa_webhook_emit) in the same transaction as the change. `body` is the exact
 * JSON sent, fixed once so every retry is signed over the same bytes.
 */
export const webhookEvents = pgTable('webhook_events', {
  id: id(),
  workspaceId: workspaceId(),
  type: text('type').$type<WebhookEventType>().notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
}, (t) => [index('webhook_events_ws_created_idx').on(t.workspaceId, t.createdAt)]);

/**
 * One event to one subscription: its id is the `webhook-id` (stable across retries and redelivery).
 * A worker claims due rows (SKIP LOCKED) by setting lease_until; a worker that dies leaves the lease
 * to expire and another claims the row again. The last attempt's answer is the delivery log.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: id(),
  workspaceId: workspaceId(),
  subscriptionId: uuid('subscription_id').notNull().references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
  eventId: uuid('event_id').notNull().references(() => webhookEvents.id, { onDelete: 'cascade' }),
  status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  /** Who holds the lease: a late answer from a worker whose lease was taken over changes nothing. */
  leaseToken: uuid('lease_token'),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  responseStatus: integer('response_status'),
  responseMs: integer('response_ms'),
  error: text('error'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  index('webhook_deliveries_sub_created_idx').on(t.subscriptionId, t.createdAt, t.id),
]);

/**
 * A workspace's referral programme (issue 11 part 1): off until the shop turns it on. The reward
 * is for the referrer when the referred person's first paid order reaches min_order_total.
 */
export const referralPrograms = pgTable('referral_programs', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  /** voucher | amount (domain/referral.ts). */
  rewardKind: text('reward_kind').notNull().default('voucher'),
  rewardVoucher: text('reward_voucher'),
  rewardAmount: numeric('reward_amount', { precision: 18, scale: 2 }),
  minOrderTotal: numeric('min_order_total', { precision: 18, scale: 2 }).notNull().default('0'),
  /** What the referred person is told they get (free text, e.g. a welcome voucher); null: none. */
  welcomeReward: text('welcome_reward'),
  /** Where /r/<code> sends a visitor, with ?ref=<code> added. */
  landingUrl: text('landing_url'),
  updatedAt: updatedAt(),
});

/**
 * One code per contact, made on first use and never changed. Codes are unique across all
 * workspaces (not only within one), so the short link /r/<code> finds its workspace by the code.
 */
export const referralCodes = pgTable('referral_codes', {
  contactId: uuid('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  code: text('code').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('referral_codes_code_uq').on(t.code),
]);

/**
 * Who referred whom: a referred contact has at most one referrer (the first code that arrived
 * wins), by the unique index on (workspace_id, referred_contact_id).
 */
export const referrals = pgTable('referrals', {
  id: id(),
  workspaceId: workspaceId(),
  referrerContactId: uuid('referrer_contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  referredContactId: uuid('referred_contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  /** The event whose referralCode linked them. */
  eventId: uuid('event_id'),
  /** Why no reward can ever come (below_minimum: the first paid order was too small), so the sweep stops looking. */
  closedReason: text('closed_reason'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('referrals_referred_uq').on(t.workspaceId, t.referredContactId),
  index('referrals_referrer_idx').on(t.workspaceId, t.referrerContactId),
]);

/**
 * A reward earned: at most one per referred customer, by the unique index, whatever number of
 * paid orders, redelivered events or concurrent workers. The row is the durable fact; the
 * referral.reward_earned event is made from it (key `referral.reward_earned:<id>`), and a sweep
 * makes any event a crash left unmade.
 */
export const referralRewards = pgTable('referral_rewards', {
  id: id(),
  workspaceId: workspaceId(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id, { onDelete: 'cascade' }),
  referrerContactId: uuid('referrer_contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  referredContactId: uuid('referred_contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
  orderTotal: numeric('order_total', { precision: 18, scale: 2 }).notNull(),
  rewardKind: text('reward_kind').notNull(),
  /** The reward as the referrer reads it (voucher code, or `Rp50.000`), fixed when earned. */
  rewardText: text('reward_text').notNull(),
  rewardAmount: numeric('reward_amount', { precision: 18, scale: 2 }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('referral_rewards_referred_uq').on(t.workspaceId, t.referredContactId),
  index('referral_rewards_referrer_idx').on(t.workspaceId, t.referrerContactId),
]);
