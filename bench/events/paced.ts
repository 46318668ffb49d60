/**
 * An open-loop load at a steady rate: request i is due at start + i/rate seconds, whatever became
 * of the ones before it, and its latency runs from when it was due (not from when a free
 * connection let it go), so a slow answer is never hidden by the requests it held back.
 *
 * Why not autocannon's overallRate: autocannon limits each connection to rate/connections requests
 * per second by counting and resetting every second, and the connections' timers start together —
 * so "300/s on 100 connections" arrives as a burst of 300 requests at the top of every second and
 * then nothing. Its p99 is then the time to work off a 300-deep queue, not the latency at 300/s.
 * Both are printed: the bursts are a fair picture of a POS that syncs in batches.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { nextBenchEvent, type LoadResult } from './load.js';
import type { BenchWorkspace } from './sapa-api.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** `rate` requests per second, evenly spaced, for `durationS` seconds, over at most `connections` keep-alive sockets. */
export async function drivePaced(url: string, ws: BenchWorkspace, rate: number, durationS: number, connections: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL('/api/v1/events', url);
  const total = Math.round(rate * durationS);
  const spacingMs = 1000 / rate;
  const latencies: number[] = [];
  const messageIds: string[] = [];
  const failures: string[] = [];
  const counts = { issued: 0, accepted: 0, repeats: 0, withoutMessage: 0, non2xx: 0, status5xx: 0, errors: 0, timeouts: 0 };

  const send = (dueAt: number) => new Promise<void>((resolve) => {
    counts.issued += 1;
    const body = JSON.stringify(nextBenchEvent());
    const req = http.request(target, {
      method: 'POST', agent, timeout: REQUEST_TIMEOUT_MS,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: ws.authorization },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        latencies.push(performance.now() - dueAt);
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (status < 200 || status >= 300) {
          counts.non2xx += 1;
          if (status >= 500) counts.status5xx += 1;
          if (failures.length < 5) failures.push(`${status} ${text.slice(0, 300)}`);
        } else {
          const out = JSON.parse(text) as { created: boolean; messages: { id: string; status: string }[] };
          if (out.created) counts.accepted += 1;
          else counts.repeats += 1;
          if (!out.messages.some((m) => m.status === 'queued')) counts.withoutMessage += 1;
          for (const m of out.messages) messageIds.push(m.id);
        }
        resolve();
      });
      res.on('error', () => { counts.errors += 1; resolve(); });
    });
    req.on('timeout', () => { counts.timeouts += 1; req.destroy(new Error('timeout')); });
    req.on('error', () => { counts.errors += 1; resolve(); });
    req.end(body);
  });

  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * spacingMs <= now) inFlight.push(send(start + next++ * spacingMs));
      if (next >= total) return done();
      setTimeout(tick, Math.max(0, start + next * spacingMs - performance.now()));
    };
    tick();
  });
  const loadS = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!);
  return {
    connections, overallRate: rate, pacing: 'even', durationS: loadS, ...counts,
    p50Ms: Math.round(pct(0.5) * 10) / 10, p99Ms: Math.round(pct(0.99) * 10) / 10,
    messageIds, failures,
  };
}
