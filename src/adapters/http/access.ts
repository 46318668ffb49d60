/**
 * Access control for /api/v1, in one place and before the body is read or validated:
 * 1. CSRF: a browser write (no API key) must come from this site (`Sec-Fetch-Site`, else `Origin`).
 * 2. Authentication: the session cookie or `Authorization: Bearer <api key>`; none → 401.
 * 3. Authorization: the route's `config.permission` against the principal's role or scopes → 403.
 * Every /api/v1 route declares `public: true` or a permission; a route with neither fails the build.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, requirePermission } from '../../app/auth.js';
import { AppError } from '../../app/errors.js';
import type { Permission } from '../../domain/permissions.js';
import { SESSION_COOKIE, type HttpDeps } from './context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do (domain/permissions.ts). */
    permission?: Permission;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The bearer token of an Authorization header, if any. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}

/**
 * Whether a browser sent this write from another site. Browsers label every request with
 * Sec-Fetch-Site; older ones at least send Origin on a POST. A client that sends neither is not a
 * browser acting for someone (curl, a server), so ambient cookies were not borrowed.
 */
function crossSite(request: FastifyRequest, publicHost: string | null): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    // A proxy may rewrite Host; SAPA_PUBLIC_URL names the address browsers really use.
    const host = new URL(origin).host;
    return host !== request.host && host !== publicHost;
  } catch {
    return true;
  }
}

/** Registers the access hooks; call before any route is added. */
export function registerAccessControl(app: FastifyInstance, deps: HttpDeps): void {
  const publicHost = deps.publicUrl ? new URL(deps.publicUrl).host : null;
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const config = route.config as { public?: boolean; permission?: Permission } | undefined;
    if (!config?.public && !config?.permission) throw new Error(`${String(route.method)} ${route.url} declares neither config.public nor config.permission`);
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const bearer = bearerOf(request);
    // API-key requests carry their credential explicitly: nothing ambient to forge.
    if (!bearer && !SAFE_METHODS.has(request.method) && crossSite(request, publicHost)) {
      throw new AppError('auth.cross_site', 'Cross-site requests are refused: use the Sapa web app, or an API key');
    }
    const config = request.routeOptions.config;
    // Unknown routes fall through to the 404 handler.
    if (config.public || !request.routeOptions.url) return;
    const sessionToken = request.cookies[SESSION_COOKIE];
    request.principal = await authenticate(deps, { ...(bearer ? { bearer } : {}), ...(sessionToken ? { sessionToken } : {}), address: request.ip });
    if (!request.principal) throw new AppError('auth.required', 'Log in, or send Authorization: Bearer <api key>');
    if (config.permission) requirePermission(request.principal, config.permission);
  });
}
