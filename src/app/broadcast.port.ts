/** The broadcasts' port: the records, their counts, the status changes, and the set-based fan-out. */
import type { TemplateButton, TemplateHeader } from '../domain/template-extras.js';
import type { BroadcastStatus, ChannelKind, TemplateCategory } from '../domain/vocabulary.js';

/** The metric an A/B test judges variants by (conversion: an order credited by insights/attribution.ts). */
export const AB_METRICS = ['conversion', 'read', 'click'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

/**
 * One variant of a broadcast's A/B test: a template, or the broadcast's template with its text or
 * subject changed, and optionally another channel; `template` is its copy taken on Send.
 */
export interface BroadcastVariant {
  /** A, B, C, D in order; A is the control. */
  key: string;
  templateId: string;
  /** Share of the (test) audience in percent; the variants' weights sum to 100. */
  weight: number;
  /** Replaces the template's text (a "template copy with changed text"). */
  message: string | null;
  /** Replaces the template's email subject. */
  subject: string | null;
  /** Sends this variant on this one channel instead of the broadcast's channels. */
  channel: ChannelKind | null;
  template?: BroadcastTemplate | null;
}

export interface BroadcastAbTest {
  metric: AbMetric;
  /** Test on this share of the audience first, then send the winner to the rest (with decideAfterHours). */
  testPercent: number | null;
  decideAfterHours: number | null;
  allowMultipleChanges: boolean;
}

export interface BroadcastRecord {
  id: string;
  workspaceId: string;
  name: string;
  templateId: string;
  templateCode: string;
  templateCategory: TemplateCategory;
  trackEmail: boolean;
  channel: ChannelKind;
  /** Every channel in order of preference, `channel` first (domain/channel-choice.ts). */
  channels: ChannelKind[];
  segmentId: string | null;
  segmentName: string | null;
  contactIds: string[] | null;
  status: BroadcastStatus;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  fannedOutAt: Date | null;
  createdAt: Date;
  senderName: string;
  variants: BroadcastVariant[] | null;
  abTest: BroadcastAbTest | null;
  abDecideAt: Date | null;
  abWinner: string | null;
  abDecidedAt: Date | null;
}

/** Counts of a broadcast's messages by status, and the skipped and failed ones by reason. */
export interface BroadcastStatsRecord {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: Record<string, number>;
  failedBy: Record<string, number>;
}

export interface BroadcastFields {
  name: string;
  templateId: string;
  channel: ChannelKind;
  channels: ChannelKind[];
  segmentId: string | null;
  contactIds: string[] | null;
  trackEmail?: boolean;
  variants?: BroadcastVariant[] | null;
  abTest?: BroadcastAbTest | null;
}

/** A broadcast's copy of its template, taken when Send is pressed: what its messages are made from. */
export interface BroadcastTemplate {
  message: string;
  category: TemplateCategory;
  /** The code names the WhatsApp template when it has no WhatsApp name of its own. */
  code: string;
  whatsappName: string | null;
  whatsappLanguage: string;
  /** The template's file and buttons as they were when Send was pressed. */
  header: TemplateHeader | null;
  buttons: TemplateButton[];
  /** Email subject and HTML, push title, as they were when Send was pressed. */
  subject: string | null;
  html: string | null;
  title: string | null;
  link: string | null;
}

export interface BroadcastListQuery { status?: BroadcastStatus | undefined; limit: number; cursor?: string | undefined }

/** What one fan-out step did. */
export interface FanOutStep {
  /** Recipients written by this step (skipped ones included). */
  written: number;
  /** The fan-out has reached the end of the audience (or the broadcast is no longer sending). */
  finished: boolean;
}

export interface BroadcastRepo {
  create(workspaceId: string, fields: BroadcastFields & { createdBy: string | null; senderName: string }, now: Date): Promise<BroadcastRecord>;
  get(workspaceId: string, id: string): Promise<BroadcastRecord | null>;
  list(workspaceId: string, query: BroadcastListQuery): Promise<{ items: BroadcastRecord[]; nextCursor: string | null }>;
  /** Changes a draft; 'not_draft' once it was sent or scheduled. */
  update(workspaceId: string, id: string, fields: Partial<BroadcastFields>, now: Date): Promise<BroadcastRecord | 'not_draft' | null>;
  delete(workspaceId: string, id: string): Promise<'deleted' | 'not_draft' | 'not_found'>;
  stats(broadcastIds: readonly string[]): Promise<Map<string, BroadcastStatsRecord>>;
  /** Of these contact ids, those that are not the workspace's contacts. */
  missingContacts(workspaceId: string, contactIds: readonly string[]): Promise<string[]>;
  /**
   * draft → sending (or scheduled when `scheduledAt` is later than now), with the sender's name for
   * `{username}` and the copy of the template its messages are made from. A broadcast already past
   * draft is answered as it is: a second click changes nothing.
   */
  start(workspaceId: string, id: string, input: { scheduledAt: Date | null; senderName: string; template: BroadcastTemplate; variants?: BroadcastVariant[] | null; now: Date }): Promise<BroadcastRecord | null>;
  /**
   * scheduled/sending → cancelled, and a first chunk of its queued messages skipped with reason
   * `cancelled`, in one transaction; `finishedAt` is set once none is queued (BroadcastRunner.skipCancelled
   * skips the rest). From then on no queued message of it is claimed for sending.
   */
  cancel(workspaceId: string, id: string, now: Date): Promise<BroadcastRecord | 'finished' | null>;
}

/** The worker's side: set-based, one transaction per step, safe to run in any number of processes. */
export interface BroadcastRunner {
  /** Scheduled broadcasts whose time has come become `sending`; the ids of sending ones still fanning out. */
  due(now: Date, limit: number): Promise<string[]>;
  /**
   * Writes the next `chunk` recipients of a sending broadcast (in contact-id order after the last
   * one written), each message keyed `bc:<broadcastId>:<contactId>`, and queues their delivery
   * jobs, in one transaction holding the broadcast's row (a second process skips it meanwhile).
   */
  fanOut(broadcastId: string, chunk: number, now: Date): Promise<FanOutStep | 'busy'>;
  /** Sending broadcasts fully fanned out with nothing queued or sending left become `done`. */
  finish(now: Date): Promise<number>;
  /**
   * Skips (`cancelled`) up to `chunk` queued messages of cancelled broadcasts not yet finished, in one
   * transaction, and sets `finishedAt` on those with none queued left; returns how many it skipped.
   */
  skipCancelled(chunk: number, now: Date): Promise<number>;
  /** Sending test-then-winner broadcasts whose test group is fanned out and whose decision time has passed, undecided. */
  abDue(now: Date, limit: number): Promise<{ id: string; workspaceId: string }[]>;
  /**
   * Records the variant the rest of the audience gets and restarts the fan-out for them, only while
   * none is recorded and the broadcast is still sending; false when another worker decided first.
   */
  decide(broadcastId: string, winner: string, now: Date): Promise<boolean>;
}
