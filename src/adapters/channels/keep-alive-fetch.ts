/**
 * The HTTP client of the provider channels: node:http(s) with a keep-alive agent behind the small
 * part of fetch's interface they use. Measured against the zero-latency Cloud API server of
 * bench/delivery: Node's fetch (undici) spent 0.78–0.89 ms of CPU per request, node:http 0.22–0.25
 * ms — the HTTP client was most of a worker's cost per message.
 */
import http from 'node:http';
import https from 'node:https';

/** What a channel needs from an HTTP client: one POST with a deadline. Node's global fetch satisfies it. */
export type HttpFetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<Response>;

/** Statuses whose responses carry no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/** A keep-alive client; `maxSockets` bounds the connections per provider host. */
export function createKeepAliveFetch(options: { maxSockets?: number } = {}): HttpFetch {
  const maxSockets = options.maxSockets ?? 256;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return (url, init) => new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: init.method,
      headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
      agent,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        init.signal.removeEventListener('abort', abort);
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = response.statusCode ?? 0;
        resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers }));
      });
    });
    // The deadline covers the whole exchange, the answer's body included (a server may stall mid-body).
    function abort() {
      request.destroy(init.signal.reason instanceof Error ? init.signal.reason : new Error('aborted'));
    }
    function fail(error: Error) {
      init.signal.removeEventListener('abort', abort);
      reject(error);
    }
    if (init.signal.aborted) return abort();
    init.signal.addEventListener('abort', abort, { once: true });
    request.on('error', fail);
    request.end(init.body);
  });
}
