/**
 * The in-app channel: Sapa is its own provider. A message on channel inapp is the contact's in-app
 * message (the message row, addressed to the contact id); a successful send is what puts it in the
 * contact's inbox (status sent), and the contact's open streams pick it up from there
 * (app/inapp-feed.ts). Nothing leaves the process, so there is nothing to retry but the bookkeeping.
 */
import type { Channel, OutboundMessage, SendResult } from '../../app/channel.port.js';

export interface InAppChannelDeps {
  /** Tells this process's open streams that an inbox may have a new message (they read it from the store). */
  notify?: (workspaceId: string, contactId: string) => void;
}

/** Creates the in-app channel. */
export function createInAppChannel(deps: InAppChannelDeps = {}): Channel {
  async function send(message: OutboundMessage): Promise<SendResult> {
    // The recipient is the contact id (delivery-rules.ts recipientFor); an erased contact has none.
    if (message.to === '') return { ok: false, reason: 'inapp:no_contact', failureClass: 'permanent', detail: 'The message has no contact to show it to' };
    deps.notify?.(message.workspaceId, message.to);
    // Our id is the provider's: one row, one inbox entry, however often the send is repeated.
    return { ok: true, providerMessageId: `inapp-${message.id}` };
  }
  return { kind: 'inapp', transport: 'inapp', idempotent: true, send };
}
