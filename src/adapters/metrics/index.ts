/** The metrics adapter: the Metrics port on prom-client and the scrape-time gauges. */
export { createPromMetrics, type DueQueueStats, type MetricsText, type PoolStats, type PromMetrics, type PromMetricsSources } from './prom-metrics.js';
