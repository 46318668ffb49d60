/** Login, sessions, API keys, passwords and the first owner. */
import { createHash } from 'node:crypto';
import { DEFAULT_API_KEY_SCOPES, permissionsOfRole, permissionsOfScopes, type Permission } from '../domain/permissions.js';
import type { ApiKeyScope } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { AppError, found } from './errors.js';
import type { LoginThrottle, ThrottleVerdict } from './login-throttle.js';
import { HashingBusyError, type Deps } from './ports.js';
import type { ApiKeyRecord, Principal, SessionRecord, User, Workspace } from './records.js';

const SESSION_DAYS = 30;
export const API_KEY_PREFIX = 'sapa_';
/** Long enough that a guessed password is unlikely, short enough to type on a phone. */
export const MIN_PASSWORD_LENGTH = 8;

/** sha256 hex: sessions and API keys are stored hashed, never in clear. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface BootstrapResult { created: boolean; workspace: Workspace; email: string; generatedPassword?: string }

/**
 * On an empty store, creates the workspace and its owner from the given credentials, or with a
 * generated password that the caller prints once.
 */
export async function bootstrapOwner(
  deps: Pick<Deps, 'store' | 'passwords' | 'random'>,
  input: { email?: string; password?: string; workspaceName: string },
): Promise<BootstrapResult> {
  const existing = await deps.store.workspaces.first();
  if (existing && (await deps.store.users.count()) > 0) {
    return { created: false, workspace: existing, email: input.email ?? '' };
  }
  const email = (input.email ?? 'owner@sapa.local').toLowerCase();
  const generatedPassword = input.password ? undefined : deps.random.token(12);
  const passwordHash = await deps.passwords.hash(input.password ?? generatedPassword!);
  const workspace = await deps.store.transaction(async (tx) => {
    const ws = existing ?? (await tx.workspaces.create({ name: input.workspaceName }));
    await tx.users.create({ workspaceId: ws.id, email, name: 'Owner', role: 'owner', passwordHash });
    return ws;
  });
  return { created: true, workspace, email, ...(generatedPassword ? { generatedPassword } : {}) };
}

/** The principal of a person acting through a session (or the command line). */
export function principalOfUser(user: User, via: Principal['via'], address: string | null, sessionId?: string): Principal {
  return {
    workspaceId: user.workspaceId, userId: user.id, role: user.role, scopes: null, via,
    permissions: permissionsOfRole(user.role), actor: user.email, address, ...(sessionId ? { sessionId } : {}),
  };
}

/** Hashing refused under a flood becomes "busy, retry shortly" instead of a 500. */
async function hashing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof HashingBusyError) throw new AppError('auth.busy', 'Too many logins at once; try again in a moment', [], 2);
    throw err;
  }
}

/** 429 with Retry-After while an account or address must wait or is locked. */
function refuseWhenThrottled(verdict: ThrottleVerdict): void {
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new AppError('auth.throttled', verdict.locked
    ? `Too many wrong passwords: login is locked for ${seconds} s`
    : `Too many wrong passwords: wait ${seconds} s before the next try`, [], seconds);
}

export interface LoginInput { email: string; password: string; address: string; userAgent?: string | null }

/**
 * Checks credentials and opens a session; returns the cookie token (only its hash is stored).
 * Throttled per account and address before any hashing; a deactivated member cannot log in.
 */
export async function login(
  deps: Pick<Deps, 'store' | 'passwords' | 'random' | 'clock'> & { throttle: LoginThrottle },
  input: LoginInput,
): Promise<{ token: string; expiresAt: Date; user: User }> {
  const now = deps.clock.now();
  refuseWhenThrottled(deps.throttle.check(input.email, input.address, now.getTime()));
  const user = await deps.store.users.findByEmail(input.email);
  // Verify even when the user is unknown so timing does not reveal which emails exist.
  const ok = await hashing(deps.passwords.verify(input.password, user?.passwordHash ?? DUMMY_HASH));
  if (!user || !ok || user.deactivatedAt) {
    const locked = deps.throttle.fail(input.email, input.address, now.getTime());
    if (user) {
      const who = { workspaceId: user.workspaceId, userId: user.id, actor: user.email, via: 'session' as const, address: input.address };
      await audit(deps, who, 'auth.login_failed', { type: 'user', id: user.id }, { reason: user.deactivatedAt && ok ? 'deactivated' : 'password' });
      if (locked) await audit(deps, who, 'auth.login_locked', { type: 'user', id: user.id });
    }
    throw new AppError('auth.invalid_credentials', 'Email or password is wrong');
  }
  deps.throttle.succeed(input.email);
  const token = deps.random.token(32);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await deps.store.sessions.create({
    tokenHash: hashToken(token), userId: user.id, workspaceId: user.workspaceId, expiresAt, address: input.address, userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  await audit(deps, principalOfUser(user, 'session', input.address), 'auth.login', { type: 'user', id: user.id });
  return { token, expiresAt, user };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Ends a session (audited when it was a live one). */
export async function logout(deps: Pick<Deps, 'store' | 'clock'>, token: string, address: string | null): Promise<void> {
  const live = await sessionInfo(deps, token);
  await deps.store.sessions.delete(hashToken(token));
  if (live) await audit(deps, principalOfUser(live.user, 'session', address, live.sessionId), 'auth.logout', { type: 'session', id: live.sessionId });
}

/** The user and workspace behind a session cookie. */
export async function sessionInfo(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<{ user: User; workspace: Workspace; sessionId: string } | null> {
  return deps.store.sessions.find(hashToken(token), deps.clock.now());
}

/** Resolves a session cookie or a bearer API key to the principal a request acts for. */
export async function authenticate(
  deps: Pick<Deps, 'store' | 'clock'>,
  credentials: { sessionToken?: string; bearer?: string; address: string | null },
): Promise<Principal | null> {
  if (credentials.bearer) {
    const key = await deps.store.apiKeys.use(hashToken(credentials.bearer), deps.clock.now());
    return key ? {
      workspaceId: key.workspaceId, userId: key.createdBy, role: null, scopes: key.scopes, via: 'api_key',
      permissions: permissionsOfScopes(key.scopes), actor: `API key ${key.prefix}`, keyName: key.name, address: credentials.address,
    } : null;
  }
  if (credentials.sessionToken) {
    const s = await sessionInfo(deps, credentials.sessionToken);
    return s ? principalOfUser(s.user, 'session', credentials.address, s.sessionId) : null;
  }
  return null;
}

/** Refuses a principal that lacks a permission (403). */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!principal.permissions.has(permission)) {
    const holder = principal.via === 'api_key' ? `This API key (scopes: ${principal.scopes?.join(', ') ?? 'none'})` : `Your role (${principal.role ?? 'none'})`;
    throw new AppError('auth.forbidden', `${holder} may not do this: it needs ${permission}`);
  }
}

/** Creates an API key; the clear key is returned once and only its hash is kept. */
export async function createApiKey(
  deps: Pick<Deps, 'store' | 'random' | 'clock'>,
  principal: Principal,
  input: { name: string; scopes?: readonly ApiKeyScope[] | undefined },
): Promise<ApiKeyRecord & { key: string }> {
  requirePermission(principal, 'api_keys:manage');
  const scopes = [...new Set(input.scopes && input.scopes.length > 0 ? input.scopes : DEFAULT_API_KEY_SCOPES)];
  const key = API_KEY_PREFIX + deps.random.token(32);
  const record = await deps.store.apiKeys.create(principal.workspaceId, {
    name: input.name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashToken(key), createdBy: principal.userId, scopes,
  });
  await audit(deps, principal, 'api_key.created', { type: 'api_key', id: record.id }, { name: record.name, prefix: record.prefix, scopes });
  return { ...record, key };
}

/** Revokes an API key of the workspace. */
export async function revokeApiKey(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  requirePermission(principal, 'api_keys:manage');
  const key = found(await deps.store.apiKeys.get(principal.workspaceId, id), 'API key');
  if (!(await deps.store.apiKeys.revoke(principal.workspaceId, id, deps.clock.now()))) throw new AppError('not_found', 'API key not found');
  await audit(deps, principal, 'api_key.revoked', { type: 'api_key', id }, { name: key.name, prefix: key.prefix });
}

/** The person behind a session principal (API keys and the command line have no password of their own). */
async function sessionUser(deps: Pick<Deps, 'store'>, principal: Principal): Promise<User> {
  if (principal.via !== 'session' || !principal.userId) throw new AppError('auth.forbidden', 'Only a logged-in person can do this, not an API key');
  return found(await deps.store.users.get(principal.workspaceId, principal.userId), 'User');
}

/** Changes the caller's own password after checking the current one; ends their other sessions. */
export async function changePassword(
  deps: Pick<Deps, 'store' | 'passwords' | 'clock'> & { throttle: LoginThrottle },
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await sessionUser(deps, principal);
  // The same throttle as login: a stolen session must not become a way to guess the password.
  const now = deps.clock.now().getTime();
  const address = principal.address ?? 'unknown';
  refuseWhenThrottled(deps.throttle.check(user.email, address, now));
  if (!(await hashing(deps.passwords.verify(input.currentPassword, user.passwordHash)))) {
    deps.throttle.fail(user.email, address, now);
    throw new AppError('auth.wrong_password', 'The current password is wrong', [{ field: 'currentPassword', reason: 'auth.wrong_password' }]);
  }
  const passwordHash = await hashing(deps.passwords.hash(input.newPassword));
  await deps.store.users.update(principal.workspaceId, user.id, { passwordHash });
  const ended = await deps.store.sessions.revokeAllForUser(user.id, principal.sessionId);
  await audit(deps, principal, 'auth.password_changed', { type: 'user', id: user.id }, { sessionsEnded: ended });
}

/** The caller's live sessions, the current one marked. */
export async function listOwnSessions(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal): Promise<(SessionRecord & { current: boolean })[]> {
  const user = await sessionUser(deps, principal);
  const rows = await deps.store.sessions.listForUser(user.id, deps.clock.now());
  return rows.map((s) => ({ ...s, current: s.id === principal.sessionId }));
}

/** Ends one of the caller's sessions (another device, or this one). */
export async function revokeOwnSession(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  const user = await sessionUser(deps, principal);
  if (!(await deps.store.sessions.revoke(user.id, id))) throw new AppError('not_found', 'Session not found');
  await audit(deps, principal, 'auth.session_revoked', { type: 'session', id });
}
