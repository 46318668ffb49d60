/** A workspace's accounts on providers (today: its WhatsApp business number), as the store keeps them. */
import type { ChannelKind } from '../domain/vocabulary.js';

/** One account as stored: settings in clear, secrets sealed by a SecretBox (never in clear at rest). */
export interface ChannelAccountRecord {
  id: string;
  workspaceId: string;
  channel: ChannelKind;
  /** What the provider's webhooks carry to name the account: the WhatsApp phone number id. Unique per channel. */
  senderKey: string;
  /** Non-secret settings, e.g. `{ wabaId }`. */
  settings: Record<string, string>;
  /** The sealed JSON of the secrets (SecretBox.seal, context channelAccountContext). */
  secrets: string;
  /** Messages per second this sender may send; null: the channel's default. */
  ratePerSecond: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ChannelAccountWrite = Pick<ChannelAccountRecord, 'channel' | 'senderKey' | 'settings' | 'secrets' | 'ratePerSecond'>;

export interface ChannelAccountRepo {
  /** The workspace's account on a channel. */
  get(workspaceId: string, channel: ChannelKind): Promise<ChannelAccountRecord | null>;
  /** Creates or replaces the workspace's account on the channel; 'sender_taken' when another workspace holds that sender key. */
  upsert(workspaceId: string, account: ChannelAccountWrite, now: Date): Promise<ChannelAccountRecord | 'sender_taken'>;
  /** The account a webhook names (any workspace): by channel and sender key. */
  findBySender(channel: ChannelKind, senderKey: string): Promise<ChannelAccountRecord | null>;
  /** Accounts on a channel, oldest first, at most `limit` (the webhook handshake checks their verify tokens). */
  listByChannel(channel: ChannelKind, limit: number): Promise<ChannelAccountRecord[]>;
}

/** The authenticated context an account's secrets are sealed under: they open only in their own row. */
export function channelAccountContext(workspaceId: string, channel: ChannelKind): string {
  return `channel_accounts:${workspaceId}:${channel}`;
}
