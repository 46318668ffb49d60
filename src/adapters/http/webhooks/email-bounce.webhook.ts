/**
 * `POST /webhooks/email/bounce/<token>`: bounces posted by a relay (e.g. Postfix's bounce handler
 * piped to curl) or an ESP. The token (GET /api/v1/channels/email answers the whole URL) is signed
 * with the server's key and names the workspace; it may also come as `Authorization: Bearer`.
 *
 * Body (JSON): `{ "email": "budi@example.com", "type": "hard" | "soft", "messageId"?: "<…@…>", "reason"?: "5.1.1 user unknown" }`.
 * Answers 200 `{ addressesMarked, messageFailed }`; 401 for a token that is not ours, 400/422 for a bad body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordBounce } from '../../../app/email-feedback.js';
import { EMAIL_BOUNCE_WEBHOOK_PATH, EmailBounceInput } from '../../../contracts/email-channel.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';

export function emailBounceWebhook(app: FastifyInstance, deps: HttpDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply, pathToken: string | undefined) => {
    const auth = request.headers.authorization;
    const token = pathToken ?? (typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : '');
    const workspaceId = token && token.length <= 256 && deps.links ? deps.links.readBounceWebhook(token) : null;
    if (!workspaceId) return sendProblem(reply, problem(401, 'email.bad_webhook_token', 'The bounce webhook token is missing or not valid for this server'));
    const parsed = EmailBounceInput.safeParse(request.body);
    if (!parsed.success) {
      return sendProblem(reply, problem(422, 'validation', 'The body must be {"email", "type": "hard"|"soft", "messageId"?, "reason"?}',
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.code }))));
    }
    const result = await recordBounce({ ...deps, links: deps.links ?? null }, workspaceId, parsed.data);
    return reply.code(200).send(result);
  };
  app.post(EMAIL_BOUNCE_WEBHOOK_PATH, { schema: { hide: true } }, (request, reply) => handler(request, reply, undefined));
  app.post<{ Params: { token: string } }>(`${EMAIL_BOUNCE_WEBHOOK_PATH}/:token`, { schema: { hide: true } }, (request, reply) => handler(request, reply, request.params.token));
}
