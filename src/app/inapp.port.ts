/**
 * The in-app inbox: a contact's messages on channel `inapp` are the message rows themselves (no
 * second copy); one is in the inbox once its send succeeded (status sent, delivered or read).
 * Order is (sent_at, id): what a stream resumes after and what the feed reads since.
 */
import type { MessageStatus } from '../domain/vocabulary.js';

export interface InAppMessageRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly contactId: string;
  readonly body: string;
  readonly status: MessageStatus;
  readonly sentAt: Date;
  readonly readAt: Date | null;
}

export interface InAppRepo {
  /** The contact's inbox, newest first. */
  recent(workspaceId: string, contactId: string, limit: number): Promise<InAppMessageRecord[]>;
  /** The contact's messages not read yet, oldest first (what a newly opened stream is sent). */
  unread(workspaceId: string, contactId: string, limit: number): Promise<InAppMessageRecord[]>;
  /** The contact's messages after a position in the inbox's order, oldest first. */
  after(workspaceId: string, contactId: string, position: { sentAt: Date; id: string }, limit: number): Promise<InAppMessageRecord[]>;
  /**
   * The messages of these contacts that reached their inbox at or after `since` (null: the last
   * ten seconds by the database's clock, as a first read looks back), oldest first, with the database's now: one read for every stream of a process.
   */
  changes(contactIds: readonly string[], since: Date | null, limit: number): Promise<{ now: Date; items: InAppMessageRecord[] }>;
  /** Moves those of the contact's messages among `ids` that are in one of `from` to `to` (one statement); the ids moved. */
  mark(workspaceId: string, contactId: string, ids: readonly string[], from: readonly MessageStatus[], to: MessageStatus, at: Date): Promise<string[]>;
  /** One of the contact's inbox messages. */
  get(workspaceId: string, contactId: string, id: string): Promise<InAppMessageRecord | null>;
}
