/**
 * buildOpsApp(deps): the HTTP server of a `sapa worker` process — /healthz, /readyz and /metrics
 * only, so Prometheus can scrape what the worker counts (sends, failures, rate-limit waits) and an
 * orchestrator can probe it. No API, no credentials: bind it where only monitoring reaches.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { HttpDeps } from './context.js';
import { errorHandler, notFoundProblem } from './errors.js';
import { opsRoutes } from './routes/ops.route.js';
import { securityHeaders } from './security-headers.js';

export async function buildOpsApp(deps: Pick<HttpDeps, 'readiness' | 'metricsText'>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundProblem);
  await securityHeaders(app);
  opsRoutes(app, deps);
  return app;
}
