/** Login, sessions, API keys and the first owner. */
import { createHash } from 'node:crypto';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';
import type { ApiKeyRecord, Principal, User, Workspace } from './records.js';

const SESSION_DAYS = 30;
export const API_KEY_PREFIX = 'sapa_';

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

/** Checks credentials and opens a session; returns the cookie token (only its hash is stored). */
export async function login(
  deps: Pick<Deps, 'store' | 'passwords' | 'random' | 'clock'>,
  input: { email: string; password: string },
): Promise<{ token: string; expiresAt: Date; user: User }> {
  const user = await deps.store.users.findByEmail(input.email);
  // Verify even when the user is unknown so timing does not reveal which emails exist.
  const ok = await deps.passwords.verify(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new AppError('auth.invalid_credentials', 'Email or password is wrong');
  const token = deps.random.token(32);
  const expiresAt = new Date(deps.clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await deps.store.sessions.create({ tokenHash: hashToken(token), userId: user.id, workspaceId: user.workspaceId, expiresAt });
  return { token, expiresAt, user };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Ends a session. */
export async function logout(deps: Pick<Deps, 'store'>, token: string): Promise<void> {
  await deps.store.sessions.delete(hashToken(token));
}

/** The user and workspace behind a session cookie. */
export async function sessionInfo(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<{ user: User; workspace: Workspace } | null> {
  return deps.store.sessions.find(hashToken(token), deps.clock.now());
}

/** Resolves a session cookie or a bearer API key to the principal a request acts for. */
export async function authenticate(
  deps: Pick<Deps, 'store' | 'clock'>,
  credentials: { sessionToken?: string; bearer?: string },
): Promise<Principal | null> {
  if (credentials.bearer) {
    const key = await deps.store.apiKeys.use(hashToken(credentials.bearer), deps.clock.now());
    return key ? { workspaceId: key.workspaceId, userId: key.createdBy, role: 'admin', via: 'api_key' } : null;
  }
  if (credentials.sessionToken) {
    const s = await sessionInfo(deps, credentials.sessionToken);
    return s ? { workspaceId: s.workspace.id, userId: s.user.id, role: s.user.role, via: 'session' } : null;
  }
  return null;
}

/** Creates an API key; the clear key is returned once and only its hash is kept. */
export async function createApiKey(
  deps: Pick<Deps, 'store' | 'random'>,
  principal: Principal,
  input: { name: string },
): Promise<ApiKeyRecord & { key: string }> {
  requireRole(principal, ['owner', 'admin']);
  const key = API_KEY_PREFIX + deps.random.token(32);
  const record = await deps.store.apiKeys.create(principal.workspaceId, {
    name: input.name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashToken(key), createdBy: principal.userId,
  });
  return { ...record, key };
}

/** Refuses a principal whose role is not among those allowed. */
export function requireRole(principal: Principal, roles: readonly Principal['role'][]): void {
  if (!roles.includes(principal.role)) throw new AppError('auth.forbidden', `This needs one of the roles: ${roles.join(', ')}`);
}
