import type { z } from 'zod';
import type { AuditEntry, AuditList, InviteCreated, InviteInfo, Member, MemberList, Session } from '../../../../src/contracts/index.js';
import type { Role } from '../../../../src/domain/vocabulary.js';
import { api } from '../../shared/api-client.js';

export type MemberRow = z.infer<typeof Member>;
export type MemberPage = z.infer<typeof MemberList>;
export type NewInvite = z.infer<typeof InviteCreated>;
export type InviteDetails = z.infer<typeof InviteInfo>;
export type SessionRow = z.infer<typeof Session>;
export type AuditRow = z.infer<typeof AuditEntry>;
export type AuditPage = z.infer<typeof AuditList>;

/** The team and its pending invites (owners only). */
export const listMembers = () => api.get<MemberPage>('/members');
/** A one-time invite; the answer's `link` is shown once to copy. */
export const inviteMember = (input: { email: string; role: Role }) => api.post<NewInvite>('/members/invite', input);
export const revokeInvite = (id: string) => api.del(`/members/invites/${id}`);
/** Name, role, a new password (owner reset) or active (false deactivates: their sessions end). */
export const updateMember = (id: string, patch: { role?: Role; password?: string; active?: boolean }) => api.patch<MemberRow>(`/members/${id}`, patch);

/** What an invite link is for; the token stays in the browser's fragment, sent only in this body. */
export const inviteInfo = (token: string) => api.post<InviteDetails>('/members/invite/info', { token });
export const acceptInvite = (input: { token: string; name: string; password: string }) => api.post<MemberRow>('/members/invite/accept', input);

/** Changes your own password; your other sessions end. */
export const changePassword = (input: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/password', input);
export const listSessions = () => api.get<{ items: SessionRow[] }>('/auth/sessions');
export const revokeSession = (id: string) => api.del(`/auth/sessions/${id}`);

/** The audit log, newest first; `cursor` is the previous page's nextCursor. */
export const listAudit = (query: { cursor?: number | undefined; action?: string | undefined }) => api.get<AuditPage>('/audit', { limit: 50, cursor: query.cursor, action: query.action });
