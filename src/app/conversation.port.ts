/**
 * The inbox's ports: conversations (one per contact and channel, kept by the store's triggers in
 * the same statement as each message), their messages both ways, notes, the change feed the live
 * stream reads, and keyword auto-replies with the away message.
 */
import type { BusinessHours } from '../domain/conversation.js';
import type { ChannelKind, ConsentStatus, ConversationStatus, MediaKind, MessageDirection, MessageStatus } from '../domain/vocabulary.js';

export interface ConversationRecord {
  id: string;
  contactId: string;
  contactName: string;
  contactPhone: string | null;
  channel: ChannelKind;
  status: ConversationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  lastMessageAt: Date;
  lastMessageText: string;
  lastMessageDirection: MessageDirection;
  /** The contact's last inbound message on this channel: the 24-hour window runs from it. */
  lastInboundAt: Date | null;
  unreadCount: number;
  consent: ConsentStatus | null;
  changedAt: Date;
}

export interface ConversationListQuery {
  status?: ConversationStatus | undefined;
  /** A member's id, or `none` for unassigned. */
  assignee?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** One message of a conversation, either way. Outbound ones carry their status and failure. */
export interface ConversationMessageRecord {
  id: string;
  direction: MessageDirection;
  text: string;
  at: Date;
  status: MessageStatus | null;
  failureReason: string | null;
  failureDetail: string | null;
  templateCode: string | null;
  automationId: string | null;
  broadcastId: string | null;
  /** Inbound: the payload of the button the contact tapped (a template's quick reply, an interactive reply). */
  buttonPayload: string | null;
  /** Outbound: the file sent with it (a template's header, a quick message's attachment). */
  media: { type: MediaKind; token: string; filename: string } | null;
}

export interface NoteRecord { id: string; authorId: string | null; authorName: string; text: string; createdAt: Date }

/** The contact's latest order (by when it happened), for `{productname}` and `{documentnumber}`. */
export interface LatestOrderRecord { number: string; occurredAt: Date; items: { name: string }[] }

export interface ConversationRepo {
  /** Newest activity first, keyset-paged by (last activity, id). */
  list(workspaceId: string, query: ConversationListQuery): Promise<{ items: ConversationRecord[]; nextCursor: string | null }>;
  get(workspaceId: string, id: string): Promise<ConversationRecord | null>;
  forContact(workspaceId: string, contactId: string, channel: ChannelKind): Promise<ConversationRecord | null>;
  /** Newest first, keyset-paged by (time, id), inbound and outbound together. */
  messages(workspaceId: string, conversation: { contactId: string; channel: ChannelKind }, page: { limit: number; cursor?: string | undefined }): Promise<{ items: ConversationMessageRecord[]; nextCursor: string | null }>;
  /** Sets status and/or assignee; null when not in the workspace. */
  update(workspaceId: string, id: string, patch: { status?: ConversationStatus; assigneeId?: string | null }): Promise<ConversationRecord | null>;
  /** Unread back to 0; false when not in the workspace. */
  markRead(workspaceId: string, id: string): Promise<boolean>;
  notes(workspaceId: string, conversationId: string): Promise<NoteRecord[]>;
  addNote(workspaceId: string, conversationId: string, note: { authorId: string | null; authorName: string; text: string }): Promise<NoteRecord>;
  /**
   * The change feed: conversations whose changed_at is after `after` (the store's clock), with the
   * store's time now, to pass back as the next `after` (minus an overlap: a slow transaction commits
   * a changed_at from before the previous read).
   */
  changes(workspaceId: string, after: Date | null, limit: number): Promise<{ now: Date; items: { id: string; changedAt: Date }[] }>;
  latestOrder(workspaceId: string, contactId: string): Promise<LatestOrderRecord | null>;
}

export interface AutoReplyRecord { id: string; keyword: string; templateId: string; templateCode: string; enabled: boolean; createdAt: Date; updatedAt: Date }
export interface AwaySettings { businessHours: BusinessHours | null; awayTemplateId: string | null; timezone: string }

export interface AutoReplyRepo {
  list(workspaceId: string): Promise<AutoReplyRecord[]>;
  get(workspaceId: string, id: string): Promise<AutoReplyRecord | null>;
  create(workspaceId: string, fields: { keyword: string; templateId: string; enabled: boolean }): Promise<AutoReplyRecord | 'duplicate_keyword'>;
  update(workspaceId: string, id: string, fields: { keyword?: string; templateId?: string; enabled?: boolean }): Promise<AutoReplyRecord | 'duplicate_keyword' | null>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  away(workspaceId: string): Promise<AwaySettings | null>;
  setAway(workspaceId: string, settings: Omit<AwaySettings, 'timezone'>): Promise<void>;
}
