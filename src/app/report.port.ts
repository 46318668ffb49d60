/** What campaign reports read from the store: a campaign's messages and the touches, orders and opt-outs around them. */
import type { ChannelKind } from '../domain/vocabulary.js';
import type { AttributableMessage, AttributableOrder, OptOut, TrackedClick } from '../domain/insights/attribution.js';

/** A broadcast, an automation or a journey (its messages carry journey_id). */
export type Campaign = { readonly kind: 'broadcast' | 'automation' | 'journey'; readonly id: string };

export interface CampaignTouches {
  /** The campaign's own messages (those with a contact). */
  readonly messages: readonly AttributableMessage[];
  /** Their first tracked clicks. */
  readonly clicks: readonly TrackedClick[];
  /**
   * Every message and click of the same contacts that could compete for their orders' credit (any
   * campaign, any channel, within a window before the orders), the campaign's own included.
   */
  readonly touches: { readonly messages: readonly AttributableMessage[]; readonly clicks: readonly TrackedClick[] };
  /** The contacts' orders from the campaign's first send to a window after its last. */
  readonly orders: readonly AttributableOrder[];
  /** The contacts' opt-outs over the same span. */
  readonly optOuts: readonly OptOut[];
}

/** A range of the workspace's calendar dates (inclusive) cut into days or ISO weeks. */
export interface DashboardRange { readonly from: string; readonly to: string; readonly interval: 'day' | 'week' }

/** Messages sent in one period on one channel, and how many of them got how far. */
export interface MessageCountRow { readonly period: string; readonly channel: ChannelKind; readonly sent: number; readonly delivered: number; readonly read: number; readonly clicked: number }

export interface DashboardData {
  readonly timezone: string;
  readonly counts: readonly MessageCountRow[];
  /** Orders placed in the range, each with its period. */
  readonly orders: readonly (AttributableOrder & { readonly period: string })[];
  /** Every message and click of those orders' contacts that could take their credit (from a window before the range). */
  readonly touches: { readonly messages: readonly AttributableMessage[]; readonly clicks: readonly TrackedClick[] };
}

/** A broadcast's message in its A/B test: the variant, and how far it got. */
export interface VariantMessage {
  readonly id: string;
  readonly contactId: string;
  readonly variant: string;
  readonly status: string;
  /** When it reached the channel (status sent, delivered or read); null otherwise. */
  readonly sentAt: Date | null;
  readonly readAt: Date | null;
  readonly clickedAt: Date | null;
}

export interface ReportStore {
  campaignTouches(workspaceId: string, campaign: Campaign, windowMs: number): Promise<CampaignTouches>;
  /** The workspace's message counts per period and channel, and the orders with their competing touches, for the KPI dashboard. */
  dashboard(workspaceId: string, range: DashboardRange, windowMs: number): Promise<DashboardData>;
  /** A broadcast's messages that carry a variant (its A/B test), the broadcast being the workspace's. */
  variantMessages(workspaceId: string, broadcastId: string): Promise<VariantMessage[]>;
}
