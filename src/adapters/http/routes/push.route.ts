/**
 * Web push for shops' sites, called from other origins without cookies: the VAPID key to
 * subscribe with, the subscription itself (authenticated by a signed contact token), and the
 * service worker script. CORS allows any origin on these three only, without credentials: the
 * token is what authenticates, and a cookie is never read here.
 * The shop's server makes that token with POST /api/v1/contacts/:id/token (inapp.route.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { subscribePush } from '../../../app/push-subscriptions.js';
import { PushConfig, PushSettings, PushSubscribeInput } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';
import { PUSH_SERVICE_WORKER } from '../push-service-worker.js';
import { principalOf } from './auth.route.js';

const WorkspaceParams = z.object({ workspaceId: z.uuid() });

function cors(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin').header('vary', 'origin');
}

export function pushRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = (request: { protocol: string; host: string }) => (deps.publicUrl ? deps.publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`);

  r.get('/push/:workspaceId/config', {
    schema: { tags: ['push'], summary: 'The VAPID public key a browser subscribes with', params: WorkspaceParams, response: { 200: PushConfig } },
  }, async (request, reply) => {
    cors(reply);
    const publicKey = await deps.push.publicKey(request.params.workspaceId.toLowerCase());
    if (!publicKey) return sendProblem(reply, problem(404, 'push.not_available', 'Web push is not available for this workspace'));
    const at = base(request);
    return { publicKey, subscribeUrl: `${at}/push/subscribe`, serviceWorkerUrl: `${at}/push/sw.js` };
  });

  // The preflight of a JSON POST from the shop's page.
  app.options('/push/subscribe', { schema: { hide: true } }, async (_request, reply) => cors(reply)
    .header('access-control-allow-methods', 'POST')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '86400')
    .code(204).send());

  r.post('/push/subscribe', {
    bodyLimit: 8 * 1024,
    schema: { tags: ['push'], summary: "Subscribes a browser to a contact's web pushes (signed contact token)", body: PushSubscribeInput, response: { 201: z.object({ subscribed: z.literal(true) }) } },
  }, async (request, reply) => {
    cors(reply);
    const ua = request.headers['user-agent'];
    await subscribePush({ store: deps.store, clock: deps.clock, tokenKey: deps.contactTokenKey, allowsEndpoint: (e) => deps.push.allowsEndpoint(e) }, request.body, typeof ua === 'string' ? ua : null);
    return reply.code(201).send({ subscribed: true as const });
  });

  app.get('/push/sw.js', { schema: { hide: true } }, async (_request, reply) => cors(reply)
    .header('cache-control', 'public, max-age=3600')
    .type('text/javascript; charset=utf-8').send(PUSH_SERVICE_WORKER));

  r.get('/api/v1/channels/push', {
    config: { permission: 'channels:read' },
    schema: { tags: ['channels'], summary: "Web push: whether it is live, and the workspace's key and URLs for the shop's site", response: { 200: PushSettings } },
  }, async (request) => {
    const workspaceId = principalOf(request).workspaceId;
    const publicKey = await deps.push.publicKey(workspaceId);
    const at = base(request);
    return {
      live: deps.push.live, workspaceId, publicKey,
      configUrl: publicKey ? `${at}/push/${workspaceId}/config` : null,
      serviceWorkerUrl: publicKey ? `${at}/push/sw.js` : null,
    };
  });
}
