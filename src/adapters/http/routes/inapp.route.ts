/**
 * The in-app inbox for a shop's web page, outside /api/v1 (no session, no API key): every route is
 * authenticated by the contact token in its query (EventSource cannot send headers), and answers
 * any origin without credentials — the token is the only authority, no cookie is ever read, so
 * there is nothing ambient another site could borrow. Only GET and POST, and only the
 * Last-Event-ID header, are allowed across origins. The query (the token) is never logged.
 *
 * The shop's server gets a token with its API key: POST /api/v1/contacts/:id/token.
 */
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticateContact, compareInbox, issueContactToken, listInbox, markDelivered, markRead, streamBacklog } from '../../../app/inapp.js';
import type { InAppMessageRecord } from '../../../app/inapp.port.js';
import { AppError } from '../../../app/errors.js';
import { ContactToken, ContactTokenInput, IdParams, InAppMessage, InAppMessageList, InAppQuery } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { HEARTBEAT_MS, openEventStream } from '../event-stream.js';
import { principalOf } from './auth.route.js';

/** The embeddable script, read once: plain JavaScript, no build step. */
const WIDGET = fs.readFileSync(new URL('../inapp-widget.js', import.meta.url));

const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  // The widget is loaded by the shop's page (another origin): helmet's same-origin default would block it.
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': 'no-store',
} as const;

/** Open streams one contact may hold on this process (tabs, devices): a leaked token cannot hold thousands of connections open. */
const MAX_STREAMS_PER_CONTACT = 10;
/** The token is the credential (in the query): the API-wide bearer/session schemes do not apply. */
const NO_SECURITY: readonly Record<string, string[]>[] = [];

const json = (m: InAppMessageRecord) => ({ id: m.id, body: m.body, status: m.status, sentAt: m.sentAt.toISOString(), readAt: m.readAt?.toISOString() ?? null });

function crossOrigin(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN)) reply.header(name, value);
}

export async function inAppRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const openStreams = new Map<string, number>();

  r.post('/api/v1/contacts/:id/token', {
    config: { permission: 'contacts:write' },
    schema: {
      tags: ['contacts'],
      summary: "A signed token for the shop's page to act as this contact: its in-app inbox (/inapp/stream, /inapp/messages) and web push",
      // A POST without a body arrives as null: the default lifetime.
      params: IdParams, body: ContactTokenInput.nullish(), response: { 201: ContactToken },
    },
  }, async (request, reply) => {
    const issued = await issueContactToken(deps, principalOf(request), request.params.id, request.body?.ttlSeconds);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ token: issued.token, expiresAt: issued.expiresAt.toISOString() });
  });

  // Everything below answers across origins, errors included (the widget reads a 401 to know its token expired).
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/inapp/')) crossOrigin(reply);
  });

  // The preflight of a cross-origin EventSource that resumes with Last-Event-ID, or of a POST.
  app.options('/inapp/*', { schema: { hide: true } }, async (_request, reply) => reply
    .header('access-control-allow-methods', 'GET, POST')
    .header('access-control-allow-headers', 'Last-Event-ID')
    .header('access-control-max-age', '600')
    .code(204).send());

  app.get('/inapp/widget.js', { schema: { hide: true } }, async (_request, reply) => reply
    .header('cache-control', 'public, max-age=300')
    .type('text/javascript; charset=utf-8').send(WIDGET));

  r.get('/inapp/messages', {
    schema: { tags: ['in-app'], summary: "The contact's latest in-app messages, newest first (token from POST /api/v1/contacts/:id/token)", querystring: InAppQuery, response: { 200: InAppMessageList }, security: [...NO_SECURITY] },
  }, async (request) => {
    const who = await authenticateContact(deps, request.query.token);
    const items = await listInbox(deps, who, request.query.limit);
    return { items: items.map(json), unread: items.filter((m) => m.status !== 'read').length };
  });

  r.post('/inapp/messages/:id/read', {
    schema: { tags: ['in-app'], summary: 'The contact opened the message: it becomes read in the message log', params: IdParams, querystring: InAppQuery, response: { 200: InAppMessage }, security: [...NO_SECURITY] },
  }, async (request) => {
    const who = await authenticateContact(deps, request.query.token);
    return json(await markRead(deps, who, request.params.id));
  });

  // Server-sent events: `event: message` per message (id = message id, for Last-Event-ID), first
  // the unread ones (or, on reconnect, what came after the last one received), then new ones live.
  r.get('/inapp/stream', {
    schema: { tags: ['in-app'], summary: "The contact's in-app messages, live (text/event-stream)", querystring: InAppQuery, security: [...NO_SECURITY] },
  }, async (request, reply) => {
    const who = await authenticateContact(deps, request.query.token);
    const streamKey = `${who.workspaceId}:${who.contactId}`;
    const count = openStreams.get(streamKey) ?? 0;
    if (count >= MAX_STREAMS_PER_CONTACT) throw new AppError('inapp.too_many_streams', `At most ${MAX_STREAMS_PER_CONTACT} open streams per contact`, [], 30);
    openStreams.set(streamKey, count + 1);
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const left = (openStreams.get(streamKey) ?? 1) - 1;
      if (left <= 0) openStreams.delete(streamKey);
      else openStreams.set(streamKey, left);
    };
    const header = request.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' ? header : undefined) ?? request.query.lastEventId;
    const sent = new Set<string>();
    let open = true;
    let pending: InAppMessageRecord[] | null = [];
    let live: (m: InAppMessageRecord) => boolean = () => true;
    const write = (messages: readonly InAppMessageRecord[]) => {
      const fresh = messages.filter((m) => !sent.has(m.id));
      if (!open || fresh.length === 0) return;
      for (const m of fresh) {
        sent.add(m.id);
        res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(json(m))}\n\n`);
      }
      // Written to the connection: the page has it. A status the machine does not allow is left alone.
      markDelivered(deps, who, fresh).catch((err: unknown) => deps.log.warn({ err }, 'in-app delivered status not recorded'));
    };
    // Subscribed before the backlog is read, so nothing that arrives in between is lost; the set drops repeats.
    const unsubscribe = deps.inappFeed.subscribe(who.workspaceId, who.contactId, (messages) => {
      if (pending) pending.push(...messages);
      else write(messages.filter(live));
    });
    let heartbeat: NodeJS.Timeout | undefined;
    // The response's close, not the request's: a GET's request is complete (and closes) at once.
    reply.raw.on('close', () => {
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      uncount();
    });
    let backlog: Awaited<ReturnType<typeof streamBacklog>>;
    try {
      backlog = await streamBacklog(deps, who, lastEventId);
    } catch (err) {
      unsubscribe();
      uncount();
      throw err;
    }
    // Live reads look back a few seconds: on reconnect, what the page had before is not sent again;
    // on a fresh start, a message already read (in another tab) is not news.
    const from = backlog.resumedFrom;
    live = (m) => (from ? compareInbox(m, from) > 0 : m.status !== 'read');
    const res = openEventStream(reply, CROSS_ORIGIN);
    res.write('retry: 3000\n\n');
    const missed = pending;
    pending = null;
    write(backlog.items);
    write(missed.filter(live));
    if (open) heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  });
}
