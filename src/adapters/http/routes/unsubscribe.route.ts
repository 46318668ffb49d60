/**
 * One-click unsubscribe (RFC 8058) at `/u/<token>`, the link every marketing email carries.
 *
 * - POST with the body `List-Unsubscribe=One-Click` (form-encoded, as mail providers send it, or
 *   from the page's button) opts the contact out and answers 200: no login, no cookie set, no
 *   redirect. Any other body is refused (400): only the exact request RFC 8058 describes acts.
 * - GET only shows a page with a button that makes that POST: link scanners and mail previews fetch
 *   links with GET, and must never unsubscribe anyone.
 * - A token that is not ours answers 404 with a page, never 5xx.
 * Pages are plain HTML with no script, within the app's Content-Security-Policy.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkUnsubscribeToken, unsubscribe } from '../../../app/email-feedback.js';
import type { HttpDeps } from '../context.js';

const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
/** A token is a few dozen characters; anything far longer is not one (and is not read). */
const MAX_TOKEN = 256;

export async function unsubscribeRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  // The body is a few bytes of form data; it is compared as text, whatever the declared type.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));
  const links = { links: deps.links ?? null };

  app.get<{ Params: { token: string } }>('/u/:token', { schema: { hide: true } }, async (request, reply) => {
    const token = request.params.token;
    if (token.length > MAX_TOKEN || !checkUnsubscribeToken(links, token)) return page(reply, 404, INVALID);
    return page(reply, 200, confirmation(token));
  });

  app.post<{ Params: { token: string } }>('/u/:token', { schema: { hide: true } }, async (request, reply) => {
    const token = request.params.token;
    if (token.length > MAX_TOKEN) return page(reply, 404, INVALID);
    if (!isOneClick(request.body)) return page(reply, 400, WRONG_BODY);
    const result = await unsubscribe({ ...deps, ...links }, token);
    return result === 'done' ? page(reply, 200, DONE) : page(reply, 404, INVALID);
  });
}

/** `List-Unsubscribe=One-Click` form-encoded (RFC 8058 §3.1), also as the only field of multipart/form-data. */
function isOneClick(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  const trimmed = body.trim();
  if (trimmed === ONE_CLICK_BODY) return true;
  // multipart/form-data: a single part named List-Unsubscribe whose value is One-Click.
  return /name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/.test(body);
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}'
  + 'button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#0b7a5a;color:#fff;cursor:pointer}'
  + '.en{color:#666;font-size:.9rem}';

function html(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The token is base64url and a dot (checked), so it is safe inside an attribute. */
function confirmation(token: string): string {
  return html('Berhenti berlangganan', `<h1>Berhenti berlangganan email?</h1>`
    + `<p>Anda tidak akan menerima email promosi dari kami lagi. Email tentang pesanan Anda tetap dikirim.</p>`
    + `<p class="en">Unsubscribe from our marketing emails? Order updates still arrive.</p>`
    + `<form method="post" action="/u/${token}"><input type="hidden" name="List-Unsubscribe" value="One-Click">`
    + `<button type="submit">Berhenti berlangganan / Unsubscribe</button></form>`);
}

const DONE = html('Berhasil berhenti berlangganan', '<h1>Anda sudah berhenti berlangganan.</h1><p>Anda tidak akan menerima email promosi dari kami lagi.</p>'
  + '<p class="en">You have been unsubscribed.</p>');
const INVALID = html('Tautan tidak valid', '<h1>Tautan tidak valid</h1><p>Tautan berhenti berlangganan ini tidak dikenali.</p><p class="en">This unsubscribe link is not valid.</p>');
const WRONG_BODY = html('Permintaan tidak valid', '<h1>Permintaan tidak valid</h1><p>Gunakan tombol di halaman berhenti berlangganan.</p>'
  + '<p class="en">Use the button on the unsubscribe page.</p>');

function page(reply: FastifyReply, status: number, body: string): FastifyReply {
  // Nobody's unsubscribe page belongs in a shared cache.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
