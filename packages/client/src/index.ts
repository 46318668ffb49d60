/**
 * @sapa/client: the Sapa API with its types, generated from the API's OpenAPI document
 * (openapi.gen.ts, by `npm run client:generate` in the Sapa repo) and called through openapi-fetch.
 *
 *   const sapa = createSapaClient({ baseUrl: 'https://sapa.toko.id', apiKey: process.env.SAPA_API_KEY! });
 *   const { messages } = await sapa.post('/api/v1/events', { body: { id: 'evt-1', type: 'order.created', contact: { phone: '0812…' } } });
 *
 * Each method resolves to the answer's body, typed by path and method, or throws a SapaProblem.
 */
import createClient, { type Client, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { paths } from './openapi.gen.js';
import { SapaProblem } from './problem.js';

export type { components, paths } from './openapi.gen.js';
export { isSapaProblem, SapaProblem, type Problem, type ProblemItem } from './problem.js';

export interface SapaClientOptions {
  /** Where Sapa answers, e.g. `https://sapa.toko.id` (without `/api`). */
  baseUrl: string;
  /**
   * An API key (Settings → API keys, or POST /api/v1/api-keys), sent as `Authorization: Bearer <key>`.
   * A key's scopes decide what it may do: `events:write` (the default) is all a POS needs.
   */
  apiKey: string;
  /** Another fetch (a proxy agent, a test double); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers for every request (e.g. a User-Agent naming your integration). */
  headers?: Record<string, string>;
}

// openapi-fetch's own rule for when the second argument may be left out (not exported by it).
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
type Operation<P extends keyof paths, M extends HttpMethod> = paths[P][M & keyof paths[P]] & Record<string | number, unknown>;
/** The body of a 2xx answer (undefined for 204). */
export type SuccessBody<P extends keyof paths, M extends HttpMethod, Init = object> = Extract<FetchResponse<Operation<P, M>, Init, 'application/json'>, { data: unknown }>['data'];

/** One HTTP method: path (checked against the API), then params/body; resolves to the typed 2xx body. */
export type SapaMethod<M extends HttpMethod> = <P extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[P], M>>(
  path: P,
  ...init: InitParam<Init>
) => Promise<SuccessBody<P, M, Init>>;

export interface SapaClient {
  get: SapaMethod<'get'>;
  post: SapaMethod<'post'>;
  put: SapaMethod<'put'>;
  patch: SapaMethod<'patch'>;
  delete: SapaMethod<'delete'>;
  /** openapi-fetch's client as is: answers `{ data, error, response }` instead of throwing. */
  raw: Client<paths, 'application/json'>;
}

/** A client bound to one Sapa and one API key. */
export function createSapaClient(options: SapaClientOptions): SapaClient {
  if (!options.apiKey) throw new TypeError('createSapaClient: apiKey is required (Authorization: Bearer <api key>)');
  const raw = createClient<paths, 'application/json'>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const method = <M extends HttpMethod>(name: M): SapaMethod<M> => {
    const call = async (path: string, init?: Record<string, unknown>) => {
      const request = raw.request as unknown as (m: string, p: string, i?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
      const { data, error, response } = await request(name, path, init);
      if (!response.ok) throw SapaProblem.of(response, error);
      return data;
    };
    return call as unknown as SapaMethod<M>;
  };
  return { get: method('get'), post: method('post'), put: method('put'), patch: method('patch'), delete: method('delete'), raw };
}
