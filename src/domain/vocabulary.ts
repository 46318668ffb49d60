/**
 * Sapa's vocabulary, defined once: the schema, the contracts, the use cases and the web app all
 * derive their enums and types from these lists. Add a value here and the compiler shows every
 * exhaustive switch that must learn it.
 */

/** The life of a message: queued → sending → sent → delivered → read, or failed / skipped (see message-status.ts). */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Logical channels a message goes out on; the transport behind one (real provider or sandbox) is wiring. */
export const CHANNEL_KINDS = ['whatsapp', 'email', 'sms', 'push', 'inapp'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels a contact gives or withdraws consent for (in-app messages need no separate consent). */
export const CONSENT_CHANNELS = ['whatsapp', 'email', 'sms', 'push'] as const satisfies readonly ChannelKind[];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Channels automations, broadcasts and quick messages can send on: every channel (a channel without a provider is the sandbox). */
export const AUTOMATION_CHANNELS = CHANNEL_KINDS;

export const CONSENT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Utility messages (order updates) are exempt from marketing caps and quiet hours. */
export const TEMPLATE_CATEGORIES = ['utility', 'marketing'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const ROLES = ['owner', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may do; a key without `admin` can never manage keys (see permissions.ts). */
export const API_KEY_SCOPES = ['events:write', 'contacts:write', 'messages:read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A member is active, or deactivated (cannot log in; their sessions are gone). */
export const MEMBER_STATUSES = ['active', 'deactivated'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A broadcast: draft → (scheduled →) sending → done, or cancelled before it finished. */
export const BROADCAST_STATUSES = ['draft', 'scheduled', 'sending', 'done', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/**
 * Where Meta's review of a Template Chat submitted as a WhatsApp message template stands
 * (null on a template: never submitted nor linked). Only `approved` may be sent outside the
 * 24-hour window by a workspace with its own WhatsApp Business Account.
 */
export const WHATSAPP_TEMPLATE_STATUSES = ['pending', 'approved', 'rejected', 'paused', 'disabled'] as const;
export type WhatsAppTemplateStatus = (typeof WHATSAPP_TEMPLATE_STATUSES)[number];

/** A conversation (one per contact and channel) is open until an agent closes it; a new inbound message reopens it. */
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Which way a conversation's message went: from the contact (`in`) or to them (`out`). */
export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Days of the week as ISO numbers (1 = Monday … 7 = Sunday), for business hours. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What a file uploaded to Sapa can be sent as on WhatsApp (a template header or a media message). */
export const MEDIA_KINDS = ['image', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
