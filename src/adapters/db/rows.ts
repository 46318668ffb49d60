/** Row ↔ record mapping shared by the repositories. */
import type { ChannelKind } from '../../app/channel.port.js';
import type { ConsentRecord, ContactRecord, MessageRecord, TemplateRecord } from '../../app/records.js';
import type { contacts, messages, templates } from './schema.js';
import { decodeCursor as decodePosition, type CursorPosition } from '../../contracts/cursor.js';

export type ContactRow = typeof contacts.$inferSelect;
export type TemplateRow = typeof templates.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** Keyset cursor over (created_at desc, id desc); the codec is the contract's, so the API can validate cursors. */
export { encodeCursor } from '../../contracts/cursor.js';

/** The cursor's position, or null when there is none (the API has refused cursors it did not issue). */
export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  return cursor ? decodePosition(cursor) : null;
}

export function toContact(row: ContactRow, consent: Partial<Record<ChannelKind, ConsentRecord>> = {}): ContactRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    externalId: row.externalId,
    name: row.name,
    phone: row.phone,
    email: row.email,
    tags: row.tags,
    customFields: row.customFields,
    consent,
    whatsappLastInboundAt: row.whatsappLastInboundAt,
    emailBounced: row.emailBouncedAt ? { at: row.emailBouncedAt, reason: row.emailBounceReason } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toTemplate(row: TemplateRow): TemplateRecord {
  return { ...row };
}

/** What a message's reads join to it: its contact's name, its event's order and type, its resend, the fallback that took over its intent. */
export interface MessageLinks { contactName: string | null; orderNumber: string | null; eventType: string | null; resentAs: string | null; fallbackAs: string | null }
const NO_LINKS: MessageLinks = { contactName: null, orderNumber: null, eventType: null, resentAs: null, fallbackAs: null };

export function toMessage(row: MessageRow, links: MessageLinks = NO_LINKS): MessageRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    contactId: row.contactId,
    ...links,
    channel: row.channel,
    recipient: row.recipient,
    templateId: row.templateId,
    automationId: row.automationId,
    eventId: row.eventId,
    idempotencyKey: row.idempotencyKey,
    category: row.category,
    body: row.body,
    content: row.content,
    requestId: row.requestId,
    fallbackOf: row.fallbackOf,
    fallbackChannels: row.fallbackChannels,
    status: row.status,
    failureReason: row.failureReason,
    failureDetail: row.failureDetail,
    providerMessageId: row.providerMessageId,
    attempts: row.attempts,
    scheduledAt: row.scheduledAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    clickedAt: row.clickedAt,
    failedAt: row.failedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Postgres unique_violation, whichever driver raised it (drizzle wraps the driver's error as cause). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * A collision with a concurrent transaction that a rerun resolves: unique_violation, deadlock,
 * serialization failure.
 */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

/**
 * A foreign key violation: in the event intake's write, the sign that a contact or order it
 * points at was created (or erased) by a concurrent unit after its read; a rerun sees it.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return (e?.code ?? e?.cause?.code) === '23503';
}

/** A delete refused because rows still point at the row: `on delete restrict` (23001) or `no action` (23503). */
export function isStillReferenced(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return code === '23001' || code === '23503';
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
