/**
 * WhatsApp Cloud API webhooks. The signature is checked over the raw bytes, so this scope parses
 * JSON itself; a bad signature answers 401 and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { handleWhatsAppWebhook } from '../../../app/whatsapp-webhook.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';

export async function whatsappWebhook(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    const receiver = deps.whatsappWebhook;
    if (!receiver) return sendProblem(reply, problem(404, 'whatsapp.not_configured', 'WhatsApp is not configured on this server'));
    const challenge = receiver.verifySubscription(request.query as Record<string, string | undefined>);
    if (challenge === null) return sendProblem(reply, problem(403, 'whatsapp.verify_failed', 'hub.verify_token does not match'));
    return reply.type('text/plain').send(challenge);
  });

  app.post('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    const receiver = deps.whatsappWebhook;
    if (!receiver) return sendProblem(reply, problem(404, 'whatsapp.not_configured', 'WhatsApp is not configured on this server'));
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parsed = receiver.parseWebhook({ rawBody, headers: request.headers });
    if (!parsed.ok) {
      return parsed.reason === 'bad_signature'
        ? sendProblem(reply, problem(401, 'whatsapp.bad_signature', 'X-Hub-Signature-256 does not match the body'))
        : sendProblem(reply, problem(400, 'whatsapp.malformed', 'The webhook body is not a WhatsApp notification'));
    }
    const workspaceId = await deps.webhookWorkspace(parsed.phoneNumberIds);
    if (!workspaceId) {
      // Signed by our app but for a number Sapa does not send from (e.g. another number on the same
      // app): acknowledged so Meta does not retry, and left alone.
      request.log.warn({ phoneNumberIds: parsed.phoneNumberIds }, 'whatsapp webhook for a number that is not configured; ignored');
      return reply.code(200).send({ received: true, ignored: true });
    }
    const summary = await handleWhatsAppWebhook(deps, workspaceId, parsed);
    request.log.info({ summary }, 'whatsapp webhook');
    return reply.code(200).send({ received: true });
  });
}
