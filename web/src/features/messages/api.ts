import type { Message, MessageCounts } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export type MessageStatus = Message['status'];
export interface SandboxEntry {
  id: string;
  messageId: string;
  channel: string;
  recipient: string | null;
  body: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Message log, newest first. */
export const listMessages = (status?: MessageStatus) => api.get<{ items: Message[]; nextCursor: string | null }>('/messages', { status, limit: 100 });
/** One message with its status history. */
export const getMessage = (id: string) => api.get<Message>(`/messages/${id}`);
/** What the sandbox channel recorded instead of sending, newest first. */
export const listSandboxOutbox = () => api.get<{ items: SandboxEntry[] }>('/sandbox/outbox').then((r) => r.items);

/** What the search box and the date range ask for (days `YYYY-MM-DD` in the shop's time zone). */
export interface MessageSearch { q?: string; from?: string; to?: string }

/** Message log filtered by status and search, newest first. */
export const searchMessages = (status: MessageStatus | undefined, search: MessageSearch) =>
  api.get<{ items: Message[]; nextCursor: string | null }>('/messages', { status, q: search.q?.trim(), from: search.from, to: search.to, limit: 100 });
/** Today's sent, delivered, read and failed counts. */
export const getTodayCounts = () => api.get<MessageCounts>('/messages/today');
/** Sends a failed message again; answers the new message (the same one on a repeated click). */
export const resendMessage = (id: string) => api.post<Message>(`/messages/${id}/resend`);
