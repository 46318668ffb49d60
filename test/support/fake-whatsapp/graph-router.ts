/**
 * One Graph API host in front of several fake Cloud API servers, as graph.facebook.com serves
 * every business number: a request for `/{version}/{phone-number-id}/messages` (or a WABA's or a
 * template's id) is passed to the fake server that has it, byte for byte, and its answer passed back. Sapa is configured with
 * this host as WHATSAPP_API_BASE; each fake server records only its own number's requests.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeWhatsApp } from './server.js';

export interface GraphRouter {
  baseUrl: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the router on 127.0.0.1; a number it does not know is answered as Meta does (400, code 100). */
export async function startGraphRouter(numbers: readonly FakeWhatsApp[]): Promise<GraphRouter> {
  // A phone number id, a WABA id or a template id: the server that has it answers.
  const serverOf = (id: string) => numbers.find((n) => n.owns(id))?.baseUrl;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const id = /^\/v\d+\.\d+\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const target = id === undefined ? undefined : serverOf(decodeURIComponent(id));
      if (!target) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Unsupported post request. Object with ID '${id}' does not exist`, type: 'GraphMethodException', code: 100, error_subcode: 33 } }));
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined && k !== 'host' && k !== 'content-length' && k !== 'connection') headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const answer = await fetch(target + (req.url ?? '/'), { method: req.method ?? 'POST', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) });
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
      });
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
