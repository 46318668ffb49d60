import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { found } from '../../../app/errors.js';
import { resendMessage } from '../../../app/resend-message.js';
import { EventAccepted, EventInput, IdParams, Message, MessageCounts, MessageList, MessageListQuery, SandboxOutbox } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { messageJson, sandboxJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

export function eventAndMessageRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/events', {
    config: { permission: 'events:write' },
    schema: { tags: ['events'], body: EventInput, response: { 202: EventAccepted } },
    // Counted once the answer is out, so refusals from before the handler (auth, body size,
    // validation) count as well as the handler's own.
    onResponse: async (request, reply) => {
      if (reply.statusCode === 202) deps.metrics.eventAccepted(1);
      else deps.metrics.eventRefused(request.problemCode ?? `http_${reply.statusCode}`);
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const out = await deps.intake.submit(p.workspaceId, request.body, request.id);
    return reply.code(202).send({
      eventId: out.eventId,
      created: out.created,
      contactId: out.contactId,
      messages: out.messages.map((m) => ({
        id: m.id, automationId: m.automationId, channel: m.channel, status: m.status, failureReason: m.failureReason, scheduledAt: m.scheduledAt.toISOString(),
      })),
    });
  });

  r.get('/api/v1/messages', { config: { permission: 'messages:read' }, schema: { tags: ['messages'], querystring: MessageListQuery, response: { 200: MessageList } } }, async (request) => {
    const p = principalOf(request);
    const page = await deps.store.messages.list(p.workspaceId, request.query);
    return { items: page.items.map(messageJson), nextCursor: page.nextCursor };
  });

  r.get('/api/v1/messages/today', { config: { permission: 'messages:read' }, schema: { tags: ['messages'], response: { 200: MessageCounts } } }, async (request) => {
    return deps.store.messages.countsToday(principalOf(request).workspaceId, deps.clock.now());
  });

  // Agents send quick messages, so they may also send a failed message again (permission messages:send).
  r.post('/api/v1/messages/:id/resend', { config: { permission: 'messages:send' }, schema: { tags: ['messages'], params: IdParams, response: { 202: Message } } }, async (request, reply) => {
    const again = await resendMessage(deps, principalOf(request), request.params.id, request.id);
    return reply.code(202).send(messageJson(again));
  });

  r.get('/api/v1/messages/:id', { config: { permission: 'messages:read' }, schema: { tags: ['messages'], params: IdParams, response: { 200: Message } } }, async (request) => {
    const p = principalOf(request);
    return messageJson(found(await deps.store.messages.get(p.workspaceId, request.params.id), 'Message'));
  });

  r.get('/api/v1/sandbox/outbox', { config: { permission: 'messages:read' }, schema: { tags: ['messages'], querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: SandboxOutbox } } }, async (request) => {
    const p = principalOf(request);
    return { items: (await deps.store.sandbox.list(p.workspaceId, request.query.limit)).map(sandboxJson) };
  });
}
