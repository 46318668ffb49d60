import type { z } from 'zod';
import type {
  AssigneeList, AutoReply, AwaySettingsView, Conversation, ConversationMessage, Message, Note, QuickPreview,
} from '../../../../src/contracts/index.js';
import type { ConversationStatus } from '../../../../src/domain/vocabulary.js';
import { api, apiRequest } from '../../shared/api-client.js';

export type ConversationMessageItem = z.infer<typeof ConversationMessage>;
export type NoteItem = z.infer<typeof Note>;
export type Preview = z.infer<typeof QuickPreview>;
export type Assignee = z.infer<typeof AssigneeList>['items'][number];
export type AutoReplyItem = z.infer<typeof AutoReply>;
export type Away = z.infer<typeof AwaySettingsView>;

export interface InboxFilter { view: 'all' | 'mine' | 'unassigned'; status: ConversationStatus; q: string }

export const listConversations = (f: InboxFilter, cursor?: string) => api.get<{ items: Conversation[]; nextCursor: string | null }>('/conversations', {
  status: f.status, assignee: f.view === 'mine' ? 'me' : f.view === 'unassigned' ? 'none' : undefined, q: f.q || undefined, cursor, limit: 30,
});
export const getConversation = (id: string) => api.get<Conversation>(`/conversations/${id}`);
/** Newest first; the view shows them oldest first. */
export const listConversationMessages = (id: string, cursor?: string) =>
  api.get<{ items: ConversationMessageItem[]; nextCursor: string | null }>(`/conversations/${id}/messages`, { limit: 50, cursor });
export const updateConversation = (id: string, patch: { status?: ConversationStatus; assigneeId?: string | null }) => api.patch<Conversation>(`/conversations/${id}`, patch);
export const markRead = (id: string) => api.post<void>(`/conversations/${id}/read`);
export const listNotes = (id: string) => api.get<{ items: NoteItem[] }>(`/conversations/${id}/notes`).then((r) => r.items);
export const addNote = (id: string, text: string) => api.post<NoteItem>(`/conversations/${id}/notes`, { text });
export const listAssignees = () => api.get<{ items: Assignee[] }>('/conversations/assignees').then((r) => r.items);
export const previewQuick = (contactId: string, templateId: string) => api.post<Preview>(`/contacts/${contactId}/messages/preview`, { templateId, channel: 'whatsapp' });
export const sendQuick = (contactId: string, body: { templateId: string } | { text: string; mediaId?: string }) =>
  api.post<{ message: Message }>(`/contacts/${contactId}/messages`, { ...body, channel: 'whatsapp' });

export const listAutoReplies = () => api.get<{ items: AutoReplyItem[] }>('/auto-replies').then((r) => r.items);
export const createAutoReply = (input: { keyword: string; templateId: string }) => api.post<AutoReplyItem>('/auto-replies', input);
export const updateAutoReply = (id: string, patch: { keyword?: string; templateId?: string; enabled?: boolean }) => api.patch<AutoReplyItem>(`/auto-replies/${id}`, patch);
export const deleteAutoReply = (id: string) => api.del(`/auto-replies/${id}`);
export const getAway = () => api.get<Away>('/settings/away');
export const saveAway = (input: { businessHours: { days: number[]; start: string; end: string } | null; awayTemplateId: string | null }) =>
  apiRequest<Away>('/settings/away', { method: 'PUT', body: input });

/** Server-sent events: `changed` with `{ ids }` of conversations that changed. */
export const STREAM_URL = '/api/v1/conversations/stream';
