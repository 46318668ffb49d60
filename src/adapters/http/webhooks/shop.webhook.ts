/**
 * Shop platform webhooks (app/shop-webhook.ts). This scope reads the body as raw bytes, whatever
 * its content type, because the signature is over the bytes exactly as sent. Answers: 200 when
 * handled or deliberately ignored (so the platform does not retry or disable the webhook), 401 for
 * a bad signature, 404 for an unknown URL, 400/422 for a signed body that is no usable order.
 */
import type { FastifyInstance } from 'fastify';
import { receiveShopWebhook } from '../../../app/shop-webhook.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';

export async function shopWebhook(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/webhooks/shop/:platform/:token', { schema: { hide: true } }, async (request, reply) => {
    const params = request.params as { platform: string; token: string };
    const result = await receiveShopWebhook({ ...deps, box: deps.channelAccounts.box }, {
      platform: params.platform, token: params.token, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), headers: request.headers,
    });
    switch (result.kind) {
      case 'not_found': return sendProblem(reply, problem(404, 'not_found', 'No shop connection answers at this address'));
      case 'ping': return reply.code(200).send({ received: true });
      case 'bad_signature': return sendProblem(reply, problem(401, 'shop.bad_signature', 'The signature header does not match the body and this connection\'s secret'));
      case 'secret_unavailable': return sendProblem(reply, problem(503, 'shop.secret_unavailable', 'This connection\'s secret cannot be opened on this server; save it again'));
      case 'refused': return sendProblem(reply, problem(result.status, result.reason, result.detail, result.errors));
      case 'ignored': return reply.code(200).send({ received: true, ignored: result.reason, detail: result.detail });
      case 'accepted': return reply.code(200).send({
        received: true,
        events: result.events.map((e) => ({
          eventId: e.eventId, type: e.type, created: e.created,
          messages: e.messages.map((m) => ({ id: m.id, automationId: m.automationId, channel: m.channel, status: m.status })),
        })),
      });
    }
  });
}
