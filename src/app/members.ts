/**
 * The team: members of a workspace with a role, one-time invites, role changes, password resets
 * and deactivation. Only owners manage members (the route checks members:manage); a workspace always
 * keeps one active owner.
 */
import type { Role } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { hashToken, principalOfUser } from './auth.js';
import { AppError, found } from './errors.js';
import { HashingBusyError, type Deps } from './ports.js';
import type { InviteRecord, Principal, User } from './records.js';

/** An invite link stays usable this long. */
export const INVITE_DAYS = 7;

async function hashPassword(deps: Pick<Deps, 'passwords'>, password: string): Promise<string> {
  try {
    return await deps.passwords.hash(password);
  } catch (err) {
    if (err instanceof HashingBusyError) throw new AppError('auth.busy', 'The server is busy; try again in a moment', [], 2);
    throw err;
  }
}

function emailTaken(email: string): never {
  throw new AppError('members.email_taken', `${email} already has an account`, [{ field: 'email', reason: 'members.email_taken' }]);
}

/** The workspace's members (deactivated ones too) and its pending invites. */
export async function listMembers(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal): Promise<{ members: User[]; invites: InviteRecord[] }> {
  const [members, invites] = await Promise.all([
    deps.store.users.list(principal.workspaceId),
    deps.store.invites.listPending(principal.workspaceId, deps.clock.now()),
  ]);
  return { members, invites };
}

/** Creates a one-time invite; the token (for the link) is returned once, only its hash is kept. */
export async function inviteMember(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  input: { email: string; role: Role },
): Promise<{ invite: InviteRecord; token: string }> {
  const email = input.email.trim().toLowerCase();
  if (await deps.store.users.findByEmail(email)) emailTaken(email);
  const token = deps.random.token(32);
  const invite = await deps.store.invites.create({
    workspaceId: principal.workspaceId, email, role: input.role, tokenHash: hashToken(token), createdBy: principal.userId,
    expiresAt: new Date(deps.clock.now().getTime() + INVITE_DAYS * 86_400_000),
  });
  await audit(deps, principal, 'member.invited', { type: 'invite', id: invite.id }, { email, role: input.role });
  return { invite, token };
}

/** Withdraws a pending invite: its link stops working. */
export async function revokeInvite(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  if (!(await deps.store.invites.revoke(principal.workspaceId, id, deps.clock.now()))) throw new AppError('not_found', 'Invite not found');
  await audit(deps, principal, 'member.invite_revoked', { type: 'invite', id });
}

function inviteInvalid(): never {
  throw new AppError('members.invite_invalid', 'This invite link is not valid: it was used, withdrawn or has expired. Ask the owner for a new one.');
}

/** What an invite link is for (shown on the accept page before a password is chosen). */
export async function inviteInfo(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<{ email: string; role: Role; workspaceName: string; expiresAt: Date }> {
  const invite = (await deps.store.invites.findPending(hashToken(token), deps.clock.now())) ?? inviteInvalid();
  return { email: invite.email, role: invite.role, workspaceName: invite.workspaceName, expiresAt: invite.expiresAt };
}

/** Accepts an invite once: creates the member with the chosen name and password. */
export async function acceptInvite(
  deps: Pick<Deps, 'store' | 'clock' | 'passwords'>,
  input: { token: string; name: string; password: string; address: string | null },
): Promise<User> {
  const now = deps.clock.now();
  const invite = (await deps.store.invites.findPending(hashToken(input.token), now)) ?? inviteInvalid();
  const passwordHash = await hashPassword(deps, input.password);
  const user = await deps.store.transaction(async (tx) => {
    // The conditional update makes a second, concurrent accept of the same link lose.
    if (!(await tx.invites.accept(invite.id, now))) inviteInvalid();
    if (await tx.users.findByEmail(invite.email)) emailTaken(invite.email);
    return tx.users.create({ workspaceId: invite.workspaceId, email: invite.email, name: input.name.trim(), role: invite.role, passwordHash });
  });
  await audit(deps, principalOfUser(user, 'session', input.address), 'member.joined', { type: 'user', id: user.id }, { role: user.role, inviteId: invite.id });
  return user;
}

/** Adds a member directly with a first password the owner passes on. */
export async function createMember(
  deps: Pick<Deps, 'store' | 'clock' | 'passwords'>,
  principal: Principal,
  input: { email: string; name: string; role: Role; password: string },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (await deps.store.users.findByEmail(email)) emailTaken(email);
  const user = await deps.store.users.create({
    workspaceId: principal.workspaceId, email, name: input.name.trim(), role: input.role, passwordHash: await hashPassword(deps, input.password),
  });
  await audit(deps, principal, 'member.created', { type: 'user', id: user.id }, { email, role: user.role });
  return user;
}

export interface MemberPatch { name?: string | undefined; role?: Role | undefined; password?: string | undefined; active?: boolean | undefined }

/**
 * Changes a member: name, role, a new password set by the owner (their sessions end), or active
 * (deactivating ends their sessions at once). The last active owner cannot be demoted or deactivated.
 */
export async function updateMember(deps: Pick<Deps, 'store' | 'clock' | 'passwords'>, principal: Principal, id: string, patch: MemberPatch): Promise<User> {
  const current = found(await deps.store.users.get(principal.workspaceId, id), 'Member');
  const demotes = current.role === 'owner' && !current.deactivatedAt
    && ((patch.role !== undefined && patch.role !== 'owner') || patch.active === false);
  if (demotes && (await deps.store.users.countActiveOwners(principal.workspaceId)) <= 1) {
    throw new AppError('members.last_owner', 'The workspace needs at least one active owner: make another member owner first',
      [{ field: patch.active === false ? 'active' : 'role', reason: 'members.last_owner' }]);
  }
  const fields: { name?: string; role?: Role; passwordHash?: string; deactivatedAt?: Date | null } = {};
  if (patch.name !== undefined) fields.name = patch.name.trim();
  if (patch.role !== undefined) fields.role = patch.role;
  if (patch.password !== undefined) fields.passwordHash = await hashPassword(deps, patch.password);
  if (patch.active === false && !current.deactivatedAt) fields.deactivatedAt = deps.clock.now();
  if (patch.active === true && current.deactivatedAt) fields.deactivatedAt = null;
  const updated = Object.keys(fields).length > 0 ? found(await deps.store.users.update(principal.workspaceId, id, fields), 'Member') : current;
  if (fields.passwordHash || fields.deactivatedAt) await deps.store.sessions.revokeAllForUser(id);

  const target = { type: 'user', id };
  if (fields.role && fields.role !== current.role) await audit(deps, principal, 'member.role_changed', target, { email: current.email, from: current.role, to: fields.role });
  if (fields.name !== undefined && fields.name !== current.name) await audit(deps, principal, 'member.renamed', target, { email: current.email });
  if (fields.passwordHash) await audit(deps, principal, 'member.password_reset', target, { email: current.email });
  if (fields.deactivatedAt) await audit(deps, principal, 'member.deactivated', target, { email: current.email });
  if (fields.deactivatedAt === null) await audit(deps, principal, 'member.reactivated', target, { email: current.email });
  return updated;
}

/**
 * `sapa reset-password EMAIL`: the operator sets a new password from the command line (a lost
 * owner password); the member's sessions end and the reset is audited as done from the command line.
 */
export async function resetPasswordFromCommandLine(deps: Pick<Deps, 'store' | 'clock' | 'passwords'>, email: string, password: string): Promise<User> {
  const user = (await deps.store.users.findByEmail(email)) ?? (() => { throw new AppError('not_found', `No account with email ${email}`); })();
  const updated = found(await deps.store.users.update(user.workspaceId, user.id, { passwordHash: await hashPassword(deps, password) }), 'User');
  await deps.store.sessions.revokeAllForUser(user.id);
  await audit(deps, { workspaceId: user.workspaceId, userId: null, actor: 'command line', via: 'cli', address: null }, 'member.password_reset', { type: 'user', id: user.id }, { email: user.email });
  return updated;
}
