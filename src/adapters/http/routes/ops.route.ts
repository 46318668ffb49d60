/**
 * Endpoints for orchestrators and monitoring, outside /api/v1 (no credentials):
 * - GET /healthz: liveness. The process is up and serving; it touches nothing else, so a slow
 *   database never gets a healthy process restarted.
 * - GET /readyz: readiness. 200 only when every part this process needs answers ready within
 *   READY_TIMEOUT_MS; otherwise 503 naming the parts that are not.
 * - GET /metrics: the Prometheus exposition.
 */
import type { FastifyInstance } from 'fastify';
import type { HttpDeps, PartReadiness } from '../context.js';

/** A readiness check slower than this counts as not ready: a probe must answer in time itself. */
export const READY_TIMEOUT_MS = 2_000;

export function opsRoutes(app: FastifyInstance, deps: Pick<HttpDeps, 'readiness' | 'metricsText'>): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const parts = await Promise.all(Object.entries(deps.readiness).map(async ([name, check]) => {
      const answer = await withDeadline(check(), READY_TIMEOUT_MS).catch((err: unknown): PartReadiness => {
        // the reason goes to the log only: this endpoint is public and errors may name hosts
        request.log.warn({ err, part: name }, 'readiness check failed');
        return { ready: false, state: 'error' };
      });
      return [name, answer] as const;
    }));
    const notReady = parts.filter(([, p]) => !p.ready).map(([name]) => name);
    const body = {
      status: notReady.length === 0 ? 'ready' : 'not_ready',
      ...(notReady.length > 0 ? { notReady } : {}),
      ...Object.fromEntries(parts.map(([name, p]) => [name, p.state])),
    };
    return reply.code(notReady.length === 0 ? 200 : 503).header('cache-control', 'no-store').send(body);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await deps.metricsText();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}

function withDeadline(answer: Promise<PartReadiness>, ms: number): Promise<PartReadiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PartReadiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, state: `no answer within ${ms / 1000} s` }), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
