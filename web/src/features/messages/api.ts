import type { Message } from '../../../../src/contracts/index.js';
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
