/**
 * The HTTP client of the provider channels: node:http(s) with a keep-alive agent, answering with
 * the little a channel reads (status, a header, the body as text). Measured against the
 * zero-latency Cloud API server of bench/delivery: Node's fetch (undici) spent 0.78–0.89 ms of CPU
 * per request, node:http behind a fetch-shaped wrapper 0.22–0.25 ms, of which building a WHATWG
 * Response, Headers and an AbortSignal per request was a further ~15 % of the worker's CPU.
 */
import http from 'node:http';
import https from 'node:https';

/** A provider's answer, read whole. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  /** A response header (case-insensitive), or null. */
  header(name: string): string | null;
  body: string;
}

/**
 * What a channel needs from an HTTP client: one request (a POST unless `method` says GET) whose
 * deadline covers the whole exchange, the answer's body included.
 */
export type HttpPost = (url: string, request: { method?: 'GET' | 'POST'; headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<HttpAnswer>;

/** Raised when the deadline passes; nothing is known about whether the provider acted on the request. */
export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** A keep-alive client; `maxSockets` bounds the connections per provider host. */
export function createKeepAliveHttp(options: { maxSockets?: number } = {}): HttpPost {
  const maxSockets = options.maxSockets ?? 256;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
  // A channel posts to one URL over and over: parse each once.
  const targets = new Map<string, { secure: boolean; options: http.RequestOptions }>();
  const targetOf = (url: string, method: 'GET' | 'POST') => {
    const key = `${method} ${url}`;
    let target = targets.get(key);
    if (!target) {
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      target = { secure, options: { protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || undefined, path: `${u.pathname}${u.search}`, method, agent: secure ? agents.https : agents.http } };
      if (targets.size > 1000) targets.clear();
      targets.set(key, target);
    }
    return target;
  };

  return (url, init) => new Promise<HttpAnswer>((resolve, reject) => {
    const method = init.method ?? 'POST';
    const target = targetOf(url, method);
    let settled = false;
    const request = (target.secure ? https : http).request({ ...target.options, headers: method === 'GET' ? init.headers : { ...init.headers, 'content-length': Buffer.byteLength(init.body) } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('error', fail);
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const headers = response.headers;
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          header(name) {
            const value = headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          body,
        });
      });
    });
    const timer = setTimeout(() => request.destroy(new HttpTimeoutError(`no answer within ${init.timeoutMs} ms`)), init.timeoutMs);
    function fail(error: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end(method === 'GET' ? undefined : init.body);
  });
}
