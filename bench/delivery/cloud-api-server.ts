/**
 * A zero-latency WhatsApp Cloud API for `bench:delivery`, run as its own process (started by
 * cloud-api.ts over IPC) so that it never competes with the benchmark's own event loop.
 *
 * `POST /{version}/{phone-number-id}/messages` with the right bearer token is answered at once
 * with the Cloud API's success shape. Every accepted request is counted by its message id
 * (`biz_opaque_callback_data`, which Sapa sets to its message id) and its arrival time is kept,
 * for the exactly-once check and the 1-second windows. Anything else is answered 400/401 in
 * Meta's error format and counted as bad. It exits when its parent goes away.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const PHONE_NUMBER_ID = process.env.BENCH_WA_PHONE_NUMBER_ID ?? '';
const ACCESS_TOKEN = process.env.BENCH_WA_ACCESS_TOKEN ?? '';

/** Parent → server. */
export type ServerCommand = { seq: number; kind: 'reset' | 'progress' | 'report' };

export interface Progress {
  /** Accepted sends since the last reset. */
  requests: number;
  /** Requests refused (wrong path, token or body). */
  bad: number;
  /** Arrival of the first / latest accepted send, ms since epoch. */
  firstAt: number | null;
  lastAt: number | null;
}

export interface Report extends Progress {
  /** [message id, times seen] for every id seen since the last reset. */
  perId: [string, number][];
  /** Most accepted sends in any 1-second window [t, t + 1 s), t anywhere (sliding). */
  maxSliding1s: number;
  /** Most accepted sends in one wall-clock second (fixed windows). */
  maxFixed1s: number;
  /** A few bad requests, to say why. */
  badSamples: string[];
}

/** Server → parent. */
export type ServerReply =
  | { seq: -1; kind: 'ready'; port: number }
  | { seq: number; kind: 'progress'; progress: Progress }
  | { seq: number; kind: 'report'; report: Report }
  | { seq: number; kind: 'reset' };

let arrivals: number[] = [];
let perId = new Map<string, number>();
let bad = 0;
let badSamples: string[] = [];
let wamids = 0;

const now = (): number => performance.timeOrigin + performance.now();

function metaError(res: ServerResponse, status: number, code: number, message: string, why: string): void {
  bad += 1;
  if (badSamples.length < 5) badSamples.push(why);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'OAuthException', code, fbtrace_id: 'Abench' } }));
}

function handle(req: IncomingMessage, res: ServerResponse, at: number, raw: string): void {
  const path = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !path) return metaError(res, 400, 100, 'Unknown path components', `${req.method} ${req.url}`);
  if (path[1] !== PHONE_NUMBER_ID) return metaError(res, 400, 100, 'Unsupported post request', `phone number id ${path[1]}`);
  if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return metaError(res, 401, 190, 'Invalid OAuth access token', 'bad token');
  let body: { messaging_product?: unknown; to?: unknown; biz_opaque_callback_data?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return metaError(res, 400, 100, '(#100) Invalid parameter', `not JSON: ${raw.slice(0, 100)}`);
  }
  const id = body.biz_opaque_callback_data;
  if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || typeof id !== 'string') {
    return metaError(res, 400, 100, '(#100) Invalid parameter', `body: ${raw.slice(0, 200)}`);
  }
  arrivals.push(at);
  perId.set(id, (perId.get(id) ?? 0) + 1);
  wamids += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    messaging_product: 'whatsapp',
    contacts: [{ input: body.to, wa_id: body.to }],
    messages: [{ id: `wamid.bench${wamids.toString(36)}` }],
  }));
}

function progress(): Progress {
  return { requests: arrivals.length, bad, firstAt: arrivals[0] ?? null, lastAt: arrivals.at(-1) ?? null };
}

function report(): Report {
  const times = [...arrivals].sort((a, b) => a - b);
  let maxSliding1s = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1000) lo++;
    maxSliding1s = Math.max(maxSliding1s, hi - lo + 1);
  }
  const perSecond = new Map<number, number>();
  for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  return { ...progress(), perId: [...perId], maxSliding1s, maxFixed1s: Math.max(0, ...perSecond.values()), badSamples };
}

const server = createServer((req, res) => {
  const at = now();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => handle(req, res, at, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 30_000;

const send = (reply: ServerReply): void => {
  process.send?.(reply);
};

process.on('message', (m: ServerCommand) => {
  switch (m.kind) {
    case 'reset':
      arrivals = [];
      perId = new Map();
      bad = 0;
      badSamples = [];
      return send({ seq: m.seq, kind: 'reset' });
    case 'progress':
      return send({ seq: m.seq, kind: 'progress', progress: progress() });
    case 'report':
      return send({ seq: m.seq, kind: 'report', report: report() });
  }
});
// Dies with the benchmark: no server is left behind whatever happens to it.
process.on('disconnect', () => process.exit(0));

if (process.send) {
  server.listen(0, '127.0.0.1', () => send({ seq: -1, kind: 'ready', port: (server.address() as AddressInfo).port }));
}
