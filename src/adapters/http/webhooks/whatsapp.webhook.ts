/**
 * WhatsApp Cloud API webhooks. Each notification goes to the workspace whose number it names, after
 * X-Hub-Signature-256 is checked over the raw bytes with that number's app secret (so this scope
 * reads the body itself); a bad signature answers 401 and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { handleWhatsAppWebhook } from '../../../app/whatsapp-webhook.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';

export async function whatsappWebhook(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    // A parameter given twice arrives as an array: only single values count.
    const query = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const challenge = await deps.whatsappWebhooks.verifySubscription(query);
    if (challenge === null) return sendProblem(reply, problem(403, 'whatsapp.verify_failed', 'hub.verify_token matches no configured WhatsApp number'));
    return reply.type('text/plain').send(challenge);
  });

  app.post('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const routed = await deps.whatsappWebhooks.route({ rawBody, headers: request.headers });
    if (!routed.ok) {
      return routed.reason === 'bad_signature'
        ? sendProblem(reply, problem(401, 'whatsapp.bad_signature', 'X-Hub-Signature-256 does not match the body'))
        : sendProblem(reply, problem(400, 'whatsapp.malformed', 'The webhook body is not a WhatsApp notification'));
    }
    if (routed.ignoredNumbers.length > 0) {
      // For a number no workspace has (e.g. another number on the same Meta app): acknowledged so
      // Meta does not retry, and left alone.
      request.log.warn({ phoneNumberIds: routed.ignoredNumbers }, 'whatsapp webhook for a number that is not configured; ignored');
    }
    if (routed.parts.length === 0) return reply.code(200).send({ received: true, ignored: true });
    // Each part only ever touches its own workspace's data.
    for (const part of routed.parts) {
      const summary = await handleWhatsAppWebhook(deps, part.workspaceId, part);
      request.log.info({ workspaceId: part.workspaceId, summary }, 'whatsapp webhook');
    }
    return reply.code(200).send({ received: true });
  });
}
