/** What campaign reports read from the store: a campaign's messages and the touches, orders and opt-outs around them. */
import type { AttributableMessage, AttributableOrder, OptOut, TrackedClick } from '../domain/insights/attribution.js';

/** A broadcast or an automation (journeys join later). */
export type Campaign = { readonly kind: 'broadcast' | 'automation'; readonly id: string };

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
  /** A broadcast's messages that carry a variant (its A/B test), the broadcast being the workspace's. */
  variantMessages(workspaceId: string, broadcastId: string): Promise<VariantMessage[]>;
}
