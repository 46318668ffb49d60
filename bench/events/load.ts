/**
 * The load: autocannon POSTs order.created events on a few keep-alive connections for a fixed
 * time. Every request is built just before it is sent, with its own event id, contact and phone,
 * so no request is an idempotent repeat; every 202 body is read to collect the message ids Sapa
 * promised, which the run then looks for in the store.
 */
import autocannon from 'autocannon';
import type { BenchWorkspace } from './sapa-api.js';

export interface LoadResult {
  connections: number;
  /** Requests per second offered (autocannon's overallRate, or paced.ts's steady rate), or null for as fast as answered. */
  overallRate: number | null;
  /** How an offered rate arrives: autocannon's bursts at the top of each second, or evenly spaced (paced.ts). */
  pacing?: 'bursts' | 'even';
  /** Seconds autocannon ran. */
  durationS: number;
  /** Requests built and handed to a connection (a request in flight at stop time is never answered). */
  issued: number;
  /** 202 responses that created their event. */
  accepted: number;
  /** 2xx responses that reported a repeat (created: false) — a sign a request was sent twice. */
  repeats: number;
  /** 2xx responses whose event produced no queued message. */
  withoutMessage: number;
  non2xx: number;
  status5xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  /** Message ids from the 202 bodies. */
  messageIds: string[];
  /** A few non-2xx bodies, to say why. */
  failures: string[];
}

let sequence = 0;

/** The next benchmark event of this process (ids never repeat within a run). */
export const nextBenchEvent = () => benchEvent(sequence++);

/** The i-th benchmark event: unique id, contact, phone and order number. */
export function benchEvent(i: number): Record<string, unknown> {
  return {
    id: `bench-evt-${i}`,
    type: 'order.created',
    occurredAt: new Date().toISOString(),
    contact: { externalId: `BENCH-C-${i}`, name: `Pelanggan ${i}`, phone: `0812${String(i).padStart(8, '0')}` },
    order: {
      number: `SO-BENCH-${i}`,
      items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }, { name: 'Gula Aren', quantity: 1, price: 25000 }],
      total: 125000,
      currency: 'IDR',
    },
    user: { name: 'Sari' },
  };
}

/**
 * Drives POST /api/v1/events with `connections` connections for `durationS` seconds; with
 * `overallRate`, at most that many requests per second in all (latencies corrected for
 * coordinated omission, autocannon's default).
 */
export async function driveEvents(url: string, ws: BenchWorkspace, connections: number, durationS: number, overallRate?: number): Promise<LoadResult> {
  const messageIds: string[] = [];
  const failures: string[] = [];
  let issued = 0;
  let accepted = 0;
  let repeats = 0;
  let withoutMessage = 0;
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    ...(overallRate ? { overallRate } : {}),
    requests: [{
      method: 'POST',
      path: '/api/v1/events',
      headers: { 'content-type': 'application/json', authorization: ws.authorization },
      setupRequest: (request) => {
        issued += 1;
        return { ...request, body: JSON.stringify(nextBenchEvent()) };
      },
      onResponse: (status, body) => {
        if (status < 200 || status >= 300) {
          if (failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
          return;
        }
        const out = JSON.parse(body) as { created: boolean; messages: { id: string; status: string }[] };
        if (!out.created) repeats += 1;
        else accepted += 1;
        const queued = out.messages.filter((m) => m.status === 'queued');
        if (queued.length === 0) withoutMessage += 1;
        for (const m of out.messages) messageIds.push(m.id);
      },
    }],
  });
  return {
    connections,
    overallRate: overallRate ?? null,
    ...(overallRate ? { pacing: 'bursts' as const } : {}),
    durationS: result.duration,
    issued,
    accepted,
    repeats,
    withoutMessage,
    non2xx: result.non2xx,
    status5xx: result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    messageIds,
    failures,
  };
}
