/**
 * The API's OpenAPI document, built from the same Fastify app and zod contracts that serve
 * /api/openapi.json, without a store, a worker or a listening socket.
 *
 * Building the app only registers routes: handlers close over their dependencies and use them per
 * request. So every service dependency is an inert stand-in that throws when called: if a route
 * ever starts doing I/O while it is registered, generating the client fails loudly here instead
 * of silently describing a different app.
 */
import { buildApp } from '../../src/adapters/http/app.js';
import type { HttpDeps } from '../../src/adapters/http/context.js';

/** Plain settings that shape the app itself; left at their defaults, as a fresh server has them. */
const SETTINGS: Partial<Record<keyof HttpDeps, unknown>> = {
  bodyLimit: undefined,
  trustProxy: undefined,
  publicUrl: undefined,
  webDist: undefined,
  secureCookies: false,
  loginThrottle: undefined,
  contactTokenKey: null,
  links: null,
};

function inert(name: string): unknown {
  return new Proxy(function unused() {}, {
    // Not thenable: an `await` on a stand-in must not look like a promise.
    get: (_target, key) => (key === 'then' ? undefined : inert(`${name}.${String(key)}`)),
    apply: () => {
      throw new Error(`${name}() was called while the OpenAPI document was built: routes must use their dependencies per request only`);
    },
  });
}

function offlineDeps(): HttpDeps {
  const settings: Record<string | symbol, unknown> = SETTINGS;
  return new Proxy(settings, {
    get: (target, key) => (key in target ? target[key] : inert(`deps.${String(key)}`)),
  }) as unknown as HttpDeps;
}

/** The OpenAPI document exactly as GET /api/openapi.json answers it. */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildApp(offlineDeps());
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
