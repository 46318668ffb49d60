/**
 * The inbox and quick messages (product.md §3, issue 8): conversations (one per contact and
 * channel), their messages both ways, assignment, open/closed, notes; a quick message
 * `{templateId | text, channel}` and its preview; keyword auto-replies and the away message.
 */
import { z } from 'zod';
import { AUTOMATION_CHANNELS, CONSENT_STATUSES, CONVERSATION_STATUSES, MEDIA_KINDS, MESSAGE_DIRECTIONS, WEEKDAYS, type Weekday } from '../domain/vocabulary.js';
import { text } from './common.js';
import { Cursor } from './cursor.js';
import { Channel, FailureWords, Message, MessageStatus } from './messages.js';

export const ConversationStatus = z.enum(CONVERSATION_STATUSES);
export const QuickChannel = z.enum(AUTOMATION_CHANNELS);

export const Conversation = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  channel: Channel,
  status: ConversationStatus,
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  lastMessageAt: z.string(),
  lastMessageText: z.string(),
  lastMessageDirection: z.enum(MESSAGE_DIRECTIONS),
  unreadCount: z.number().int(),
  consent: z.enum(CONSENT_STATUSES).nullable(),
  /** The 24-hour window: open while the contact wrote in the last 24 hours; closes at windowClosesAt. */
  windowOpen: z.boolean(),
  windowClosesAt: z.string().nullable(),
  /**
   * Outside the window only templates Meta approved (`whatsappStatus: approved`) can go: the
   * workspace sends from a real number whose WABA id Sapa knows. False for the sandbox.
   */
  templatesNeedApproval: z.boolean(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationListQuery = z.object({
  status: ConversationStatus.optional(),
  /** `me` (the member asking), `none` (unassigned) or a member's id. */
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  /** A contact's name or a number as typed. */
  q: text().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: Cursor.optional(),
});
export const ConversationList = z.object({ items: z.array(Conversation), nextCursor: z.string().nullable() });

export const ConversationMessage = z.object({
  id: z.uuid(),
  direction: z.enum(MESSAGE_DIRECTIONS),
  text: z.string(),
  at: z.string(),
  /** Outbound only: queued, sending, sent, delivered, read, failed, skipped. */
  status: MessageStatus.nullable(),
  failureReason: z.string().nullable(),
  /** The failure in words (the same as the message log's). */
  failure: FailureWords.nullable(),
  templateCode: z.string().nullable(),
  /** What sent it: an agent (quick), an automation, a broadcast, an auto-reply; null for inbound. */
  origin: z.enum(['agent', 'automation', 'broadcast']).nullable(),
  /** Inbound: the payload of the button the contact tapped; null for typed text. */
  buttonPayload: z.string().nullable(),
  /** Outbound: the image or document sent with it (url is served by this server). */
  media: z.object({ type: z.enum(MEDIA_KINDS), url: z.string(), filename: z.string() }).nullable(),
});
export const ConversationMessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});
/** Newest first; nextCursor pages to older ones. */
export const ConversationMessages = z.object({ items: z.array(ConversationMessage), nextCursor: z.string().nullable() });

/** Who a conversation can be assigned to: the workspace's active members, by name. */
export const AssigneeList = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) });

export const ConversationPatch = z.object({
  status: ConversationStatus.optional(),
  /** A member's id, or null to unassign. */
  assigneeId: z.uuid().nullable().optional(),
}).strict();

export const NoteInput = z.object({ text: text().trim().min(1).max(4000) }).strict();
export const Note = z.object({ id: z.uuid(), authorId: z.uuid().nullable(), authorName: z.string(), text: z.string(), createdAt: z.string() });
export const NoteList = z.object({ items: z.array(Note) });

export const ContactConversationQuery = z.object({ channel: QuickChannel.default('whatsapp') });

/** A quick message: a template (filled with the contact's data) or free text (inside the 24-hour window only). */
export const QuickMessageInput = z.object({
  channel: QuickChannel.default('whatsapp'),
  templateId: z.uuid().optional(),
  /** WhatsApp takes up to 4,096 characters of text. */
  text: text().trim().min(1).max(4096).optional(),
  /** With text: an image or PDF (POST /api/v1/media) sent with the text as its caption. */
  mediaId: z.uuid().optional(),
  /** With text on email: the subject (one line); default "Pesan dari <the workspace's name>". */
  subject: text().trim().min(1).max(200).regex(/^[^\r\n]*$/, 'one line').optional(),
}).strict().refine((b) => (b.templateId ? 1 : 0) + (b.text ? 1 : 0) === 1, { message: 'give either templateId or text', path: ['templateId'] })
  .refine((b) => !b.mediaId || (b.text !== undefined && b.text.length <= 1024), { message: 'a file goes with text (its caption, at most 1,024 characters)', path: ['mediaId'] });
export const QuickMessageResult = z.object({ message: Message });

export const QuickPreviewInput = z.object({ channel: QuickChannel.default('whatsapp'), templateId: z.uuid() }).strict();
export const QuickPreview = z.object({
  text: z.string(),
  /** Variables with no value: shown as `{name}` in text; the message cannot go until they have one. */
  missing: z.array(z.string()),
  /** The order {productname} and {documentnumber} come from: the contact's latest. */
  order: z.object({ number: z.string(), occurredAt: z.string() }).nullable(),
  windowOpen: z.boolean(),
  windowClosesAt: z.string().nullable(),
  sendAs: z.enum(['text', 'template']),
  refusal: z.enum(['quick_message.opted_out', 'quick_message.missing_value', 'quick_message.no_recipient', 'whatsapp.template_not_approved']).nullable(),
});

export const AutoReply = z.object({
  id: z.uuid(), keyword: z.string(), templateId: z.uuid(), templateCode: z.string(), enabled: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});
export const AutoReplyList = z.object({ items: z.array(AutoReply) });
export const AutoReplyInput = z.object({ keyword: text().trim().min(1).max(100), templateId: z.uuid(), enabled: z.boolean().optional() }).strict();
export const AutoReplyPatch = z.object({ keyword: text().trim().min(1).max(100).optional(), templateId: z.uuid().optional(), enabled: z.boolean().optional() }).strict();

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' });
export const BusinessHours = z.object({
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(WEEKDAYS[0]).max(WEEKDAYS[WEEKDAYS.length - 1]!)).min(1).max(7).transform((d) => [...new Set(d)].sort() as Weekday[]),
  start: HHMM,
  end: HHMM,
}).strict().refine((h) => h.start < h.end, { message: 'must be after start', path: ['end'] });
export const AwaySettings = z.object({
  /** Null: always open (no away message). */
  businessHours: BusinessHours.nullable(),
  awayTemplateId: z.uuid().nullable(),
}).strict();
export const AwaySettingsView = z.object({
  businessHours: z.object({ days: z.array(z.number().int()), start: z.string(), end: z.string() }).nullable(),
  awayTemplateId: z.uuid().nullable(),
  timezone: z.string(),
});
