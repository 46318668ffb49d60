/**
 * Who may do what, defined once: every /api/v1 route names the permission it needs and one hook
 * (adapters/http/access.ts) checks it. Roles are for people (sessions), scopes for API keys.
 */
import type { ApiKeyScope, Role } from './vocabulary.js';

export const PERMISSIONS = [
  /** Read-only basics every principal needs: the trigger table, the own session. */
  'workspace:read',
  'contacts:read',
  'messages:read',
  'templates:read',
  'automations:read',
  /** Quick messages to one contact. */
  'messages:send',
  'events:write',
  'contacts:write',
  /** Tags only (agents sort the contacts they talk to). */
  'contacts:tag',
  'contacts:import',
  /** Personal data (UU PDP): a contact's data as a file, and its erasure. */
  'contacts:export',
  'contacts:erase',
  /** The frequency cap, quiet hours and time zone of marketing messages. */
  'settings:messaging',
  'templates:write',
  'automations:write',
  'segments:write',
  'broadcasts:write',
  /** Rerun RFM and refit the customer-value model now (they also run nightly). */
  'insights:recompute',
  'api_keys:manage',
  'channels:read',
  'channels:manage',
  'members:manage',
  'workspace:manage',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT = ['workspace:read', 'contacts:read', 'contacts:tag', 'messages:read', 'templates:read', 'automations:read', 'messages:send'] as const satisfies readonly Permission[];
const ADMIN = [
  ...AGENT, 'events:write', 'contacts:write', 'contacts:import', 'contacts:export', 'contacts:erase', 'settings:messaging', 'templates:write', 'automations:write', 'segments:write', 'broadcasts:write', 'insights:recompute', 'api_keys:manage', 'channels:read',
] as const satisfies readonly Permission[];
const OWNER = [...ADMIN, 'channels:manage', 'members:manage', 'workspace:manage', 'audit:read'] as const satisfies readonly Permission[];

/** The role matrix (README "Roles"): agents work conversations, admins run the shop's messaging, owners also the team and the account. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = { agent: AGENT, admin: ADMIN, owner: OWNER };

/**
 * The scope matrix: an integration gets only what its job needs. `admin` is everything an admin
 * person may do (templates, automations, keys…), never what only owners may.
 */
export const SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  'events:write': ['workspace:read', 'events:write'],
  'contacts:write': ['workspace:read', 'contacts:read', 'contacts:write', 'contacts:tag', 'contacts:import'],
  'messages:read': ['workspace:read', 'messages:read'],
  'admin': ADMIN,
};

/** The scope a key gets when none is asked for: posting events, the POS's one job. */
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ['events:write'];

/** Permissions of a person by role. */
export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** Permissions of an API key: the union of its scopes. */
export function permissionsOfScopes(scopes: readonly ApiKeyScope[]): ReadonlySet<Permission> {
  return new Set(scopes.flatMap((s) => SCOPE_PERMISSIONS[s]));
}

