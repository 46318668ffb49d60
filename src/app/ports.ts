/**
 * The ports: everything the use cases need from the outside world.
 * Adapters implement them (adapters/db/*.repo.ts, adapters/queue, adapters/channels).
 */
import type { JourneyRepo, JourneyRunnerStore } from './journey.port.js';
import type { EmailFeedbackRepo } from './email-feedback.port.js';
import type { ReportStore } from './report.port.js';
import type { LifecycleStore, StageChange } from './lifecycle.port.js';
import type { WebhookStore } from './webhook.port.js';
import type { InsightsStore } from './insights.port.js';
import type { ShopConnectionRepo } from './shop.port.js';
import type { ImportedContact, ImportRowReason } from '../domain/contact-import.js';
import type { ConsentChannel } from '../domain/vocabulary.js';
import type { Channel, ChannelKind, ChannelTransport } from './channel.port.js';
import type { InAppRepo } from './inapp.port.js';
import type { BroadcastRepo, BroadcastRunner } from './broadcast.port.js';
import type { ChannelAccountRepo } from './channel-account.port.js';
import type { PushSubscriptionRepo, WorkspaceKeyRepo } from './push.port.js';
import type { WhatsAppTemplateAccounts } from './whatsapp-template.port.js';
import type { AutoReplyRepo, ConversationRepo } from './conversation.port.js';
import type { ReferralStore } from './referral.port.js';
import type { DeliverJob, DeliveryStore, IntakeTx, SenderPace } from './engine.port.js';
import type {
  ApiKeyRecord, ApiKeyScope, AuditEntry, AutomationFields, AutomationRecord, ConsentEventRecord, ConsentStatus, MessagingSettings, PersonalDataRecord, ContactFields, ContactRecord, InviteRecord, MessageRecord,
  MessageStatus, ContactOrderRecord, OrderFields, OrderRecord, Principal, Role, SandboxRecord, SessionRecord, StatusHistoryEntry,
  SegmentRecord, TemplateFields, TemplateRecord, TemplateWhatsAppLink, User, Workspace,
  MediaRecord,
} from './records.js';
import type { SegmentDefinition } from '../domain/segment.js';

export type { Channel, ChannelKind } from './channel.port.js';

/** The current time; tests pass a fixed or steppable clock. */
export interface Clock { now(): Date }

/** Random source for tokens and jitter. */
export interface Random { token(bytes: number): string; unit(): number; /** A random (v4) UUID. */ uuid(): string }

export interface WorkspaceRepo {
  /** Workspaces in creation order; the first is the default one env-level channels belong to. */
  first(): Promise<Workspace | null>;
  get(id: string): Promise<Workspace | null>;
  create(input: { name: string; timezone?: string }): Promise<Workspace>;
  /** The workspace's frequency cap, quiet hours and time zone. */
  messagingSettings(id: string): Promise<MessagingSettings | null>;
  setMessagingSettings(id: string, settings: MessagingSettings): Promise<void>;
  /** Hours before an order within which a message (or a click) gets its credit. */
  setAttributionWindow(id: string, hours: number): Promise<void>;
}

export interface UserRepo {
  count(): Promise<number>;
  create(input: { workspaceId: string; email: string; name: string; role: Role; passwordHash: string }): Promise<User>;
  findByEmail(email: string): Promise<User | null>;
  /** The workspace's members, deactivated ones included, oldest first. */
  list(workspaceId: string): Promise<User[]>;
  get(workspaceId: string, id: string): Promise<User | null>;
  update(workspaceId: string, id: string, fields: { name?: string; role?: Role; passwordHash?: string; deactivatedAt?: Date | null }): Promise<User | null>;
  /** Active owners of the workspace (a workspace must keep one). */
  countActiveOwners(workspaceId: string): Promise<number>;
}

export interface SessionRepo {
  create(input: { tokenHash: string; userId: string; workspaceId: string; expiresAt: Date; address?: string | null; userAgent?: string | null }): Promise<void>;
  /** The user, workspace and public id of a live session of an active user. */
  find(tokenHash: string, now: Date): Promise<{ user: User; workspace: Workspace; sessionId: string } | null>;
  delete(tokenHash: string): Promise<void>;
  /** A user's live sessions, newest first. */
  listForUser(userId: string, now: Date): Promise<SessionRecord[]>;
  /** Ends one of a user's sessions by its public id. */
  revoke(userId: string, id: string): Promise<boolean>;
  /** Ends all of a user's sessions but the one kept (a password change keeps the current one). */
  revokeAllForUser(userId: string, keepId?: string): Promise<number>;
}

export interface ApiKeyRepo {
  create(workspaceId: string, input: { name: string; prefix: string; keyHash: string; createdBy: string | null; scopes: readonly ApiKeyScope[] }): Promise<ApiKeyRecord>;
  list(workspaceId: string): Promise<ApiKeyRecord[]>;
  /** The key's id, name and prefix when it belongs to the workspace and is live. */
  get(workspaceId: string, id: string): Promise<ApiKeyRecord | null>;
  revoke(workspaceId: string, id: string, now: Date): Promise<boolean>;
  /** A key that is not revoked; marks it used. */
  use(keyHash: string, now: Date): Promise<{ id: string; workspaceId: string; createdBy: string | null; name: string; prefix: string; scopes: readonly ApiKeyScope[] } | null>;
}

export interface InviteRepo {
  create(input: { workspaceId: string; email: string; role: Role; tokenHash: string; createdBy: string | null; expiresAt: Date }): Promise<InviteRecord>;
  /** Invites neither accepted nor revoked nor expired, newest first. */
  listPending(workspaceId: string, now: Date): Promise<InviteRecord[]>;
  /** A pending invite by its token hash (any workspace: the link is the credential). */
  findPending(tokenHash: string, now: Date): Promise<(InviteRecord & { workspaceName: string }) | null>;
  /** Marks it accepted only if still pending; false when another accept won. */
  accept(id: string, now: Date): Promise<boolean>;
  revoke(workspaceId: string, id: string, now: Date): Promise<boolean>;
}

export interface AuditListQuery { limit: number; cursor?: number; action?: string }

/** The audit log: append and read, never change (append-only at the application level). */
export interface AuditRepo {
  append(workspaceId: string, entry: Omit<AuditEntry, 'id' | 'at'> & { at: Date }): Promise<void>;
  /** Newest first; the cursor is the last id seen. */
  list(workspaceId: string, query: AuditListQuery): Promise<{ items: AuditEntry[]; nextCursor: number | null }>;
}

export interface TemplateRepo {
  list(workspaceId: string, query?: { q?: string }): Promise<TemplateRecord[]>;
  get(workspaceId: string, id: string): Promise<TemplateRecord | null>;
  create(workspaceId: string, fields: TemplateFields): Promise<TemplateRecord | 'duplicate_code'>;
  update(workspaceId: string, id: string, fields: TemplateFields): Promise<TemplateRecord | 'duplicate_code' | null>;
  delete(workspaceId: string, id: string): Promise<'deleted' | 'not_found' | 'in_use'>;
  /** Sets a template's link to Meta's template (its review status…) and when Meta was last asked; updated_at stays (it versions the text). */
  setWhatsApp(workspaceId: string, id: string, link: Partial<TemplateWhatsAppLink>, checkedAt: Date | null): Promise<TemplateRecord | null>;
  /** The workspace's template linked to Meta's template id. */
  findByWhatsAppId(workspaceId: string, whatsappTemplateId: string): Promise<TemplateRecord | null>;
  /** Templates whose review the periodic fetch should ask Meta about (pending, paused, or never linked), least recently asked first. */
  whatsappSyncCandidates(workspaceId: string, limit: number): Promise<TemplateRecord[]>;
}

export interface MediaRepo {
  /** Keeps an upload; the same bytes under the same name already kept in the workspace answer that row instead. */
  create(workspaceId: string, file: Omit<MediaRecord, 'id' | 'workspaceId' | 'createdAt'> & { bytes: Uint8Array }): Promise<MediaRecord>;
  get(workspaceId: string, id: string): Promise<MediaRecord | null>;
  /** The file behind a public token, whatever its workspace (the token is the credential). */
  byToken(token: string): Promise<(MediaRecord & { bytes: Uint8Array }) | null>;
}

export interface AutomationRepo {
  list(workspaceId: string): Promise<AutomationRecord[]>;
  get(workspaceId: string, id: string): Promise<AutomationRecord | null>;
  create(workspaceId: string, fields: AutomationFields): Promise<AutomationRecord>;
  update(workspaceId: string, id: string, fields: AutomationFields): Promise<AutomationRecord | null>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Automations attached to a template (to re-check them when the template changes). */
  usingTemplate(workspaceId: string, templateId: string): Promise<AutomationRecord[]>;
  /** Enabled automations for a trigger, each with its template. */
  enabledFor(workspaceId: string, trigger: string): Promise<{ automation: AutomationRecord; template: TemplateRecord }[]>;
}

export interface ContactListQuery { q?: string; limit: number; cursor?: string }
export type ContactWriteResult = ContactRecord | { conflict: 'phone' | 'externalId' };

export interface ContactRepo {
  list(workspaceId: string, query: ContactListQuery): Promise<{ items: ContactRecord[]; nextCursor: string | null }>;
  get(workspaceId: string, id: string): Promise<ContactRecord | null>;
  create(workspaceId: string, fields: ContactFields, now: Date): Promise<ContactWriteResult>;
  update(workspaceId: string, id: string, fields: ContactFields, now: Date): Promise<ContactWriteResult | null>;
  /** The contact an event refers to: by externalId, then phone, then email. */
  match(workspaceId: string, keys: { externalId?: string; phone?: string; email?: string }): Promise<ContactRecord | null>;
  findByPhone(workspaceId: string, phone: string): Promise<ContactRecord | null>;
  /**
   * Sets a contact's consent on a channel and appends it to the history with who did it (a member's
   * email, an API key's name; null for the contact themself or the system). The value it already
   * has changes nothing and writes no history (false).
   */
  setConsent(workspaceId: string, contactId: string, channel: ChannelKind, status: ConsentStatus, source: string, at: Date, actor: string | null): Promise<boolean>;
  /** Every consent change of a contact, newest first. */
  consentHistory(workspaceId: string, contactId: string): Promise<ConsentEventRecord[]>;
  /** Tags in use in the workspace with how many contacts carry each, most used first. */
  tagCounts(workspaceId: string, limit: number): Promise<{ tag: string; count: number }[]>;
  /** Records an inbound message time (keeps the latest). */
  touchInbound(workspaceId: string, contactId: string, at: Date): Promise<void>;
  /** Custom field keys the workspace's contacts have had (allowed as template variables), sorted. */
  customFieldKeys(workspaceId: string): Promise<string[]>;
}

export interface OrderRepo {
  /** Creates or updates the order with this number; replaces its items when any are given. */
  upsert(workspaceId: string, contactId: string, fields: OrderFields): Promise<OrderRecord>;
  /** A contact's orders in this workspace, newest first. */
  listForContact(workspaceId: string, contactId: string, limit: number): Promise<ContactOrderRecord[]>;
}

/** Saved segments, and the contacts a (saved or unsaved) checked definition matches now. */
export interface SegmentRepo {
  /** By name, case-insensitively. */
  list(workspaceId: string): Promise<SegmentRecord[]>;
  get(workspaceId: string, id: string): Promise<SegmentRecord | null>;
  create(workspaceId: string, fields: { name: string; definition: SegmentDefinition }, now: Date): Promise<SegmentRecord | 'duplicate_name'>;
  update(workspaceId: string, id: string, fields: { name: string; definition: SegmentDefinition }, now: Date): Promise<SegmentRecord | 'duplicate_name' | null>;
  /** `in_use` while a broadcast points at it (the foreign key restricts). */
  delete(workspaceId: string, id: string): Promise<'deleted' | 'not_found' | 'in_use'>;
  /** How many of the workspace's contacts match, as of `now`. */
  count(workspaceId: string, definition: SegmentDefinition, now: Date): Promise<number>;
  /** The matching contacts, newest first, paged by the contacts' cursor. */
  contacts(workspaceId: string, definition: SegmentDefinition, now: Date, page: { limit: number; cursor?: string }): Promise<{ items: ContactRecord[]; nextCursor: string | null }>;
}

export interface EventRepo {
  findByKey(workspaceId: string, key: string): Promise<{ id: string; contactId: string | null } | null>;
  /** The event with its order as stored now (items included) and the user it named. */
  source(workspaceId: string, id: string): Promise<EventSource | null>;
}

export interface MessageListQuery {
  contactId?: string; status?: MessageStatus; automationId?: string; broadcastId?: string; limit: number; cursor?: string;
  /** A contact's name, a phone number as typed, or an order number. */
  q?: string;
  /** First and last day (YYYY-MM-DD, inclusive) of creation, in the workspace's time zone. */
  from?: string; to?: string;
}

/** Today's messages by status, today being the workspace's calendar day at `now`. */
export interface MessageCountsRecord { date: string; timezone: string; sent: number; delivered: number; read: number; failed: number }

/** What an automation's message was made from, as stored now: for sending a failed one again. */
export interface EventSource {
  type: string;
  occurredAt: Date;
  user: { name: string } | null;
  order: { number: string; invoiceNumber: string | null; trackingNumber: string | null; items: { name: string }[] } | null;
}

export interface MessageRepo {
  listForEvent(workspaceId: string, eventId: string): Promise<MessageRecord[]>;
  list(workspaceId: string, query: MessageListQuery): Promise<{ items: MessageRecord[]; nextCursor: string | null }>;
  get(workspaceId: string, id: string): Promise<(MessageRecord & { history: StatusHistoryEntry[] }) | null>;
  /** Counts of today's messages by status. */
  countsToday(workspaceId: string, now: Date): Promise<MessageCountsRecord>;
  /** A message of this workspace by our id, or by the provider's id on that channel. */
  findForStatus(workspaceId: string, ref: { id?: string | undefined; channel: ChannelKind; providerMessageId: string }): Promise<MessageRecord | null>;
  /** Sets status and fields, appending to the status history, only if the message is still in `from`. */
  transition(id: string, from: readonly MessageStatus[], to: MessageStatus, fields: {
    at: Date; reason?: string | null; detail?: string | null; providerMessageId?: string; scheduledAt?: Date;
  }): Promise<boolean>;
}

/** A contact's personal data (UU PDP): all of it as one record, and its erasure. */
export interface PersonalDataRepo {
  /** The contact's orders (with items), messages (with status history) and inbound messages; null when not in the workspace. */
  collect(workspaceId: string, contactId: string): Promise<Omit<PersonalDataRecord, 'contact' | 'consentHistory'> | null>;
  /**
   * Erases the contact: its messages keep their rows and statuses but lose text, content and
   * address; queued ones fail (`contact_deleted`); inbound messages and event payloads lose what
   * names them; the contact goes (orders and consent with it). False when not in the workspace.
   */
  erase(workspaceId: string, contactId: string, now: Date): Promise<{ messages: number; inbound: number } | null>;
}

export interface InboundRepo {
  /** Stores an inbound message; false when this provider id was stored before. */
  insert(workspaceId: string, input: { contactId: string | null; channel: ChannelKind; providerMessageId: string; from: string; text: string | null; payload: Record<string, unknown>; receivedAt: Date }): Promise<boolean>;
}

export interface SandboxRepo {
  record(entry: Omit<SandboxRecord, 'id' | 'createdAt'> & { workspaceId: string }): Promise<void>;
  list(workspaceId: string, limit: number): Promise<SandboxRecord[]>;
}

export interface Repos {
  workspaces: WorkspaceRepo;
  users: UserRepo;
  sessions: SessionRepo;
  apiKeys: ApiKeyRepo;
  invites: InviteRepo;
  audit: AuditRepo;
  templates: TemplateRepo;
  media: MediaRepo;
  automations: AutomationRepo;
  contacts: ContactRepo;
  orders: OrderRepo;
  events: EventRepo;
  messages: MessageRepo;
  inbound: InboundRepo;
  personalData: PersonalDataRepo;
  sandbox: SandboxRepo;
  channelAccounts: ChannelAccountRepo;
  pushSubscriptions: PushSubscriptionRepo;
  workspaceKeys: WorkspaceKeyRepo;
}

/** Repositories plus atomic units of work over them. */
export interface Store extends Repos {
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /** One intake transaction; rerun whole when it collides with a concurrent one (a unique or foreign-key violation, a deadlock). */
  intake<T>(work: (tx: IntakeTx) => Promise<T>): Promise<T>;
  delivery: DeliveryStore;
  /** Segments run plain SQL compiled from their definitions (adapters/db/segment.sql.ts), outside units of work. */
  segments: SegmentRepo;
  /** Contacts in bulk: CSV import chunks and the export's pages. */
  contactBulk: ContactBulkStore;
  broadcasts: BroadcastRepo;
  /** The workers' side of broadcasts: schedule, set-based fan-out, completion. */
  broadcastRunner: BroadcastRunner;
  /** The inbox: conversations, their messages both ways, notes, the change feed. */
  conversations: ConversationRepo;
  autoReplies: AutoReplyRepo;
  /** Contacts' in-app inboxes (their messages on channel inapp). */
  inapp: InAppRepo;
  /** Email bounces and the messages they name. */
  emailFeedback: EmailFeedbackRepo;
  /** What campaign reports read: a campaign's messages and the touches, orders and opt-outs around them. */
  reports: ReportStore;
  /** Journeys (issue 10 part 3) and their runs. */
  journeys: JourneyRepo;
  /** The workers' side of journeys: moves of due runs, event entry/exit, segment entry. */
  journeyRunner: JourneyRunnerStore;
  /** Contacts' lifecycle stages, their transitions and the workspace's thresholds. */
  lifecycle: LifecycleStore;
  /** RFM scores, cut points and the customer-value model (issue 10 parts 1 and 5). */
  insights: InsightsStore;
  /** Outbound webhooks (issue 11 part 2): subscriptions, the outbox's deliveries, the workers' claims. */
  webhooks: WebhookStore;
  /** The referral programme (issue 11 part 1): codes, links, rewards, the ranking. */
  referrals: ReferralStore;
  /** Shop platform connections (WooCommerce, Shopify webhooks). */
  shopConnections: ShopConnectionRepo;
}

/** One good row of an import chunk; `newId` is the contact's id if the row creates one. */
export interface ImportChunkRow { readonly row: number; readonly newId: string; readonly contact: ImportedContact }

/** A row the store refused: its keys clash with another contact's. */
export interface ImportRefusal { readonly row: number; readonly field: string; readonly reason: ImportRowReason }

/** A position in the export's order (created_at, id); `at` is the store's own text of the time, so no precision is lost. */
export interface ExportCursor { readonly at: string; readonly id: string }

/** A contact as the export writes it. */
export interface ExportContact {
  /** Where the next page starts: the row's exact (microsecond) creation time as the store writes it. */
  cursor: ExportCursor; externalId: string | null; name: string; phone: string | null; email: string | null;
  tags: string[]; customFields: Record<string, string>; consent: Partial<Record<ConsentChannel, ConsentStatus>>;
}

export interface ContactBulkStore {
  /**
   * Writes one chunk of rows in one transaction: each row matches an existing contact (external id,
   * then phone, then email) that it updates, or creates one; consent changes go to contact_consents and
   * consent_events (source `import`, this actor). Rows in file order; a later row matching the same
   * contact as an earlier one is applied after it.
   */
  importChunk(workspaceId: string, rows: readonly ImportChunkRow[], at: Date, actor: string | null): Promise<{ created: number; updated: number; refused: ImportRefusal[] }>;
  /** The workspace's custom field keys, sorted. */
  customFieldKeys(workspaceId: string): Promise<string[]>;
  /** Contacts oldest first after the cursor (exclusive), at most `limit`; only a segment's when one is given (its definition as of `now`). */
  exportPage(workspaceId: string, after: ExportCursor | null, limit: number, segment?: { definition: SegmentDefinition; now: Date }): Promise<ExportContact[]>;
}

/** Job names and payloads: ids only, the worker reloads the data. */
export interface Jobs {
  /** Order updates and other utility messages. */
  'deliver': { messageIds: string[] };
  /** Marketing (broadcasts): its own queue and fetch loops, so a backlog never sits in front of an order update. */
  'deliver-bulk': { messageIds: string[] };
}

/** The job queue port (pg-boss on the same database). */
export interface Queue {
  /** Enqueues delivery jobs on their own (inside a unit of work, use the unit's enqueue). */
  send(jobs: readonly DeliverJob[]): Promise<void>;
  /** Works a queue in `loops` independent fetch loops of up to batchSize jobs each; a handler that throws hands its jobs back for a retry. */
  work<N extends keyof Jobs>(name: N, options: { batchSize: number; loops: number }, handler: (jobs: Jobs[N][]) => Promise<void>): Promise<void>;
}

/** How a workspace's messages of one channel go out: the transport, and the sender whose pace they share. */
export interface ChannelRoute {
  channel: Channel;
  /** Names the sender for its shared pace, e.g. `whatsapp:<phone number id>`. */
  senderKey: string;
  /** Messages per second the sender may send; null: no limit (the sandbox). */
  ratePerSecond: number | null;
  /**
   * Outside the 24-hour window only templates Meta approved may go out: true for a real number
   * whose WhatsApp Business Account id Sapa knows (it can submit and follow templates there).
   */
  approvedTemplatesOnly?: boolean;
  /**
   * The share of `ratePerSecond` the shared pace spaces its slots for (default 0.96, see
   * adapters/db/pace.sql.ts). Lower where the provider sees a send begin a variable time after its
   * slot: a pooled SMTP session starts each message with its own RSET and MAIL FROM, so on a loaded
   * machine email's starts drifted into 51 in one second at a limit of 50.
   */
  slotMargin?: number;
}

/** Work only one process at a time may do, across every process on the database (table work_leases). */
export interface WorkLease {
  /** Takes `name` for holdMs unless another holder has it and it has not expired; true when `holder` has it now. */
  claim(name: string, holder: string, holdMs: number): Promise<boolean>;
  /** Gives `name` back: the next claim may come afterClaimMs after this holder's claim (at once if that has passed). */
  release(name: string, holder: string, afterClaimMs: number): Promise<void>;
}

/** Which transport sends a workspace's messages of a kind. */
export interface ChannelRegistry {
  resolve(workspaceId: string, kind: ChannelKind): Promise<ChannelRoute | null>;
  /** The transport the server was configured with (for the start-up line and readiness). */
  transport(kind: ChannelKind): ChannelTransport;
}

/** Password hashing (scrypt in adapters); hash and verify may refuse with HashingBusyError under a flood. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/** Too many password hashes already running and waiting: the caller answers "busy, retry shortly". */
export class HashingBusyError extends Error {
  constructor() {
    super('password hashing is saturated');
    this.name = 'HashingBusyError';
  }
}

export interface Deps {
  store: Store;
  queue: Queue;
  clock: Clock;
  random: Random;
  channels: ChannelRegistry;
  /** Each workspace's WhatsApp Business Account templates at Meta (none for the sandbox). */
  whatsappTemplates: WhatsAppTemplateAccounts;
  pace: SenderPace;
  passwords: PasswordHasher;
  log: Logger;
  /** Told of every lifecycle stage change after it is stored (app/lifecycle.ts restageContacts); journeys subscribe. */
  onStageChanged?: readonly ((change: StageChange) => void | Promise<void>)[];
  /** SAPA_PUBLIC_URL: the base of links Sapa makes for messages (referral links); absent: none can be made. */
  publicUrl?: string | undefined;
}

/** Structured log (pino-compatible subset). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The principal every scoped use case acts for. */
export type { Principal };
