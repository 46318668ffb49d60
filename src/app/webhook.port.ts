/** Outbound webhooks' storage and the wire they are sent over (issue 11 part 2). */
import type { WebhookDeliveryStatus, WebhookEventType, WebhookSubscriptionStatus } from '../domain/webhooks/index.js';

export interface WebhookSubscriptionRecord {
  id: string;
  workspaceId: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  status: WebhookSubscriptionStatus;
  pausedAt: Date | null;
  /** `failing` (paused by its failures) or `manual`. */
  pauseReason: string | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryRecord {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  /** Attempts made (a redeliver starts again from 0). */
  attempts: number;
  /** When it is tried next; null unless pending. */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  /** The receiver's HTTP status at the last attempt; null when none came (timeout, refused, DNS). */
  responseStatus: number | null;
  /** The last attempt's answer time (ms). */
  responseMs: number | null;
  error: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  body: string;
}

/** A delivery a worker holds until its lease ends: what to send and the token that lets it record the answer. */
export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  subscriptionId: string;
  url: string;
  sealedSecret: string;
  body: string;
  /** This attempt's number (1-based). */
  attempt: number;
  leaseToken: string;
}

/** The answer to one attempt; nextAttemptAt null and not delivered means the schedule is used up. */
export interface DeliveryOutcome {
  id: string;
  leaseToken: string;
  delivered: boolean;
  statusCode: number | null;
  ms: number;
  error: string | null;
  at: Date;
  nextAttemptAt: Date | null;
}

/** A subscription's failure streak after a batch was recorded. */
export interface WebhookStreak {
  id: string;
  status: WebhookSubscriptionStatus;
  consecutiveFailures: number;
  failingSince: Date | null;
}

export interface WebhookStore {
  create(workspaceId: string, input: { id: string; url: string; description: string; events: WebhookEventType[]; sealedSecret: string }): Promise<WebhookSubscriptionRecord>;
  list(workspaceId: string): Promise<WebhookSubscriptionRecord[]>;
  get(workspaceId: string, id: string): Promise<WebhookSubscriptionRecord | null>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Pauses (with a reason) or resumes; resuming clears the streak and makes waiting deliveries due now. */
  setStatus(workspaceId: string, id: string, to: 'active' | 'paused', reason: string | null): Promise<WebhookSubscriptionRecord | null>;
  /** The delivery log, newest first, paged by (createdAt, id). */
  deliveries(workspaceId: string, subscriptionId: string, before: { at: Date; id: string } | null, limit: number): Promise<{ rows: WebhookDeliveryRecord[]; more: boolean }>;
  /** Makes a delivery pending again now with the same id (so the same webhook-id); null when not found. */
  redeliver(workspaceId: string, deliveryId: string): Promise<WebhookDeliveryRecord | null>;
  /**
   * Enqueues an event for every subscription of the workspace to its type, durably; answers how many
   * deliveries it made. Outside a transaction; inside one, adapters/db/webhook.sql.ts
   * enqueueWebhookEventSql (or SQL `select sapa_webhook_emit(…)`) does the same with the caller's change.
   */
  enqueue(workspaceId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number>;
  /** Claims up to `limit` due deliveries of active subscriptions for leaseMs (SKIP LOCKED: any number of workers). */
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Records a batch of answers (only where the lease is still the caller's); answers the touched subscriptions' streaks. */
  complete(outcomes: readonly DeliveryOutcome[]): Promise<WebhookStreak[]>;
  /**
   * Deletes up to `limit` events made before `before` whose deliveries are all finished (delivered,
   * or failed after every attempt), with their deliveries; a pending one keeps its event. Answers how many.
   */
  prune(before: Date, limit: number): Promise<number>;
  /** Pauses these subscriptions (if still active) because they keep failing. */
  pauseFailing(ids: readonly string[]): Promise<void>;
}

/** One signed POST to a receiver: never follows redirects, bounded by a timeout. */
export interface WebhookSender {
  send(request: { url: string; id: string; timestamp: number; body: string; secret: string }): Promise<{ statusCode: number | null; ms: number; error: string | null }>;
}

/** Which receiver URLs may be subscribed (scheme, host): null when allowed, else the reason code. */
export type WebhookUrlCheck = (url: string) => string | null;
