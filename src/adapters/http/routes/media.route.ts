/**
 * Uploads: POST /api/v1/media takes the file itself as the body (its Content-Type, and
 * ?filename=), not multipart; GET /media/<token> serves it to whoever holds the token (Meta
 * fetches a message's file there, without a session). The token is the credential: 256 random
 * bits, unrelated to the file's id.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, found } from '../../../app/errors.js';
import { uploadMedia } from '../../../app/media.js';
import { MEDIA_MAX_BYTES } from '../../../domain/media.js';
import { mediaPath } from '../../../domain/template-extras.js';
import type { MediaRecord } from '../../../app/records.js';
import { IdParams, Media, MediaUploadQuery } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function mediaJson(m: MediaRecord): Media {
  return { id: m.id, kind: m.kind, contentType: m.contentType, filename: m.filename, size: m.size, sha256: m.sha256, url: mediaPath(m.token), createdAt: m.createdAt.toISOString() };
}

export async function mediaRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  // Any declared type is read as bytes: what the file is, is decided from the bytes.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MEDIA_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    // Refused before reading a byte of it: an announced body larger than any file WhatsApp takes.
    if (request.method === 'POST' && Number(request.headers['content-length'] ?? 0) > MEDIA_MAX_BYTES) {
      reply.header('connection', 'close');
      throw new AppError('media.too_large', `WhatsApp accepts files up to ${MEDIA_MAX_BYTES / 1024 / 1024} MB (images up to 5 MB)`);
    }
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/media', {
    // Whoever may send a message may attach a file to it; templates' headers need templates:write on save.
    config: { permission: 'messages:send' },
    schema: {
      tags: ['media'],
      summary: 'Upload an image (JPEG/PNG, 5 MB) or a PDF (100 MB) to send on WhatsApp',
      description: 'The body is the file itself, with its Content-Type; ?filename= names it. The type is judged from the bytes.',
      querystring: MediaUploadQuery,
      response: { 201: Media },
    },
  }, async (request, reply) => {
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const media = await uploadMedia(deps, principalOf(request), { bytes, declaredType: request.headers['content-type'] ?? null, filename: request.query.filename ?? null });
    return reply.code(201).send(mediaJson(media));
  });

  r.get('/api/v1/media/:id', { config: { permission: 'messages:read' }, schema: { tags: ['media'], params: IdParams, response: { 200: Media } } }, async (request) => {
    const p = principalOf(request);
    return mediaJson(found(await deps.store.media.get(p.workspaceId, request.params.id), 'Media'));
  });

  r.get('/media/:token', { schema: { hide: true, params: z.object({ token: z.string().max(100) }) } }, async (request, reply) => {
    const file = TOKEN.test(request.params.token) ? await deps.store.media.byToken(request.params.token) : null;
    if (!file) throw new AppError('not_found', 'No such file');
    const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    return reply
      .type(file.contentType)
      .header('content-length', String(bytes.length))
      // A file never changes (a new upload is a new token), so it may be kept for good.
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${file.sha256}"`)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });
}
