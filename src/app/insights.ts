/**
 * RFM and customer value (issue 10 parts 1 and 5) as use cases: the full RFM run (on demand and
 * periodically), the incremental update after paid orders, the customer-value fit (BG/NBD +
 * Gamma-Gamma, domain/insights/clv.ts) with its predictions, and what the insights page reads.
 */
import {
  CLV_PERIOD_DAYS, RFM_SEGMENTS, fitBgNbd, fitGammaGamma, predictedValue, spendFrequencyCorrelation,
  type PurchaseSummary, type RfmSegment, type Score,
} from '../domain/insights/index.js';
import { requirePermission } from './auth.js';
import type { ClvModel, ContactInsight, RfmFilter, RfmContactRow, ValueDecile } from './insights.port.js';
import type { Deps, Principal, WorkLease } from './ports.js';

const DAY_MS = 86_400_000;
/** The fit reads at most this many customers (a random sample beyond): Nelder–Mead over more adds time, not accuracy. */
export const CLV_FIT_SAMPLE = 20_000;
const PREDICTION_PAGE = 5_000;

type InsightDeps = Pick<Deps, 'store' | 'clock'>;

/** The figures the models take, from a stored insight, as of now (weeks; mean spend over the repeat orders). */
export function purchaseSummaryOf(i: ContactInsight, now: Date): PurchaseSummary {
  const period = CLV_PERIOD_DAYS * DAY_MS;
  const x = i.orders - 1;
  return {
    x,
    tx: (i.lastOrderAt.getTime() - i.firstOrderAt.getTime()) / period,
    T: Math.max(0, now.getTime() - i.firstOrderAt.getTime()) / period,
    meanSpendIdr: x > 0 ? (i.revenueIdr - i.firstOrderTotalIdr) / x : null,
  };
}

/** Historical value as the API shows it. */
export function historicalOf(i: ContactInsight, now: Date) {
  return {
    revenue: i.revenueIdr,
    orders: i.orders,
    averageOrderValue: Math.round(i.revenueIdr / i.orders),
    tenureDays: Math.floor(Math.max(0, now.getTime() - i.firstOrderAt.getTime()) / DAY_MS),
    firstOrderAt: i.firstOrderAt.toISOString(),
    lastOrderAt: i.lastOrderAt.toISOString(),
  };
}

/** Full RFM run for one workspace. */
export function runRfm(deps: InsightDeps, workspaceId: string) {
  return deps.store.insights.runRfm(workspaceId, deps.clock.now());
}

/**
 * After orders of these contacts were stored (committed): their RFM against the stored cut points,
 * and their predicted value with the stored model. A workspace without cut points yet (its first
 * paid order) gets a full run instead, which is one customer's worth of work then.
 */
export async function updateAfterOrders(deps: InsightDeps, workspaceId: string, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  const now = deps.clock.now();
  const hadCuts = await deps.store.insights.updateContacts(workspaceId, contactIds, now);
  if (!hadCuts) await deps.store.insights.runRfm(workspaceId, now);
  const fitted = await deps.store.insights.clvModel(workspaceId);
  if (!fitted) return;
  const predictions: { contactId: string; valueIdr: number }[] = [];
  for (const contactId of contactIds) {
    const insight = await deps.store.insights.contactInsight(workspaceId, contactId);
    if (insight) predictions.push({ contactId, valueIdr: predict(fitted.model, insight, now) });
  }
  await deps.store.insights.savePredictions(workspaceId, predictions);
}

function predict(model: ClvModel, insight: ContactInsight, now: Date): number {
  const summary = purchaseSummaryOf(insight, now);
  if (model.gammaGamma && model.gammaGamma.q > 1) {
    const v = predictedValue(model.bgNbd, model.gammaGamma, summary);
    return Number.isFinite(v) && v >= 0 ? v : 0;
  }
  // Without a usable spend model (no repeat customers yet): expected purchases × the contact's own average order.
  const v = predictedValue(model.bgNbd, { p: 1, q: 2, gamma: insight.revenueIdr / insight.orders }, { ...summary, x: 0, meanSpendIdr: null });
  return Number.isFinite(v) && v >= 0 ? v : 0;
}

/**
 * Fits BG/NBD and Gamma-Gamma on the workspace's customers (a random sample of CLV_FIT_SAMPLE
 * when there are more), stores the parameters with their diagnostics, then every customer's
 * predicted 12-month value. Null when the workspace has no customer.
 */
export async function fitCustomerValue(deps: InsightDeps, workspaceId: string): Promise<ClvModel | null> {
  const now = deps.clock.now();
  const { total, rows } = await deps.store.insights.customerSample(workspaceId, CLV_FIT_SAMPLE);
  if (rows.length === 0) return null;
  const summaries = rows.map((r) => purchaseSummaryOf(r, now));
  const bg = fitBgNbd(summaries);
  const repeat = summaries.flatMap((s) => (s.x > 0 && s.meanSpendIdr !== null && s.meanSpendIdr > 0 ? [{ x: s.x, meanSpend: s.meanSpendIdr }] : []));
  const gg = repeat.length >= 2 ? fitGammaGamma(repeat) : null;
  const correlation = repeat.length >= 2 ? spendFrequencyCorrelation(repeat) : Number.NaN;
  const model: ClvModel = {
    bgNbd: bg.params,
    gammaGamma: gg ? gg.params : null,
    diagnostics: {
      customers: rows.length, sampled: total > rows.length,
      bgNbdLogLikelihood: bg.logLikelihood, bgNbdConverged: bg.converged, bgNbdIterations: bg.iterations,
      repeatCustomers: repeat.length,
      gammaGammaLogLikelihood: gg ? gg.logLikelihood : null, gammaGammaConverged: gg ? gg.converged : null,
      spendFrequencyCorrelation: Number.isFinite(correlation) ? correlation : null,
      meanRepeatOrders: summaries.reduce((s, c) => s + c.x, 0) / summaries.length,
    },
  };
  await deps.store.insights.saveClvModel(workspaceId, model, now);
  let after: string | null = null;
  for (;;) {
    const page = await deps.store.insights.customerPage(workspaceId, after, PREDICTION_PAGE);
    if (page.length === 0) break;
    await deps.store.insights.savePredictions(workspaceId, page.map((p) => ({ contactId: p.contactId, valueIdr: predict(model, p.insight, now) })));
    after = page[page.length - 1]!.contactId;
  }
  return model;
}

/** RFM then the value model, for one workspace (the recompute button and the nightly run). */
export async function recomputeWorkspace(deps: InsightDeps, workspaceId: string): Promise<{ contacts: number }> {
  const { contacts } = await runRfm(deps, workspaceId);
  await fitCustomerValue(deps, workspaceId);
  return { contacts };
}

export async function recomputeInsights(deps: InsightDeps, principal: Principal) {
  requirePermission(principal, 'insights:recompute');
  await recomputeWorkspace(deps, principal.workspaceId);
  return rfmOverview(deps, principal);
}

/** The API's RFM overview: every segment and all 25 cells, empty ones with zeros. */
export async function rfmOverview(deps: InsightDeps, principal: Principal) {
  requirePermission(principal, 'contacts:read');
  const rows = await deps.store.insights.rfmSummary(principal.workspaceId);
  const bySegment = new Map(rows.segments.map((s) => [s.name, s]));
  const byCell = new Map(rows.grid.map((g) => [`${g.r}:${g.f}`, g]));
  const grid: { r: number; f: number; count: number; revenue: number }[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) {
    const cell = byCell.get(`${r}:${f}`);
    grid.push({ r, f, count: cell?.count ?? 0, revenue: cell?.revenueIdr ?? 0 });
  }
  return {
    segments: RFM_SEGMENTS.map((name) => ({ name, count: bySegment.get(name)?.count ?? 0, revenue: bySegment.get(name)?.revenueIdr ?? 0 })),
    grid,
    computedAt: rows.computedAt ? rows.computedAt.toISOString() : null,
    customers: rows.segments.reduce((s, x) => s + x.count, 0),
  };
}

/** One page of a cell's or segment's contacts; the cursor is the last row's (lastOrderAt, id). */
export async function rfmContacts(deps: InsightDeps, principal: Principal, filter: RfmFilter, after: { at: Date; id: string } | null, limit: number): Promise<{ rows: RfmContactRow[]; more: boolean }> {
  requirePermission(principal, 'contacts:read');
  const rows = await deps.store.insights.rfmContacts(principal.workspaceId, filter, after, limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** A contact's `rfm` and `value` as the contact answer carries them (null without a paid order). */
export async function contactInsightView(deps: InsightDeps, workspaceId: string, contactId: string) {
  const insight = await deps.store.insights.contactInsight(workspaceId, contactId);
  if (!insight) return { rfm: null, value: null };
  return {
    rfm: { r: insight.r, f: insight.f, m: insight.m, segment: insight.segment },
    value: { ...historicalOf(insight, deps.clock.now()), predicted12m: insight.predictedValueIdr },
  };
}

/** The customer-value section: the model with its fit, and the deciles. */
export async function valueOverview(deps: InsightDeps, principal: Principal): Promise<{ model: (ClvModel & { fittedAt: string }) | null; basis: 'predicted' | 'historical'; deciles: ValueDecile[] }> {
  requirePermission(principal, 'contacts:read');
  const fitted = await deps.store.insights.clvModel(principal.workspaceId);
  const basis = fitted ? 'predicted' : 'historical';
  const deciles = await deps.store.insights.valueDeciles(principal.workspaceId, basis);
  return { model: fitted ? { ...fitted.model, fittedAt: fitted.fittedAt.toISOString() } : null, basis, deciles };
}

export const isRfmSegment = (s: string): s is RfmSegment => (RFM_SEGMENTS as readonly string[]).includes(s);
export const isScore = (n: number): n is Score => Number.isInteger(n) && n >= 1 && n <= 5;

/** The lease the periodic run competes for: one process runs each round. */
export const INSIGHTS_LEASE = 'insights-nightly';

/**
 * Recomputes every workspace with orders every intervalMs (nightly by default: recency drifts by
 * the day and the cut points with it), one round at a time across processes (the work lease).
 */
export function startInsightsSchedule(deps: InsightDeps & Pick<Deps, 'log'>, options: { intervalMs: number; lease?: { port: WorkLease; holder: string } }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const round = async () => {
    const lease = options.lease;
    if (lease && !(await lease.port.claim(INSIGHTS_LEASE, lease.holder, options.intervalMs))) return;
    for (const workspaceId of await deps.store.insights.workspacesWithOrders()) {
      try {
        await recomputeWorkspace(deps, workspaceId);
      } catch (err) {
        deps.log.warn({ err, workspaceId }, 'insights recompute failed');
      }
    }
  };
  const timer = setInterval(() => {
    running ??= round().catch((err: unknown) => deps.log.warn({ err }, 'insights round failed')).finally(() => { running = null; });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
