/** Server-sent events: the one way a route takes over its response to stream changes. */
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/** A comment line this often keeps an idle stream from being closed by proxies and load balancers. */
export const HEARTBEAT_MS = 15_000;

/**
 * Takes the reply out of Fastify's hands and answers 200 `text/event-stream`. No caching or
 * transforming on the way, and `X-Accel-Buffering: no` so a reverse proxy (nginx) passes each
 * event on at once instead of holding it in its buffer.
 */
export function openEventStream(reply: FastifyReply, extraHeaders: Readonly<Record<string, string>> = {}): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...extraHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'connection': 'keep-alive',
    'x-accel-buffering': 'no',
  });
  return res;
}
