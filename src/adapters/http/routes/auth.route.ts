import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createApiKey, login, logout, requireRole, sessionInfo } from '../../../app/auth.js';
import { AppError } from '../../../app/errors.js';
import type { Principal } from '../../../app/ports.js';
import { ApiKeyCreated, ApiKeyInput, ApiKeyList, IdParams, LoginInput, Me } from '../../../contracts/index.js';
import { SESSION_COOKIE, type HttpDeps } from '../context.js';
import { apiKeyJson } from '../serialize.js';

/** The principal of an authenticated request, or 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('auth.required', 'Log in, or send Authorization: Bearer <api key>');
  return request.principal;
}

export function authRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const me = async (user: { id: string; email: string; name: string; role: 'owner' | 'admin' | 'agent' }, ws: { id: string; name: string; timezone: string }) => ({
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    workspace: { id: ws.id, name: ws.name, timezone: ws.timezone },
    // Per workspace: its own number, the server's WHATSAPP_* (first workspace), or the sandbox.
    whatsappTransport: (await deps.channels.resolve(ws.id, 'whatsapp'))?.channel.transport ?? 'sandbox',
  });

  r.post('/api/v1/auth/login', { schema: { tags: ['auth'], body: LoginInput, response: { 200: Me } }, config: { public: true } }, async (request, reply) => {
    const { token, expiresAt } = await login(deps, request.body);
    const info = await sessionInfo(deps, token);
    if (!info) throw new AppError('auth.invalid_credentials', 'Session could not be opened');
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: deps.secureCookies, expires: expiresAt });
    return me(info.user, info.workspace);
  });

  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'] }, config: { public: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(deps, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/session', { schema: { tags: ['auth'], response: { 200: Me } }, config: { public: true } }, async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    const info = token ? await sessionInfo(deps, token) : null;
    if (!info) throw new AppError('auth.required', 'Not logged in');
    return me(info.user, info.workspace);
  });

  r.post('/api/v1/api-keys', { schema: { tags: ['auth'], body: ApiKeyInput, response: { 201: ApiKeyCreated } } }, async (request, reply) => {
    const created = await createApiKey(deps, principalOf(request), request.body);
    return reply.code(201).send({ ...apiKeyJson(created), key: created.key });
  });

  r.get('/api/v1/api-keys', { schema: { tags: ['auth'], response: { 200: ApiKeyList } } }, async (request) => {
    const p = principalOf(request);
    requireRole(p, ['owner', 'admin']);
    return { items: (await deps.store.apiKeys.list(p.workspaceId)).map(apiKeyJson) };
  });

  r.delete('/api/v1/api-keys/:id', { schema: { tags: ['auth'], params: IdParams } }, async (request, reply) => {
    const p = principalOf(request);
    requireRole(p, ['owner', 'admin']);
    if (!(await deps.store.apiKeys.revoke(p.workspaceId, request.params.id, deps.clock.now()))) throw new AppError('not_found', 'API key not found');
    return reply.code(204).send();
  });
}
