/**
 * The Metrics port: what the use cases and the HTTP layer report as it happens (counters and
 * timings). Gauges that describe the store (queue depth, pool usage) are read by the metrics
 * adapter itself when scraped, so nothing here needs calling for them.
 *
 * Calls are synchronous and cheap (an in-memory increment): call them on the hot path, never
 * await them, and never let a metrics failure change an outcome. Label values are plain strings;
 * the adapter bounds how many distinct values it keeps, so a free-text reason cannot explode the
 * number of series.
 */
export interface Metrics {
  /** `count` events were accepted (answered 202), repeats of a known event id included. */
  eventAccepted(count: number): void;
  /** An event request was refused, by its problem code (`validation`, `event.invalid`, `auth.required`, …). */
  eventRefused(code: string): void;
  /**
   * A message reached `status` on `channel` (e.g. 'whatsapp', 'sent'; 'failed' or 'skipped' with
   * the message's failure reason, null otherwise). Call once per transition the engine makes.
   */
  messageOutcome(channel: string, status: string, reason: string | null): void;
  /** One provider send on `channel` took `seconds` (request out to answer in, retries excluded). */
  sendLatency(channel: string, seconds: number): void;
  /** A send for `sender` (e.g. a WhatsApp phone number id) waited `seconds` for its rate limit. */
  rateLimitWait(sender: string, seconds: number): void;
}

/** Metrics that go nowhere: for tests and tools that build deps by hand. */
export const noopMetrics: Metrics = {
  eventAccepted: () => undefined,
  eventRefused: () => undefined,
  messageOutcome: () => undefined,
  sendLatency: () => undefined,
  rateLimitWait: () => undefined,
};
