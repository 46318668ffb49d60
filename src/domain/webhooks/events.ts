/**
 * The events Sapa tells its outbound webhook subscribers about (product.md §3 /api/v1/webhooks),
 * defined once: the schema's triggers, the contracts and the web app's checkboxes derive from it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'message.sent',
  'message.delivered',
  'message.read',
  'message.failed',
  'contact.created',
  'contact.updated',
  'contact.opted_out',
  'conversation.assigned',
  'broadcast.done',
  'referral.reward_earned',
  'rfm.segment_changed',
  'lifecycle.stage_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** True for a type in the list above. */
export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** A subscription delivers while active; paused (by its failures or by hand) it keeps its events and waits for Resume. */
export const WEBHOOK_SUBSCRIPTION_STATUSES = ['active', 'paused'] as const;
export type WebhookSubscriptionStatus = (typeof WEBHOOK_SUBSCRIPTION_STATUSES)[number];

/** pending: not yet answered 2xx (waiting for its next attempt); delivered; failed: every attempt of the schedule used. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
