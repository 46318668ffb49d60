import type { z } from 'zod';
import type { Broadcast, BroadcastInput, BroadcastPatch, BroadcastTestResult, Contact, Message } from '../../../../src/contracts/index.js';
import type { BroadcastStatus } from '../../../../src/domain/vocabulary.js';
import { api } from '../../shared/api-client.js';

export type TestResult = z.infer<typeof BroadcastTestResult>;

export const listBroadcasts = (status?: BroadcastStatus, cursor?: string) =>
  api.get<{ items: Broadcast[]; nextCursor: string | null }>('/broadcasts', { status, cursor, limit: 50 });
export const getBroadcast = (id: string) => api.get<Broadcast>(`/broadcasts/${id}`);
export const createBroadcast = (input: BroadcastInput) => api.post<Broadcast>('/broadcasts', input);
/** Drafts only: 409 once it is scheduled or sent. */
export const updateBroadcast = (id: string, patch: BroadcastPatch) => api.patch<Broadcast>(`/broadcasts/${id}`, patch);
export const deleteBroadcast = (id: string) => api.del(`/broadcasts/${id}`);
/** One real message to that contact now, marked as a test (not in the broadcast's stats). */
export const sendTest = (id: string, contactId: string) => api.post<TestResult>(`/broadcasts/${id}/test`, { contactId });
/** Now, or at `scheduledAt` (ISO with offset); the same broadcast however often it is asked. */
export const sendBroadcast = (id: string, scheduledAt: string | null) => api.post<Broadcast>(`/broadcasts/${id}/send`, scheduledAt ? { scheduledAt } : {});
export const cancelBroadcast = (id: string) => api.post<Broadcast>(`/broadcasts/${id}/cancel`);
/** The broadcast's messages, newest first, a page at a time. */
export const listBroadcastMessages = (broadcastId: string, cursor?: string) =>
  api.get<{ items: Message[]; nextCursor: string | null }>('/messages', { broadcastId, cursor, limit: 50 });

/** Contacts matching a name or a number as typed, for the pickers. */
export const searchContacts = (q: string) => api.get<{ items: Contact[] }>('/contacts', { q: q || undefined, limit: 20 }).then((r) => r.items);

/** Where the live counts stream from (server-sent events named `stats`, data = the Broadcast JSON). */
export const progressUrl = (id: string) => `/api/v1/broadcasts/${encodeURIComponent(id)}/progress`;
