/**
 * The sandbox channel: used when a workspace has no provider credentials. It records what would
 * have been sent — for WhatsApp the exact Cloud API request body — instead of sending it.
 */
import type { Channel, ChannelKind, OutboundMessage, SendResult } from '../../app/channel.port.js';
import { buildWhatsAppRequest } from './whatsapp.channel.js';

/** One recorded would-be send (matches SandboxRepo.record's input). */
export interface SandboxRecord {
  messageId: string;
  workspaceId: string;
  channel: ChannelKind;
  recipient: string | null;
  body: string;
  /** For WhatsApp the JSON body the Cloud API would have received; otherwise recipient and body. */
  payload: Record<string, unknown>;
}

/** Creates a channel of the given kind (default whatsapp) that records instead of sending. */
export function createSandboxChannel(deps: { record: (entry: SandboxRecord) => Promise<void>; kind?: ChannelKind; mediaBase?: string }): Channel {
  const kind = deps.kind ?? 'whatsapp';

  async function send(message: OutboundMessage): Promise<SendResult> {
    let payload: Record<string, unknown>;
    if (kind === 'whatsapp') {
      // Files are linked as the real channel links them, relative when no public address is set.
      const built = buildWhatsAppRequest(message, { mediaBase: deps.mediaBase ?? '' });
      // The sandbox refuses what WhatsApp would refuse, so trying Sapa out shows the real behaviour.
      if (!built.ok) return { ok: false, reason: built.reason, failureClass: 'permanent', detail: built.detail };
      payload = built.body;
    } else {
      // What the channel adds to the text (an email's subject and HTML, a push title) is shown with it.
      const { channel: _kind, ...extra } = message.content;
      payload = { to: message.to, body: message.body, ...extra };
    }
    try {
      await deps.record({
        messageId: message.id,
        workspaceId: message.workspaceId,
        channel: kind,
        recipient: message.to === '' ? null : message.to,
        body: message.body,
        payload,
      });
    } catch (error) {
      return { ok: false, reason: 'sandbox:record_failed', failureClass: 'transient', detail: error instanceof Error ? error.message : String(error) };
    }
    return { ok: true, providerMessageId: `sandbox-${message.id}` };
  }

  // The outbox keeps one entry per message id: the sandbox honours the idempotency key.
  return { kind, transport: 'sandbox', idempotent: true, send };
}
