/**
 * Request ids and the one log line per request.
 *
 * - Every request has an id (`request.id`, logged as `requestId` on each line the request
 *   writes): the caller's `x-request-id` when it is a sane token, so a POS or proxy can follow
 *   its own id through Sapa, else a new random one. Echoed in the `x-request-id` response header.
 * - One line per request, written when the response is done: method, path, status, duration.
 *   Never the query string (webhook verify tokens travel there), bodies, cookies or headers.
 *   Probe and scrape endpoints log at debug, so orchestrators polling them do not flood `info`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What an incoming id may look like: it goes into logs and a response header verbatim. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The caller's x-request-id if sane, else a fresh UUID (Fastify's genReqId). */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id and writes the request's one log line. */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    // set before any handler runs, so errors and 404s carry it too
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    // A file's URL is its only credential (Meta fetches it without a session): never written to logs.
    const shown = path.startsWith('/media/') ? '/media/…' : path;
    const line = { method: request.method, url: shown, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (QUIET_PATHS.has(path)) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });
}
