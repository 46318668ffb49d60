/**
 * Outbound webhook subscriptions (product.md §3 /api/v1/webhooks): list, create (the secret is in
 * this answer only), pause/resume, delete, the delivery log and redeliver.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebhookDeliveryRecord, WebhookSubscriptionRecord } from '../../../app/webhook.port.js';
import {
  createWebhook, deleteWebhook, getWebhook, listWebhookDeliveries, listWebhooks, redeliverWebhook, setWebhookStatus, type WebhookSettings,
} from '../../../app/webhooks.js';
import { CreatedWebhook, IdParams, Webhook, WebhookDeliveriesQuery, WebhookDelivery, WebhookDeliveryList, WebhookInput, WebhookList } from '../../../contracts/index.js';
import { decodeCursor, encodeCursor } from '../../../contracts/cursor.js';
import { WEBHOOK_EVENT_TYPES } from '../../../domain/webhooks/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function webhookOut(w: WebhookSubscriptionRecord) {
  return {
    id: w.id, url: w.url, description: w.description, events: w.events, status: w.status, pausedAt: iso(w.pausedAt), pauseReason: w.pauseReason,
    consecutiveFailures: w.consecutiveFailures, failingSince: iso(w.failingSince), createdAt: w.createdAt.toISOString(),
  };
}

function deliveryOut(d: WebhookDeliveryRecord) {
  return {
    id: d.id, webhookId: `msg_${d.id}`, eventType: d.eventType, status: d.status, attempts: d.attempts, nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt), responseStatus: d.responseStatus, responseMs: d.responseMs, error: d.error,
    deliveredAt: iso(d.deliveredAt), createdAt: d.createdAt.toISOString(), body: d.body,
  };
}

/** Without settings (an app built without them) nothing may be subscribed. */
const NO_WEBHOOKS: WebhookSettings = { box: null, checkUrl: () => 'scheme' };

export function webhookRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const config = { permission: 'api_keys:manage' as const };
  const ucDeps = { ...deps, webhooks: deps.webhooks ?? NO_WEBHOOKS };

  r.get('/api/v1/webhooks', { config, schema: { tags, summary: 'Outbound webhook subscriptions, and the event types one may choose', response: { 200: WebhookList } } }, async (request) => ({
    items: (await listWebhooks(deps, principalOf(request))).map(webhookOut),
    eventTypes: [...WEBHOOK_EVENT_TYPES],
  }));

  r.post('/api/v1/webhooks', {
    config,
    schema: { tags, summary: 'Subscribes a URL to events; the answer carries the whsec_ signing secret, shown this once', body: WebhookInput, response: { 201: CreatedWebhook } },
  }, async (request, reply) => {
    const created = await createWebhook(ucDeps, principalOf(request), request.body);
    return reply.code(201).send({ ...webhookOut(created), secret: created.secret });
  });

  r.get('/api/v1/webhooks/:id', { config, schema: { tags, params: IdParams, response: { 200: Webhook } } }, async (request) =>
    webhookOut(await getWebhook(deps, principalOf(request), request.params.id)));

  r.delete('/api/v1/webhooks/:id', { config, schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteWebhook(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  for (const [action, to] of [['resume', 'active'], ['pause', 'paused']] as const) {
    r.post(`/api/v1/webhooks/:id/${action}`, { config, schema: { tags, params: IdParams, response: { 200: Webhook } } }, async (request) =>
      webhookOut(await setWebhookStatus(deps, principalOf(request), request.params.id, to)));
  }

  r.get('/api/v1/webhooks/:id/deliveries', {
    config, schema: { tags, summary: 'The delivery log, newest first, paged by nextCursor', params: IdParams, querystring: WebhookDeliveriesQuery, response: { 200: WebhookDeliveryList } },
  }, async (request) => {
    const at = request.query.cursor ? decodeCursor(request.query.cursor) : null;
    const page = await listWebhookDeliveries(deps, principalOf(request), request.params.id, at ? { at: at.createdAt, id: at.id } : null, request.query.limit);
    const last = page.rows[page.rows.length - 1];
    return { items: page.rows.map(deliveryOut), nextCursor: page.more && last ? encodeCursor(last.createdAt, last.id) : null };
  });

  r.post('/api/v1/webhooks/deliveries/:id/redeliver', {
    config, schema: { tags, summary: 'Sends the delivery again now, with the same webhook-id', params: IdParams, response: { 202: WebhookDelivery } },
  }, async (request, reply) => reply.code(202).send(deliveryOut(await redeliverWebhook(deps, principalOf(request), request.params.id))));
}
