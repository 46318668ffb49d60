import { permissionsOfRole, type Permission } from '../../../../../src/domain/permissions.js';
import { useSession } from './use-session.js';

/**
 * Whether the signed-in member may do this (the server's own matrix, domain/permissions.ts), so a
 * page offers only what will be allowed. The server still checks every request.
 */
export function useCan(permission: Permission): boolean {
  const session = useSession();
  const role = session.data?.user.role;
  return role !== undefined && permissionsOfRole(role).has(permission);
}
