/**
 * buildApp(deps): the Fastify server for the API, webhooks, OpenAPI docs and the web app.
 * It gets everything through HttpDeps and imports no other adapter.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAccessControl } from './access.js';
import { SESSION_COOKIE, type HttpDeps } from './context.js';
import { errorHandler, notFoundProblem, PROBLEM_SCHEMA } from './errors.js';
import { logRequests, requestIdOf } from './request-log.js';
import { securityHeaders, setFrameworkErrorHeaders } from './security-headers.js';
import { authRoutes } from './routes/auth.route.js';
import { automationRoutes } from './routes/automations.route.js';
import { channelRoutes } from './routes/channels.route.js';
import { contactBulkRoutes } from './routes/contact-import.route.js';
import { contactRoutes } from './routes/contacts.route.js';
import { eventAndMessageRoutes } from './routes/events-messages.route.js';
import { opsRoutes } from './routes/ops.route.js';
import { settingsRoutes } from './routes/settings.route.js';
import { reportRoutes } from './routes/reports.route.js';
import { journeyRoutes } from './routes/journeys.route.js';
import { insightRoutes } from './routes/insights.route.js';
import { rfmRoutes } from './routes/rfm.route.js';
import { webhookRoutes } from './routes/webhooks.route.js';
import { referralRoutes } from './routes/referrals.route.js';
import { segmentRoutes } from './routes/segments.route.js';
import { broadcastRoutes } from './routes/broadcasts.route.js';
import { autoReplyRoutes } from './routes/auto-replies.route.js';
import { conversationRoutes } from './routes/conversations.route.js';
import { teamRoutes } from './routes/team.route.js';
import { templateRoutes } from './routes/templates.route.js';
import { mediaRoutes } from './routes/media.route.js';
import { pushRoutes } from './routes/push.route.js';
import { whatsappWebhook } from './webhooks/whatsapp.webhook.js';
import { inAppRoutes } from './routes/inapp.route.js';
import { emailBounceWebhook } from './webhooks/email-bounce.webhook.js';
import { unsubscribeRoutes } from './routes/unsubscribe.route.js';
import { trackingRoutes } from './routes/tracking.route.js';
import { smsWebhook } from './webhooks/sms.webhook.js';
import { shopWebhook } from './webhooks/shop.webhook.js';
import { shopConnectionRoutes } from './routes/shop-connections.route.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Route needs no principal. */
    public?: boolean;
  }
}

export interface BuildAppOptions {
  /** pino logger options or false. */
  logger?: boolean | object;
}

/** Builds (does not start) the HTTP server. */
export async function buildApp(deps: HttpDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // X-Forwarded-For is believed only from the proxies SAPA_TRUST_PROXY names: otherwise any caller could choose its address.
    trustProxy: deps.trustProxy ?? false,
    // Fastify's two lines per request (incoming, completed) become one, written by logRequests.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
    // A path that is not valid percent-encoded UTF-8 (or an over-long parameter) is problem JSON too.
    frameworkErrors: (err, request, reply) => {
      setFrameworkErrorHeaders(reply);
      return errorHandler(err, request, reply);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  logRequests(app);
  await securityHeaders(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Sapa API', version: '1.0.0', description: 'CRM messaging: templates, automations, events, contacts, messages. Errors are RFC 9457 problem documents.' },
      components: {
        schemas: { Problem: PROBLEM_SCHEMA },
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key from POST /api/v1/api-keys' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Tags start folded: with 120 operations open at once the page stopped rendering part-way in Chromium.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'none' } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.decorateRequest('principal', null);
  app.decorateRequest('problemCode', null);
  registerAccessControl(app, deps);

  opsRoutes(app, deps);
  authRoutes(app, deps);
  teamRoutes(app, deps);
  templateRoutes(app, deps);
  automationRoutes(app, deps);
  contactRoutes(app, deps);
  segmentRoutes(app, deps);
  broadcastRoutes(app, deps);
  conversationRoutes(app, deps);
  autoReplyRoutes(app, deps);
  await app.register(async (scope) => contactBulkRoutes(scope, deps));
  await app.register(async (scope) => mediaRoutes(scope, deps));
  eventAndMessageRoutes(app, deps);
  channelRoutes(app, deps);
  pushRoutes(app, deps);
  settingsRoutes(app, deps);
  reportRoutes(app, deps);
  journeyRoutes(app, deps);
  insightRoutes(app, deps);
  rfmRoutes(app, deps);
  webhookRoutes(app, deps);
  referralRoutes(app, deps);
  shopConnectionRoutes(app, deps);
  await app.register(async (scope) => whatsappWebhook(scope, deps));
  await app.register(async (scope) => inAppRoutes(scope, deps));
  await app.register(async (scope) => unsubscribeRoutes(scope, deps));
  emailBounceWebhook(app, deps);
  trackingRoutes(app, deps);
  await app.register(async (scope) => smsWebhook(scope, deps));
  await app.register(async (scope) => shopWebhook(scope, deps));

  const index = deps.webDist ? path.join(deps.webDist, 'index.html') : null;
  if (deps.webDist && index && fs.existsSync(index)) {
    await app.register(fastifyStatic, { root: deps.webDist, prefix: '/', wildcard: false, index: ['index.html'] });
    const html = fs.readFileSync(index);
    app.setNotFoundHandler((request, reply) => {
      const p = request.url.split('?')[0] ?? '/';
      if (request.method !== 'GET' || p.startsWith('/api/') || p.startsWith('/webhooks/') || p.startsWith('/inapp/') || p.startsWith('/u/') || p.startsWith('/t/') || path.extname(p) !== '') return notFoundProblem(request, reply);
      return reply.type('text/html; charset=utf-8').send(html);
    });
  } else {
    app.setNotFoundHandler(notFoundProblem);
  }
  return app;
}
