/**
 * Conversion attribution: which message (if any) gets the credit for an order.
 *
 * Rule (last touch, clicks first), for an order placed at time O by contact C, with the
 * workspace's window W (default 72 h):
 * 1. Touches count only if they belong to C and happened in [O − W, O]: both ends inclusive, so a
 *    touch exactly W before the order counts and one 1 ms earlier does not; a touch at the
 *    order's own millisecond counts; anything after the order does not.
 * 2. If C clicked a tracked link in that interval, the order goes to the message of the LATEST
 *    such click — a click beats any mere receipt, even a later one, because it shows the
 *    message was acted on.
 * 3. Otherwise it goes to the latest message C received in the interval, on any channel: a
 *    message counts as received when its status is sent, delivered or read (queued, sending,
 *    failed and skipped never reached the contact), at its `sentAt` time (every channel has a
 *    send time; not all report delivery).
 * 4. Otherwise the order is unattributed (null).
 * Ties at the same millisecond go to the greatest messageId, so the result never depends on the
 * order of the input lists. Each order is judged on its own: one message may be credited with
 * several orders.
 */
import type { ChannelKind, MessageStatus } from '../vocabulary.js';

/** The default attribution window (72 hours); workspaces may set their own. */
export const DEFAULT_ATTRIBUTION_WINDOW_MS = 72 * 3_600_000;

/** Statuses that mean the message reached the contact's channel. */
export const RECEIVED_STATUSES = ['sent', 'delivered', 'read'] as const satisfies readonly MessageStatus[];

export interface AttributableMessage {
  readonly messageId: string;
  readonly contactId: string;
  readonly channel: ChannelKind;
  readonly status: MessageStatus;
  /** When the provider accepted it; null if never sent. */
  readonly sentAt: Date | null;
}

export interface TrackedClick {
  readonly messageId: string;
  readonly contactId: string;
  readonly channel: ChannelKind;
  readonly clickedAt: Date;
}

export interface AttributableOrder {
  readonly orderId: string;
  readonly contactId: string;
  readonly occurredAt: Date;
  readonly amountIdr: number;
}

export interface Attribution {
  readonly orderId: string;
  readonly messageId: string;
  readonly channel: ChannelKind;
  readonly via: 'click' | 'receipt';
  readonly touchAt: Date;
}

interface Touch {
  readonly messageId: string;
  readonly channel: ChannelKind;
  readonly at: number;
}

const isReceived = (status: MessageStatus): boolean => (RECEIVED_STATUSES as readonly MessageStatus[]).includes(status);

function latestInWindow(touches: readonly Touch[], orderAt: number, windowMs: number): Touch | null {
  let best: Touch | null = null;
  for (const t of touches) {
    if (t.at > orderAt || orderAt - t.at > windowMs) continue;
    if (best === null || t.at > best.at || (t.at === best.at && t.messageId > best.messageId)) best = t;
  }
  return best;
}

function checkWindow(windowMs: number): void {
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new RangeError(`attribution window must be > 0 ms (got ${windowMs})`);
}

/** The message credited with one order (click first, then last receipt, within the window), or null. */
export function attributeOrder(
  order: AttributableOrder,
  messages: readonly AttributableMessage[],
  clicks: readonly TrackedClick[],
  windowMs: number = DEFAULT_ATTRIBUTION_WINDOW_MS,
): Attribution | null {
  checkWindow(windowMs);
  const orderAt = order.occurredAt.getTime();
  const clickTouches = clicks.filter((c) => c.contactId === order.contactId).map((c) => ({ messageId: c.messageId, channel: c.channel, at: c.clickedAt.getTime() }));
  const click = latestInWindow(clickTouches, orderAt, windowMs);
  if (click) return { orderId: order.orderId, messageId: click.messageId, channel: click.channel, via: 'click', touchAt: new Date(click.at) };
  const receipts = messages
    .filter((m) => m.contactId === order.contactId && m.sentAt !== null && isReceived(m.status))
    .map((m) => ({ messageId: m.messageId, channel: m.channel, at: (m.sentAt as Date).getTime() }));
  const receipt = latestInWindow(receipts, orderAt, windowMs);
  if (receipt) return { orderId: order.orderId, messageId: receipt.messageId, channel: receipt.channel, via: 'receipt', touchAt: new Date(receipt.at) };
  return null;
}

function groupBy<T extends { readonly contactId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.contactId);
    if (list) list.push(item);
    else map.set(item.contactId, [item]);
  }
  return map;
}

/** Attribution for many orders at once (touches grouped by contact first); unattributed orders are left out. */
export function attributeOrders(
  orders: readonly AttributableOrder[],
  messages: readonly AttributableMessage[],
  clicks: readonly TrackedClick[],
  windowMs: number = DEFAULT_ATTRIBUTION_WINDOW_MS,
): Attribution[] {
  checkWindow(windowMs);
  const messagesByContact = groupBy(messages);
  const clicksByContact = groupBy(clicks);
  const out: Attribution[] = [];
  for (const order of orders) {
    const a = attributeOrder(order, messagesByContact.get(order.contactId) ?? [], clicksByContact.get(order.contactId) ?? [], windowMs);
    if (a) out.push(a);
  }
  return out;
}

export interface Funnel {
  /** Messages that reached at least `sent`. */
  readonly sent: number;
  readonly delivered: number;
  readonly read: number;
  /** Messages with at least one tracked click. */
  readonly clicked: number;
  /** Messages credited with at least one order. */
  readonly converted: number;
  /** Orders credited to these messages and their revenue. */
  readonly orders: number;
  readonly revenueIdr: number;
  /** revenueIdr / sent, rounded to whole rupiah (0 when nothing was sent). */
  readonly revenuePerMessageIdr: number;
}

/**
 * The funnel sent → delivered → read → clicked → converted for one campaign's messages (a
 * broadcast, automation or journey), with revenue from the attributed orders; read implies
 * delivered implies sent, by the status machine's order.
 */
export function campaignFunnel(
  messages: readonly AttributableMessage[],
  clicks: readonly TrackedClick[],
  attributions: readonly Attribution[],
  orders: readonly AttributableOrder[],
): Funnel {
  const ids = new Set(messages.map((m) => m.messageId));
  const sent = messages.filter((m) => isReceived(m.status)).length;
  const delivered = messages.filter((m) => m.status === 'delivered' || m.status === 'read').length;
  const read = messages.filter((m) => m.status === 'read').length;
  const clicked = new Set(clicks.filter((c) => ids.has(c.messageId)).map((c) => c.messageId)).size;
  const credited = attributions.filter((a) => ids.has(a.messageId));
  const amount = new Map(orders.map((o) => [o.orderId, o.amountIdr]));
  const revenueIdr = credited.reduce((s, a) => s + (amount.get(a.orderId) ?? 0), 0);
  return {
    sent,
    delivered,
    read,
    clicked,
    converted: new Set(credited.map((a) => a.messageId)).size,
    orders: credited.length,
    revenueIdr,
    revenuePerMessageIdr: sent === 0 ? 0 : Math.round(revenueIdr / sent),
  };
}

/** A contact opting out of a channel (an unsubscribe link, STOP, a person in the UI). */
export interface OptOut {
  readonly contactId: string;
  readonly channel: ChannelKind;
  readonly at: Date;
}

/**
 * Opt-outs a campaign caused, as marketers count them: contacts who opted out of a message's
 * channel within the window after it was sent to them (the same window as conversions). A
 * contact counts once however many of the campaign's messages preceded the opt-out.
 */
export function campaignOptOuts(messages: readonly AttributableMessage[], optOuts: readonly OptOut[], windowMs: number = DEFAULT_ATTRIBUTION_WINDOW_MS): number {
  checkWindow(windowMs);
  const byContact = groupBy(optOuts);
  const counted = new Set<string>();
  for (const m of messages) {
    if (m.sentAt === null || !isReceived(m.status) || counted.has(m.contactId)) continue;
    const sent = m.sentAt.getTime();
    const after = (byContact.get(m.contactId) ?? []).some((o) => o.channel === m.channel && o.at.getTime() >= sent && o.at.getTime() - sent <= windowMs);
    if (after) counted.add(m.contactId);
  }
  return counted.size;
}
