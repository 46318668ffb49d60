/**
 * Browser-facing headers on every response — web app pages, assets, API answers, errors, 404s —
 * through @fastify/helmet's onRequest hook.
 *
 * The Content-Security-Policy fits what is served: the Vite build loads only its own module
 * scripts and styles from /assets, the API docs page only its own files. Scripts are same-origin
 * only (no inline, no eval). Styles allow 'unsafe-inline' because Mantine writes its CSS variables
 * into <style> elements and components set style attributes at run time; a style cannot run code.
 * No upgrade-insecure-requests: a shop that runs Sapa on http://192.168.x.x on its own network
 * would lose every asset.
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  workerSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // The same refusal for browsers that predate frame-ancestors.
    frameguard: { action: 'deny' },
    // Links out of Sapa (a customer's shop, Meta) learn nothing of which contact or message was open.
    referrerPolicy: { policy: 'no-referrer' },
    // Sapa is often reached over plain HTTP on a shop's own network: HSTS is for a proxy that terminates TLS.
    strictTransportSecurity: false,
  });
}

const POLICY_TEXT = Object.entries(CONTENT_SECURITY_POLICY)
  .flatMap(([name, values]) => (values ? [`${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`] : []))
  .join('; ');

/**
 * The same headers for the answers Fastify gives before any hook runs (a path that is not valid
 * UTF-8, one too long): helmet's onRequest hook never sees those requests.
 */
export function setFrameworkErrorHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', POLICY_TEXT)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}
