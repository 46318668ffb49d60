/**
 * What a broadcast's counts mean for its page: how far it has got, the funnel, and whether the
 * chosen template and channel deserve the marketing-on-WhatsApp warning before it is even saved.
 */
import type { Broadcast, BroadcastStats } from '../../../../src/contracts/index.js';
import type { TemplateCategory } from '../../../../src/domain/vocabulary.js';

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Recipients the broadcast is finished with: sent (or further), failed or skipped. */
export function settledCount(stats: BroadcastStats): number {
  return stats.sent + stats.delivered + stats.read + stats.failed + sum(stats.skipped);
}

/** Percent finished, 0–100 (whole numbers, 100 only when every recipient is settled); 0 before recipients exist. */
export function progressPercent(stats: BroadcastStats): number {
  if (stats.total <= 0) return 0;
  const settled = Math.min(settledCount(stats), stats.total);
  return settled === stats.total ? 100 : Math.min(99, Math.floor((settled / stats.total) * 100));
}

export interface FunnelStep { key: 'total' | 'sent' | 'delivered' | 'read'; count: number }

/**
 * The funnel total → sent → delivered → read. The stats count each message once, at its current
 * status, so a step counts every message that reached it: "sent" includes those since delivered or read.
 */
export function funnel(stats: BroadcastStats): FunnelStep[] {
  return [
    { key: 'total', count: stats.total },
    { key: 'sent', count: stats.sent + stats.delivered + stats.read },
    { key: 'delivered', count: stats.delivered + stats.read },
    { key: 'read', count: stats.read },
  ];
}

/** Reasons with their counts, largest first, zeros left out. */
export function byReason(counts: Readonly<Record<string, number>>): { reason: string; count: number }[] {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export const skippedTotal = (stats: BroadcastStats) => sum(stats.skipped);

/** The broadcast will not change any more (no live progress to follow). */
export const isFinished = (status: Broadcast['status']) => status === 'done' || status === 'cancelled';

/** Scheduled or sending: it can still be stopped. */
export const isCancellable = (status: Broadcast['status']) => status === 'scheduled' || status === 'sending';

/**
 * The playbook's warning, computed in the editor from the chosen template so it shows before the
 * server's `warnings[]` does: promos do not belong on WhatsApp (Meta bills and rates them apart).
 */
export function warnsMarketingOnWhatsApp(category: TemplateCategory | undefined, channel: Broadcast['channel']): boolean {
  return category === 'marketing' && channel === 'whatsapp';
}
