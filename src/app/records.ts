/** Plain records the use cases work with; repositories map rows to these. Times are Dates. */
import type { TemplateButton, TemplateHeader } from '../domain/template-extras.js';
import type { MediaType } from '../domain/media.js';
import type { MediaKind } from '../domain/vocabulary.js';
import type { MessageContent } from '../domain/message-content.js';
import type { Permission } from '../domain/permissions.js';
import type { ApiKeyScope, ChannelKind, ConsentStatus, MessageStatus, Role, TemplateCategory, WhatsAppTemplateStatus } from '../domain/vocabulary.js';
import type { SegmentDefinition } from '../domain/segment.js';

export type { ApiKeyScope, ChannelKind, ConsentStatus, MessageStatus, Permission, Role, TemplateCategory, WhatsAppTemplateStatus };
export type { MessagingSettings } from '../domain/messaging-settings.js';

export interface Workspace { id: string; name: string; timezone: string; attributionWindowHours: number; createdAt: Date }
export interface User { id: string; workspaceId: string; email: string; name: string; role: Role; passwordHash: string; deactivatedAt: Date | null; createdAt: Date }

/**
 * Who a request acts for and from where. A person has a role; an API key has scopes (and acts for
 * the user who made it). `permissions` is what the role or scopes allow (domain/permissions.ts).
 */
export interface Principal {
  workspaceId: string;
  userId: string | null;
  role: Role | null;
  scopes: readonly ApiKeyScope[] | null;
  via: 'session' | 'api_key' | 'cli';
  permissions: ReadonlySet<Permission>;
  /** Readable actor for the audit log: the user's email, `API key sapa_ab12cd`, `command line`. */
  actor: string;
  /** The client address of the request (null off HTTP). */
  address: string | null;
  /** The session's public id when via is session (to tell "this session" in lists). */
  sessionId?: string;
  /** The API key's name when via is api_key (consent history names the integration by it). */
  keyName?: string;
}

export interface ApiKeyRecord { id: string; name: string; prefix: string; scopes: ApiKeyScope[]; createdAt: Date; lastUsedAt: Date | null }

export interface SessionRecord { id: string; userId: string; createdAt: Date; expiresAt: Date; address: string | null; userAgent: string | null }

export interface InviteRecord { id: string; workspaceId: string; email: string; role: Role; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null; createdAt: Date }

export interface AuditEntry {
  id: number;
  at: Date;
  actorUserId: string | null;
  actor: string;
  via: string;
  address: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
}

export interface ConsentRecord { status: ConsentStatus; source: string; at: Date }
/** One consent change: who made it is a member's email, an API key's name, or null (the contact themself, the system). */
export interface ConsentEventRecord { channel: ChannelKind; status: ConsentStatus; source: string; actor: string | null; at: Date }

/** Everything Sapa holds about one contact (UU PDP export). */
export interface PersonalDataRecord {
  contact: ContactRecord;
  consentHistory: ConsentEventRecord[];
  orders: {
    number: string; invoiceNumber: string | null; trackingNumber: string | null; status: string; total: number | null; currency: string;
    handledBy: string | null; occurredAt: Date; paidAt: Date | null; items: { name: string; quantity: number; price: number | null }[];
  }[];
  messages: {
    id: string; channel: ChannelKind; category: TemplateCategory; recipient: string | null; body: string; status: MessageStatus;
    failureReason: string | null; scheduledAt: Date; sentAt: Date | null; deliveredAt: Date | null; readAt: Date | null; failedAt: Date | null; createdAt: Date;
    history: { status: MessageStatus; reason: string | null; at: Date }[];
  }[];
  inbound: { channel: ChannelKind; from: string; text: string | null; receivedAt: Date }[];
}
export interface ContactRecord {
  id: string;
  workspaceId: string;
  externalId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  customFields: Record<string, string>;
  consent: Partial<Record<ChannelKind, ConsentRecord>>;
  whatsappLastInboundAt: Date | null;
  /** The email address hard-bounced: nothing is emailed to it until it changes. */
  emailBounced: { at: Date; reason: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
}
export interface ContactFields {
  externalId?: string | null;
  name?: string;
  phone?: string | null;
  email?: string | null;
  tags?: string[];
  customFields?: Record<string, string>;
}

export interface TemplateFields {
  code: string;
  message: string;
  category: TemplateCategory;
  whatsappName: string | null;
  whatsappLanguage: string;
  variables: string[];
  header: TemplateHeader | null;
  buttons: TemplateButton[];
  /** Email subject, email HTML body, push title (template language); null: not set. */
  subject: string | null;
  html: string | null;
  title: string | null;
  /** The page a web push opens (template language); null: the shop's site. */
  link: string | null;
}
/** A Template Chat's link to a WhatsApp message template at Meta (all null: none). */
export interface TemplateWhatsAppLink {
  whatsappTemplateId: string | null;
  whatsappStatus: WhatsAppTemplateStatus | null;
  whatsappRejectionReason: string | null;
  /** Meta's BODY text as submitted or imported. */
  whatsappSubmittedBody: string | null;
  /** The quick-reply labels as submitted; null: not known. */
  whatsappSubmittedButtons: string[] | null;
}
export const NO_WHATSAPP_LINK: TemplateWhatsAppLink = { whatsappTemplateId: null, whatsappStatus: null, whatsappRejectionReason: null, whatsappSubmittedBody: null, whatsappSubmittedButtons: null };

export interface TemplateRecord extends TemplateFields, TemplateWhatsAppLink {
  id: string;
  workspaceId: string;
  whatsappCheckedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An upload kept to send on WhatsApp (its bytes are read only to serve it). */
export interface MediaRecord {
  id: string;
  workspaceId: string;
  kind: MediaKind;
  contentType: MediaType;
  filename: string;
  size: number;
  sha256: string;
  token: string;
  createdAt: Date;
}

export interface AutomationFields {
  name: string;
  trigger: string;
  templateId: string;
  /** The preferred channel: `channels[0]`. */
  channel: ChannelKind;
  /** Every channel in order of preference (domain/channel-choice.ts). */
  channels: ChannelKind[];
  delayMinutes: number;
  enabled: boolean;
}
export interface AutomationRecord extends AutomationFields {
  id: string;
  workspaceId: string;
  /** The template's code, for lists. */
  templateCode: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderFields {
  number: string;
  invoiceNumber?: string;
  trackingNumber?: string;
  total?: number;
  currency: string;
  status: string;
  handledBy?: string;
  occurredAt: Date;
  items: { name: string; quantity: number; price?: number }[];
}
export interface OrderRecord {
  id: string;
  number: string;
  invoiceNumber: string | null;
  trackingNumber: string | null;
  items: { name: string; quantity: number }[];
}

/** An order as a contact's page lists it. */
export interface ContactOrderRecord {
  id: string;
  number: string;
  status: string;
  total: number | null;
  currency: string;
  invoiceNumber: string | null;
  trackingNumber: string | null;
  occurredAt: Date;
}

export interface NewMessage {
  workspaceId: string;
  contactId: string | null;
  channel: ChannelKind;
  recipient: string | null;
  templateId: string | null;
  automationId: string | null;
  eventId: string | null;
  idempotencyKey: string;
  category: TemplateCategory;
  body: string;
  content: MessageContent;
  status: 'queued' | 'failed' | 'skipped';
  failureReason: string | null;
  scheduledAt: Date;
  /** The API request that produced it (log correlation), when there was one. */
  requestId: string | null;
  /** Channels to try in order should this one fail permanently (channel choice); none when omitted. */
  fallbackChannels?: readonly ChannelKind[];
  /** Each fallback channel's text and content, rendered with this message (see schema.ts messages.fallbackContent). */
  fallbackContent?: FallbackContent | null;
}

/** Per fallback channel, the message it would carry. */
export type FallbackContent = Partial<Record<ChannelKind, { body: string; content: MessageContent }>>;

export interface MessageRecord extends Omit<NewMessage, 'status' | 'fallbackChannels' | 'fallbackContent'> {
  id: string;
  contactName: string | null;
  /** The number of the order its event was about, and the event's type (trigger). */
  orderNumber: string | null;
  eventType: string | null;
  /** The message that sent this one again after it failed (idempotency key `resend:<this id>`). */
  resentAs: string | null;
  /** Channel choice: the message this one took over from after it failed permanently, and the channels still left after this one. */
  fallbackOf: string | null;
  /** Channel choice: the message that took over this one's intent on the next channel after it failed permanently. */
  fallbackAs: string | null;
  fallbackChannels: ChannelKind[];
  status: MessageStatus;
  failureDetail: string | null;
  providerMessageId: string | null;
  attempts: number;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  /** First click on a tracked link (email). */
  clickedAt?: Date | null;
  failedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
export interface StatusHistoryEntry { status: MessageStatus; reason: string | null; at: Date }

export interface SandboxRecord {
  id: string;
  messageId: string;
  channel: ChannelKind;
  recipient: string | null;
  body: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A saved segment (product.md §3): its definition was checked by domain/segment.ts before it was stored. */
export interface SegmentRecord {
  id: string;
  workspaceId: string;
  name: string;
  definition: SegmentDefinition;
  createdAt: Date;
  updatedAt: Date;
}
