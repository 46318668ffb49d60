/**
 * The engine's ports: set-based units of work for event intake and for delivery, the shared send
 * pace, and the job queue. Every method is one statement over a whole batch (`= ANY($1)`,
 * `json_to_recordset`), never a loop of round trips.
 */
import type { JourneyEvent } from './journey.port.js';
import type { TemplateButton, TemplateHeader } from '../domain/template-extras.js';
import type { ContactDraft, KnownContact } from '../domain/contact-resolution.js';
import type { MessageContent } from '../domain/message-content.js';
import type { FrequencyCap } from '../domain/delivery-rules.js';
import type { QuietHours } from '../domain/messaging-settings.js';
import type { ChannelKind, ConsentStatus, MessageStatus, TemplateCategory, WhatsAppTemplateStatus } from '../domain/vocabulary.js';
import type { FailureClass } from '../domain/retry.js';
import type { AutomationRecord, FallbackContent, NewMessage, TemplateRecord } from './records.js';

/** A delivery job: a bounded batch of message ids, sent not before startAfter; higher priority first. */
export interface DeliverJob { messageIds: string[]; startAfter?: Date; priority?: number }

/** Enqueues delivery jobs inside the current unit: they exist if and only if the unit commits. */
export type Enqueue = (jobs: readonly DeliverJob[]) => Promise<void>;

export interface IntakeContact extends KnownContact {
  consent: Partial<Record<ChannelKind, ConsentStatus>>;
  /** Its email address hard-bounced (cleared when the address changes). */
  emailBounced: boolean;
}

export interface OrderUpsert {
  contactId: string;
  number: string;
  invoiceNumber: string | null;
  trackingNumber: string | null;
  total: number | null;
  currency: string;
  status: string;
  handledBy: string | null;
  occurredAt: Date;
  paidAt: Date | null;
}
export interface OrderItem { name: string; quantity: number; price?: number | undefined }
/** An order as stored before the batch: what an event without those fields falls back on. */
export interface StoredOrder { id: string; invoiceNumber: string | null; trackingNumber: string | null; items: OrderItem[] }

export interface NewEvent {
  key: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  payload: Record<string, unknown>;
  contactId: string | null;
  orderId: string | null;
}

/** What the API answers about each message an event produced. */
export interface ProducedMessage {
  id: string;
  eventId: string | null;
  automationId: string | null;
  channel: ChannelKind;
  status: MessageStatus;
  failureReason: string | null;
  scheduledAt: Date;
  category: TemplateCategory;
}

/** Everything a batch needs to know before it writes, read at once. */
export interface IntakeLookup {
  /** Events of the batch's keys stored before: key → event. */
  seen: Map<string, { id: string; contactId: string | null }>;
  /** Contacts holding any of the batch's keys (emails lower case), oldest first, with their consent. */
  contacts: IntakeContact[];
  /** Orders of the batch's numbers stored before, by number, with their items. */
  orders: Map<string, StoredOrder>;
  /** The workspace's config version (automations, templates) as of this read. */
  configVersion: number;
  /** Of the batch's event types, those an active journey of the workspace is triggered by, exits on or waits for. */
  journeyTypes: Set<string>;
}

/**
 * A batch's writes, in one statement. Rows carry their ids (new ones made by the caller), so
 * events can point at contacts and orders created in the same statement.
 */
export interface IntakeWrite {
  contactsCreated: readonly (ContactDraft & { id: string })[];
  /** Known contacts in their final state, in a stable (id) order. */
  contactsUpdated: readonly KnownContact[];
  /** Created or updated by number (given fields win, missing ones keep what was stored); a new one takes `id`. */
  orders: readonly (OrderUpsert & { id: string })[];
  /** Orders whose items the batch replaces, with the new list. */
  items: readonly { orderId: string; items: readonly OrderItem[] }[];
  /** Stored unless their key exists (a concurrent request's to answer). */
  events: readonly (NewEvent & { id: string })[];
  /** Stored when their event was stored by this statement and their idempotency key is new. */
  messages: readonly NewMessage[];
}

/**
 * One transaction of event intake: one read, one write, the jobs. The store reruns it whole when
 * the write collides with a concurrent unit (a contact or order created meanwhile, a deadlock).
 */
export interface IntakeTx {
  lookup(workspaceId: string, keys: { eventKeys: string[]; externalIds: string[]; phones: string[]; emails: string[]; orderNumbers: string[]; types: string[] }): Promise<IntakeLookup>;
  /** The workspace's enabled automations with their templates, and the config version they belong to. */
  enabledAutomations(workspaceId: string): Promise<{ version: number; items: { automation: AutomationRecord; template: TemplateRecord }[] }>;
  /** Writes the batch; the keys of the events it stored and the messages it stored. */
  write(workspaceId: string, batch: IntakeWrite, now: Date): Promise<{ events: Set<string>; messages: ProducedMessage[] }>;
  enqueue: Enqueue;
  /** Journeys: exits, wakes and entries for the stored events (journey.sql.ts journeyEventsSql), in this transaction. */
  journeyEvents(workspaceId: string, events: readonly JourneyEvent[], now: Date): Promise<unknown>;
}

/** A message taken for sending, with what the send needs to know about its contact. */
export interface ClaimedMessage {
  id: string;
  workspaceId: string;
  channel: ChannelKind;
  recipient: string | null;
  body: string;
  content: MessageContent;
  category: TemplateCategory;
  attempts: number;
  requestId: string | null;
  contactId: string | null;
  /** False when the contact was erased after the message was queued. */
  contactExists: boolean;
  consent: ConsentStatus | null;
  /** An email message whose contact's address hard-bounced. */
  emailBounced?: boolean;
  /** An email of a broadcast with tracking: open pixel and tracked links. */
  trackEmail?: boolean;
  lastInboundAt: Date | null;
  broadcastId: string | null;
  /** The workspace's rules for marketing messages. */
  rules: { timezone: string; cap: FrequencyCap; quietHours: QuietHours | null };
  /** Marketing messages the contact was sent (or is being sent) on this channel within the cap's window, this one excluded. */
  recentMarketing: number;
  /** For a broadcast's message not personalised yet: what rendering it needs (template null: it was deleted). */
  personalise: Personalise | null;
  /** The Template Chat the message was made from (null: a free text), and Meta's review of it as it is now. */
  templateId: string | null;
  templateWhatsappStatus: WhatsAppTemplateStatus | null;
  /** Null when the message has no fallback channels left; else what choosing the next one needs. */
  fallback: ClaimedFallback | null;
}

/** A claimed message's remaining channels (in order), with its contact's addresses and consent as claimed. */
export interface ClaimedFallback {
  channels: ChannelKind[];
  /** The fallbacks' content rendered with the message (an automation's); null: rendered at send time (a broadcast's). */
  content: FallbackContent | null;
  contact: { id: string; phone: string | null; email: string | null; consent: Partial<Record<string, ConsentStatus>>; emailBounced?: boolean };
}

/** The message that takes over an intent after its message failed permanently (stored with the failure, in one transaction). */
export interface NewFallback {
  /** The failed message: the fallback copies its intent (contact, template, automation, event, broadcast, category) and key + `:fb:<channel>`. */
  of: string;
  channel: ChannelKind;
  recipient: string;
  /** Null: a broadcast's, personalised at send time on its new channel. */
  rendered: { body: string; content: MessageContent } | null;
  /** Its own fallbacks, the channels after it. */
  fallbackChannels: readonly ChannelKind[];
  scheduledAt: Date;
}

export interface Personalise {
  /**
   * What the message is rendered from: a broadcast's template as it was when Send was pressed (null:
   * the broadcast holds none), compiled once per `key` — a key's text never changes.
   */
  template: { key: string; message: string; code: string; whatsappName: string | null; whatsappLanguage: string; header?: TemplateHeader | null; buttons?: TemplateButton[];
    subject?: string | null; html?: string | null; title?: string | null; link?: string | null } | null;
  contact: { name: string; customFields: Record<string, string> };
  senderName: string;
}

/** How one send attempt ended, to be recorded with the others of its batch. */
export type SendOutcome =
  | { id: string; status: 'sent'; providerMessageId: string; at: Date }
  /** `failureClass` when known: a permanent failure may hand the intent to its next channel (channel choice). `addressBounced`: the address does not exist, its contacts' email is marked bounced. */
  | { id: string; status: 'failed' | 'skipped'; reason: string; detail: string | null; at: Date; failureClass?: FailureClass; addressBounced?: boolean }
  /** Back to the queue: after a failed attempt, or (notSent) before any request went out, which then is not counted as an attempt. */
  | { id: string; status: 'queued'; reason: string; detail: string | null; at: Date; retryAt: Date; notSent?: boolean }
  /** Sent or not, nobody knows: stays `sending` until a status webhook or the reconciliation sweep settles it. */
  | { id: string; status: 'unsettled'; reason: string; detail: string | null; at: Date };

export interface DueRef { id: string; workspaceId: string; channel: ChannelKind; category: TemplateCategory }

export interface DeliveryStore {
  /**
   * Stores messages that no event produced (a broadcast's, an agent's) and queues the jobs of the
   * queued ones, in one transaction; an idempotency key that exists is skipped. The stored ones.
   * `jobs: false` stores them without jobs, for a caller that delivers them itself at once (a
   * crash before it does leaves them to the overdue sweep, which queues them again).
   */
  queue(messages: readonly NewMessage[], now: Date, options?: { jobs?: boolean }): Promise<ProducedMessage[]>;
  /** Of these ids, the queued ones: those due by `now`, and the others with their time. */
  queued(ids: readonly string[], now: Date): Promise<{ due: DueRef[]; later: { id: string; scheduledAt: Date; category: TemplateCategory }[] }>;
  /**
   * queued → sending (attempts + 1) for those still queued and due; with their contact's consent and
   * window. Those of a cancelled broadcast are skipped (`cancelled`) instead, due or not. Concurrent
   * claims for one contact and channel see each other's marketing messages (the frequency cap holds
   * across workers).
   */
  claim(ids: readonly string[], now: Date): Promise<ClaimedMessage[]>;
  /** Writes the text and content a worker rendered for messages personalised at send time. */
  personalise(rendered: readonly { id: string; body: string; content: MessageContent }[]): Promise<void>;
  /**
   * Records outcomes (one statement), queues the retries and stores and queues the fallbacks of
   * permanently failed messages (idempotent on their key), in one transaction: a crash neither
   * loses a fallback nor makes two.
   */
  record(outcomes: readonly Exclude<SendOutcome, { status: 'unsettled' }>[], retryJobs: readonly DeliverJob[], fallbacks?: readonly NewFallback[]): Promise<void>;
  /** A message's remaining channels and its contact, for a failure reported after the send (a status webhook); null: none left. */
  fallbackContext(id: string): Promise<ClaimedFallback | null>;
  /**
   * A failure reported after the send (a status webhook): the message goes from one of `from` to
   * `failed`, and its fallback is stored and queued, in one transaction. False when its status
   * moved meanwhile (nothing written).
   */
  failWithFallback(id: string, from: readonly MessageStatus[], failure: { at: Date; reason: string; detail: string | null; providerMessageId: string | null }, fallback: NewFallback): Promise<boolean>;
  /** Moves these queued messages' time to `until` and queues them for then (a sender's pace is full). */
  defer(ids: readonly string[], until: Date, priority: number): Promise<void>;
  /**
   * Sends a dead process left in `sending`: those of channels whose provider honours our
   * idempotency key after `leaseBefore`, the others (WhatsApp) only after `reconcileBefore` — a
   * status webhook settles them before then. Each goes back to `queued` with the reason in its
   * history and is queued again; SKIP LOCKED, so concurrent sweeps share the work.
   */
  sweepUnsettled(input: { now: Date; leaseBefore: Date; reconcileBefore: Date; reconcileChannels: readonly ChannelKind[]; limit: number }): Promise<number>;
  /** Queued messages overdue since before `before` (their job was lost): queued again once. */
  requeueOverdue(input: { now: Date; before: Date; limit: number }): Promise<number>;
}

/** The send pace of each sender (a WhatsApp number, an SMTP account), shared by all workers. */
export interface SenderPace {
  /**
   * Reserves up to `count` send slots of `senderKey` at `ratePerSecond`, none further than
   * `horizonMs` ahead. The i-th granted send may go at delayMs + i × stepMs from now. Slots are
   * spaced for `margin` × the rate (a default when not given).
   */
  reserve(senderKey: string, count: number, ratePerSecond: number, horizonMs: number, margin?: number): Promise<{ granted: number; delayMs: number; stepMs: number }>;
  /** The provider said "too many": pause the sender and halve its pace; it recovers as reservations succeed. */
  slowDown(senderKey: string, pauseMs: number): Promise<void>;
}
