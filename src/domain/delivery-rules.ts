/** Where a message goes and how urgently: rules shared by every path that creates messages. */
import type { ChannelKind, ConsentStatus, TemplateCategory } from './vocabulary.js';

/** A channel's address for a contact: the phone for WhatsApp and SMS, the email for email, the contact itself for push and in-app. */
export function recipientFor(channel: ChannelKind, contact: { readonly id: string; readonly phone: string | null; readonly email: string | null }): string | null {
  switch (channel) {
    case 'whatsapp':
    case 'sms':
      return contact.phone;
    case 'email':
      return contact.email;
    case 'push':
    case 'inapp':
      return contact.id;
  }
}

/**
 * Queue priority: order updates (utility) go before marketing, so a workspace's big broadcast never
 * holds up another's order confirmations.
 */
export function deliveryPriority(category: TemplateCategory): number {
  switch (category) {
    case 'utility': return 10;
    case 'marketing': return 0;
  }
}

export type SendRefusal = { readonly status: 'skipped' | 'failed'; readonly reason: string };

/**
 * Whether a message may go to its contact on its channel right now: never to an erased contact, an
 * opted-out one (checked again at send time: an opt-out after queueing still stops it) or nowhere.
 */
export function refuseSend(m: {
  readonly contactExists: boolean; readonly consent: ConsentStatus | null; readonly recipient: string | null;
  /** The contact's email address hard-bounced (only set on email messages). */
  readonly emailBounced?: boolean;
}): SendRefusal | null {
  if (!m.contactExists) return { status: 'failed', reason: 'contact_deleted' };
  if (m.consent === 'opted_out') return { status: 'skipped', reason: 'opted_out' };
  // A mailbox that does not exist only hurts the sender's reputation with every further try.
  if (m.emailBounced === true) return { status: 'skipped', reason: 'email_bounced' };
  if (m.recipient === null || m.recipient === '') return { status: 'skipped', reason: 'no_recipient' };
  return null;
}

/** A workspace's frequency cap for marketing messages (product.md §4): at most `count` per contact and channel in `days`; 0 = none. */
export interface FrequencyCap { readonly count: number; readonly days: number }

/**
 * Which marketing messages of a batch the cap stops: each contact and channel may receive
 * `cap.count` minus what it was sent within the window (`recent`), in batch order. Utility
 * messages are exempt and never counted.
 */
export function cappedByFrequency(
  messages: readonly { readonly id: string; readonly contactId: string | null; readonly channel: ChannelKind; readonly category: TemplateCategory; readonly recentMarketing: number }[],
  cap: (m: { readonly id: string }) => FrequencyCap,
): Set<string> {
  const capped = new Set<string>();
  const taken = new Map<string, number>();
  for (const m of messages) {
    const c = cap(m);
    if (m.category !== 'marketing' || c.count <= 0 || m.contactId === null) continue;
    const key = `${m.contactId}:${m.channel}`;
    const already = taken.get(key) ?? m.recentMarketing;
    if (already >= c.count) capped.add(m.id);
    else taken.set(key, already + 1);
  }
  return capped;
}
