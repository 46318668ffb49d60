/** The team (members, invites), passwords, sessions and the audit log. */
import { z } from 'zod';
import { MEMBER_STATUSES, ROLES } from '../domain/vocabulary.js';
import { text } from './common.js';

const Role = z.enum(ROLES);
const Email = z.email().max(254);
/** At least 8 characters (app/auth.ts MIN_PASSWORD_LENGTH); long passphrases welcome. */
export const NewPassword = text().min(8).max(200);
const Name = text().trim().min(1).max(100);

export const Member = z.object({
  id: z.uuid(), email: z.string(), name: z.string(), role: Role, status: z.enum(MEMBER_STATUSES), createdAt: z.string(),
});
export const PendingInvite = z.object({ id: z.uuid(), email: z.string(), role: Role, createdAt: z.string(), expiresAt: z.string() });
export const MemberList = z.object({ items: z.array(Member), invites: z.array(PendingInvite) });

export const MemberInput = z.object({ email: Email, name: Name, role: Role, password: NewPassword });
export const MemberPatch = z.object({
  name: Name.optional(),
  role: Role.optional(),
  /** A new password set by the owner; the member's sessions end. */
  password: NewPassword.optional(),
  /** false deactivates (sessions end at once), true reactivates. */
  active: z.boolean().optional(),
}).refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'Send at least one of name, role, password, active' });

export const InviteInput = z.object({ email: Email, role: Role });
/** `link` carries the one-time token after `#` (never sent to a server in a request line); it is shown once. */
export const InviteCreated = PendingInvite.extend({ link: z.string(), token: z.string() });
export const InviteToken = z.object({ token: text().min(10).max(200) });
export const InviteInfo = z.object({ email: z.string(), role: Role, workspaceName: z.string(), expiresAt: z.string() });
export const AcceptInviteInput = z.object({ token: text().min(10).max(200), name: Name, password: NewPassword });

export const PasswordChange = z.object({ currentPassword: text().min(1).max(200), newPassword: NewPassword });

export const Session = z.object({
  id: z.uuid(), createdAt: z.string(), expiresAt: z.string(), address: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean(),
});
export const SessionList = z.object({ items: z.array(Session) });

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/).max(60).optional(),
});
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorUserId: z.string().nullable(),
  via: z.string(),
  address: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export const AuditList = z.object({ items: z.array(AuditEntry), nextCursor: z.number().int().nullable() });
export type AuditEntryJson = z.infer<typeof AuditEntry>;
export type MemberJson = z.infer<typeof Member>;
