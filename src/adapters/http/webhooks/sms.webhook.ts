/**
 * SMS webhooks at /webhooks/sms/:workspaceId: delivery receipts (the StatusCallback each send
 * names) and incoming SMS (the URL a shop pastes as its number's "A message comes in" webhook).
 * Each is checked with X-Twilio-Signature against the workspace's auth token over the URL the
 * provider called — SAPA_PUBLIC_URL + path and query, as the provider knows it — and answers 403
 * when it does not match. Answers are empty TwiML, so an incoming SMS gets no automatic reply.
 */
import type { FastifyInstance } from 'fastify';
import { applySmsReceipt, receiveSms } from '../../../app/sms-webhook.js';
import { unstorableText } from '../../../contracts/common.js';
import type { HttpDeps } from '../context.js';
import { problem, sendProblem } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
/** Twilio's webhooks are a few hundred bytes; an inbound SMS is at most 1600 characters. */
const MAX_BODY = 64 * 1024;

export async function smsWebhook(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY }, (_req, body, done) => done(null, body));

  app.post('/webhooks/sms/:workspaceId', { schema: { hide: true } }, async (request, reply) => {
    const notFound = () => sendProblem(reply, problem(404, 'not_found', 'No SMS account answers at this address'));
    const raw = (request.params as { workspaceId: string }).workspaceId;
    if (!UUID.test(raw)) return notFound();
    const workspaceId = raw.toLowerCase();
    const params: Record<string, string> = {};
    // The last value wins when a name repeats.
    for (const [k, v] of new URLSearchParams(typeof request.body === 'string' ? request.body : '')) params[k] = v;
    const base = deps.publicUrl ? deps.publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
    const header = request.headers['x-twilio-signature'];
    const query = request.query as Record<string, unknown>;
    const ourMessageId = typeof query.m === 'string' && UUID.test(query.m) ? query.m : undefined;
    const routed = await deps.smsWebhooks.route({
      workspaceId, url: `${base}${request.url}`, params, signature: typeof header === 'string' ? header : undefined, at: deps.clock.now(), ...(ourMessageId ? { ourMessageId } : {}),
    });
    if (!routed.ok) {
      if (routed.reason === 'unknown_workspace') return notFound();
      if (routed.reason === 'bad_signature') return sendProblem(reply, problem(403, 'sms.bad_signature', 'X-Twilio-Signature does not match this request'));
    }
    // No provider sends NUL or broken UTF-16, and the store could not hold it.
    const storable = Object.entries(params).every(([k, v]) => unstorableText(k) === null && unstorableText(v) === null);
    if (!routed.ok || !storable) return sendProblem(reply, problem(400, 'sms.malformed', 'The webhook is neither a delivery receipt nor an incoming SMS'));
    const n = routed.notification;
    const result = n.kind === 'status' ? await applySmsReceipt(deps, workspaceId, n.update)
      : n.kind === 'inbound' ? await receiveSms(deps, workspaceId, n.message)
        : 'ignored';
    request.log.info({ workspaceId, result }, 'sms webhook');
    return reply.code(200).type('text/xml').send(EMPTY_TWIML);
  });
}
