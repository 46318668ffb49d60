/**
 * Email tracking (a broadcast with trackEmail): `GET /t/o/<token>.gif` answers a 1×1 transparent GIF
 * and marks the message read; `GET /t/c/<token>` marks it clicked and redirects (302) to the URL
 * signed inside the token — no other target is possible, so this is no open redirect. A token that
 * is not ours: the GIF all the same (an image must not break a mail), or a 404 page for a link.
 */
import type { FastifyInstance } from 'fastify';
import { recordClick, recordOpen } from '../../../app/email-feedback.js';
import type { HttpDeps } from '../context.js';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const MAX_TOKEN = 4200;

export function trackingRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const feedback = { ...deps, links: deps.links ?? null };

  app.get<{ Params: { file: string } }>('/t/o/:file', { schema: { hide: true } }, async (request, reply) => {
    const file = request.params.file;
    if (file.length <= MAX_TOKEN && file.endsWith('.gif')) await recordOpen(feedback, file.slice(0, -4));
    return reply.header('cache-control', 'no-store, private').type('image/gif').send(GIF);
  });

  // A wildcard, not `:token`: the token carries the whole URL, and a parameter is cut at the
  // router's maxParamLength (100), so an ordinary product link with UTM tags answered 414.
  app.get<{ Params: { '*': string } }>('/t/c/*', { schema: { hide: true } }, async (request, reply) => {
    const token = request.params['*'];
    const url = token.length <= MAX_TOKEN ? await recordClick(feedback, token) : null;
    if (!url) {
      return reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8')
        .send('<!doctype html><html lang="id"><meta charset="utf-8"><title>Tautan tidak valid</title><h1>Tautan tidak valid</h1><p>This link is not valid.</p></html>');
    }
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });
}
