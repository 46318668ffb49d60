/**
 * The Metrics port on prom-client, plus the gauges read at scrape time (due queue, connection
 * pools) and Node's process metrics. One registry per instance, so several runtimes in one process
 * (tests) never collide on metric names.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../../app/metrics.port.js';
import { labelCap, reasonToken, token } from './labels.js';

/** Messages that are due and still waiting to be sent. */
export type DueQueueStats = {
  /** Messages with status `queued` whose scheduled time has come. */
  depth: number;
  /** Seconds since the oldest of them became due; null when there are none. */
  oldestAgeSeconds: number | null;
};

/** One connection pool's use at this instant; null where the driver cannot tell. */
export type PoolStats = { pool: string; total: number; idle: number | null; waiting: number | null };

export type PromMetricsSources = {
  /** Read once per scrape (the store's due-queue query). */
  dueQueue?: () => Promise<DueQueueStats>;
  /** Read once per scrape (in-memory counters of the pools). */
  pools?: () => PoolStats[];
  /**
   * Where a failed scrape-time read is reported. The scrape still answers: the queue gauges read
   * NaN (unknown, not an empty queue that would silence an alert), the pool gauges go missing.
   */
  onCollectError?: (source: string, err: unknown) => void;
};

/** The Prometheus exposition and its content type, for GET /metrics. */
export type MetricsText = { contentType: string; body: string };

export interface PromMetrics extends Metrics {
  /** Everything registered, in the Prometheus text format. */
  text(): Promise<MetricsText>;
}

// From a zero-latency local server (~1 ms) to a slow provider answer near its timeout.
const SEND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// Token-bucket waits: fractions of a second normally, minutes when a provider throttles.
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Builds the registry and returns the port implementation with its text exposition. */
export function createPromMetrics(sources: PromMetricsSources = {}): PromMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const scrapeErrors = new Counter({ name: 'sapa_metrics_collect_errors_total', help: 'Scrape-time reads that failed, by source', labelNames: ['source'], registers });
  const reportError = (source: string, err: unknown) => {
    scrapeErrors.inc({ source });
    sources.onCollectError?.(source, err);
  };
  const accepted = new Counter({ name: 'sapa_events_accepted_total', help: 'Events accepted (202), repeats of a known id included', registers });
  const refused = new Counter({ name: 'sapa_events_refused_total', help: 'Event requests refused, by problem code', labelNames: ['code'], registers });
  const messages = new Counter({ name: 'sapa_messages_total', help: 'Message status transitions made by Sapa, by channel, status and failure reason', labelNames: ['channel', 'status', 'reason'], registers });
  const sendSeconds = new Histogram({ name: 'sapa_send_duration_seconds', help: 'Provider send latency by channel', labelNames: ['channel'], buckets: SEND_BUCKETS, registers });
  const waits = new Counter({ name: 'sapa_rate_limit_waits_total', help: 'Sends that waited for their sender\'s rate limit', labelNames: ['sender'], registers });
  const waitSeconds = new Histogram({ name: 'sapa_rate_limit_wait_seconds', help: 'Time a send waited for its sender\'s rate limit', labelNames: ['sender'], buckets: WAIT_BUCKETS, registers });

  // The two queue gauges come from one query: a scrape collects every metric at once, so the
  // second gauge joins the read the first one started.
  let dueInFlight: Promise<DueQueueStats | null> | null = null;
  const readDue = (): Promise<DueQueueStats | null> => {
    if (!sources.dueQueue) return Promise.resolve(null);
    dueInFlight ??= sources.dueQueue()
      .catch((err: unknown) => {
        reportError('due_queue', err);
        return null;
      })
      .finally(() => { dueInFlight = null; });
    return dueInFlight;
  };
  const depth = new Gauge({
    name: 'sapa_queue_depth', help: 'Messages queued and due now (waiting for a worker)', registers,
    async collect() {
      const s = await readDue();
      depth.set(s ? s.depth : NaN);
    },
  });
  const oldest = new Gauge({
    name: 'sapa_queue_oldest_due_age_seconds', help: 'Seconds since the oldest queued message became due (0 when none)', registers,
    async collect() {
      const s = await readDue();
      oldest.set(s ? s.oldestAgeSeconds ?? 0 : NaN);
    },
  });

  const poolGauge = (name: string, help: string, pick: (p: PoolStats) => number | null) => {
    const gauge: Gauge<'pool'> = new Gauge({
      name, help, labelNames: ['pool'], registers,
      collect() {
        gauge.reset();
        let pools: PoolStats[] = [];
        try {
          pools = sources.pools?.() ?? [];
        } catch (err) {
          reportError('pools', err);
        }
        for (const p of pools) {
          const value = pick(p);
          if (value !== null) gauge.set({ pool: p.pool }, value);
        }
      },
    });
  };
  poolGauge('sapa_db_pool_connections', 'Open database connections per pool (PGlite: its one in-process connection)', (p) => p.total);
  poolGauge('sapa_db_pool_idle_connections', 'Open database connections not in use, per pool', (p) => p.idle);
  poolGauge('sapa_db_pool_waiting_requests', 'Queries waiting for a free connection, per pool', (p) => p.waiting);

  const channelLabel = labelCap();
  const statusLabel = labelCap();
  const reasonLabel = labelCap();
  const codeLabel = labelCap();
  const senderLabel = labelCap();
  return {
    eventAccepted(count) {
      if (count > 0) accepted.inc(count);
    },
    eventRefused(code) {
      refused.inc({ code: codeLabel(token(code)) });
    },
    messageOutcome(channel, status, reason) {
      messages.inc({ channel: channelLabel(token(channel)), status: statusLabel(token(status)), reason: reasonLabel(reasonToken(reason)) });
    },
    sendLatency(channel, seconds) {
      sendSeconds.observe({ channel: channelLabel(token(channel)) }, seconds);
    },
    rateLimitWait(sender, seconds) {
      const labels = { sender: senderLabel(token(sender)) };
      waits.inc(labels);
      waitSeconds.observe(labels, seconds);
    },
    async text() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
