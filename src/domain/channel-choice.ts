/**
 * Channel choice (issue 9 part 5): an automation or broadcast names its channels in order of
 * preference. One intent (one event for one automation, one contact for one broadcast) becomes
 * one message on the first channel the contact can be reached on; the next channel is taken only
 * when the previous one failed permanently — never two channels at once for one intent.
 */
import type { FailureClass } from './retry.js';
import { recipientFor } from './delivery-rules.js';
import { CHANNEL_KINDS, type ChannelKind, type ConsentStatus } from './vocabulary.js';

/** What choosing needs to know of a contact: its addresses and its consent per channel. */
export interface ChannelContact {
  readonly id: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly consent: Partial<Record<string, ConsentStatus>>;
  /** The email address hard-bounced: email cannot reach the contact (absent: it did not). */
  readonly emailBounced?: boolean;
}

/** At most one of each channel. */
export const MAX_CHANNELS = CHANNEL_KINDS.length;

/** Why a channel cannot reach the contact (the reason a skipped message carries), or null when it can. */
export function unusableReason(contact: ChannelContact, channel: ChannelKind): string | null {
  const recipient = recipientFor(channel, contact);
  if (recipient === null || recipient === '') return `no_recipient: contact has no ${channel === 'email' ? 'email' : 'phone'}`;
  if (contact.consent[channel] === 'opted_out') return 'opted_out';
  if (channel === 'email' && contact.emailBounced === true) return 'email_bounced';
  return null;
}

export interface ChannelChoice {
  /** The channel the message goes on: the first usable one, or the preferred one when none is. */
  readonly channel: ChannelKind;
  /** The channels after it, in order: the fallbacks should this one fail permanently. */
  readonly fallbacks: readonly ChannelKind[];
  /** Null when `channel` can reach the contact; otherwise why not (none of the channels can). */
  readonly refusal: string | null;
}

/**
 * The first channel of `channels` (in order) that has an address for the contact and no opt-out.
 * When none has, the preferred channel with its own reason, so the log says why the first choice
 * failed. `channels` must be non-empty.
 */
export function chooseChannel(contact: ChannelContact, channels: readonly ChannelKind[]): ChannelChoice {
  if (channels.length === 0) throw new Error('chooseChannel: no channels');
  for (let i = 0; i < channels.length; i++) {
    if (unusableReason(contact, channels[i]!) === null) return { channel: channels[i]!, fallbacks: channels.slice(i + 1), refusal: null };
  }
  return { channel: channels[0]!, fallbacks: channels.slice(1), refusal: unusableReason(contact, channels[0]!) };
}

/**
 * The channel to try after a send failed, or null: only a permanent failure falls back (a
 * transient one is retried on its own channel), and only to a fallback that can reach the contact
 * and whose content could be made (`available`; all of them when omitted).
 */
export function nextChannel(
  failure: FailureClass,
  contact: ChannelContact,
  fallbacks: readonly ChannelKind[],
  available: (channel: ChannelKind) => boolean = () => true,
): { readonly channel: ChannelKind; readonly fallbacks: readonly ChannelKind[] } | null {
  if (failure !== 'permanent') return null;
  for (let i = 0; i < fallbacks.length; i++) {
    const c = fallbacks[i]!;
    if (available(c) && unusableReason(contact, c) === null) return { channel: c, fallbacks: fallbacks.slice(i + 1) };
  }
  return null;
}

/**
 * The channel list of an automation or broadcast from the API's two fields: `channels` in order,
 * or `[channel]` alone (older clients). Null when they disagree (`channel` must be the first) or a
 * channel repeats.
 */
export function channelList(channel: ChannelKind | undefined, channels: readonly ChannelKind[] | undefined): ChannelKind[] | null {
  const list = channels && channels.length > 0 ? [...channels] : channel ? [channel] : null;
  if (list === null) return null;
  if (channel !== undefined && list[0] !== channel) return null;
  if (new Set(list).size !== list.length) return null;
  return list;
}

/** The idempotency key of the fallback of the message keyed `key`: one fallback per channel, however often it is recorded. */
export function fallbackKey(key: string, channel: ChannelKind): string {
  return `${key}:fb:${channel}`;
}
