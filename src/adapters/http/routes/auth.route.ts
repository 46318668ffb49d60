import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePassword, createApiKey, listOwnSessions, login, logout, revokeApiKey, revokeOwnSession, sessionInfo } from '../../../app/auth.js';
import { AppError } from '../../../app/errors.js';
import { DEFAULT_THROTTLE, LoginThrottle } from '../../../app/login-throttle.js';
import type { Principal } from '../../../app/ports.js';
import { ApiKeyCreated, ApiKeyInput, ApiKeyList, IdParams, LoginInput, Me, PasswordChange, SessionList } from '../../../contracts/index.js';
import { SESSION_COOKIE, type HttpDeps } from '../context.js';
import { apiKeyJson, sessionJson } from '../serialize.js';

/** The principal of an authenticated request, or 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('auth.required', 'Log in, or send Authorization: Bearer <api key>');
  return request.principal;
}

export function authRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const throttle = new LoginThrottle(deps.loginThrottle ?? DEFAULT_THROTTLE);
  const me = async (user: { id: string; email: string; name: string; role: 'owner' | 'admin' | 'agent' }, ws: { id: string; name: string; timezone: string }) => {
    const route = await deps.channels.resolve(ws.id, 'whatsapp');
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      workspace: { id: ws.id, name: ws.name, timezone: ws.timezone },
      // Per workspace: its own number, the server's WHATSAPP_* (first workspace), or the sandbox.
      // Only WhatsApp's transports can come back for WhatsApp; anything else would be a wiring bug.
      whatsappTransport: whatsappTransportOf(route?.channel.transport),
      templatesNeedApproval: route?.approvedTemplatesOnly === true,
    };
  };

  r.post('/api/v1/auth/login', { schema: { tags: ['auth'], body: LoginInput, response: { 200: Me } }, config: { public: true } }, async (request, reply) => {
    const { token, expiresAt } = await login({ ...deps, throttle }, {
      ...request.body, address: request.ip, userAgent: request.headers['user-agent'] ?? null,
    });
    const info = await sessionInfo(deps, token);
    if (!info) throw new AppError('auth.invalid_credentials', 'Session could not be opened');
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: deps.secureCookies, expires: expiresAt });
    return me(info.user, info.workspace);
  });

  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'] }, config: { public: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(deps, token, request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/session', { schema: { tags: ['auth'], response: { 200: Me } }, config: { public: true } }, async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    const info = token ? await sessionInfo(deps, token) : null;
    if (!info) throw new AppError('auth.required', 'Not logged in');
    return me(info.user, info.workspace);
  });

  r.post('/api/v1/auth/password', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['auth'], summary: 'Changes your own password; your other sessions end', body: PasswordChange },
  }, async (request, reply) => {
    await changePassword({ ...deps, throttle }, principalOf(request), request.body);
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/sessions', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['auth'], summary: 'Your live sessions (devices)', response: { 200: SessionList } },
  }, async (request) => ({ items: (await listOwnSessions(deps, principalOf(request))).map(sessionJson) }));

  r.delete('/api/v1/auth/sessions/:id', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['auth'], summary: 'Ends one of your sessions', params: IdParams },
  }, async (request, reply) => {
    await revokeOwnSession(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  r.post('/api/v1/api-keys', { config: { permission: 'api_keys:manage' }, schema: { tags: ['auth'], body: ApiKeyInput, response: { 201: ApiKeyCreated } } }, async (request, reply) => {
    const created = await createApiKey(deps, principalOf(request), request.body);
    return reply.code(201).send({ ...apiKeyJson(created), key: created.key });
  });

  r.get('/api/v1/api-keys', { config: { permission: 'api_keys:manage' }, schema: { tags: ['auth'], response: { 200: ApiKeyList } } }, async (request) => {
    const p = principalOf(request);
    return { items: (await deps.store.apiKeys.list(p.workspaceId)).map(apiKeyJson) };
  });

  r.delete('/api/v1/api-keys/:id', { config: { permission: 'api_keys:manage' }, schema: { tags: ['auth'], params: IdParams } }, async (request, reply) => {
    await revokeApiKey(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}

function whatsappTransportOf(t: string | undefined): 'sandbox' | 'whatsapp-cloud' {
  return t === 'whatsapp-cloud' ? t : 'sandbox';
}
