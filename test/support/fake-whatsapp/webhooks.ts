/**
 * Builders for Meta's WhatsApp webhook payloads (field `messages`), in the exact shape Meta posts,
 * and their X-Hub-Signature-256 signing.
 */
import { createHmac } from 'node:crypto';

export type WebhookPayload = {
  object: 'whatsapp_business_account';
  entry: { id: string; changes: { field: 'messages'; value: Record<string, unknown> }[] }[];
};

export interface StatusWebhookInput {
  /** The wamid the status is about. */
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Digits without '+'. */
  recipientId: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Echo of biz_opaque_callback_data (our message id). */
  ourMessageId?: string;
  /** For failed: Meta's error, e.g. `{ code: 131047, title: 'Re-engagement message', details: '…' }`. */
  error?: { code: number; title: string; message?: string; details?: string };
}

export interface InboundWebhookInput {
  /** Sender's number, with or without '+'. */
  from: string;
  /** A text message's body (type text); ignored for other types. */
  text?: string;
  /** Defaults to 'text'. `button` and `interactive` use `text` as their label. */
  type?: 'text' | 'button' | 'interactive' | 'image' | 'sticker' | 'location';
  /** A tapped button's payload (`button.payload`, or `interactive.button_reply.id`); defaults to the label. */
  payload?: string;
  /** The wamid of the message whose button was tapped (Meta's `context.id`). */
  replyTo?: string;
  /** Defaults to a fresh wamid. */
  id?: string;
  profileName?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

let counter = 0;
/** A wamid-looking id, unique within this process. */
export function newWamid(): string {
  counter += 1;
  const body = Buffer.from(`sapa-fake-${process.pid}-${Date.now()}-${counter}`).toString('base64url');
  return `wamid.${body}`;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function envelope(target: { phoneNumberId: string; wabaId: string; displayPhoneNumber: string }, value: Record<string, unknown>): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: target.wabaId,
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: target.displayPhoneNumber, phone_number_id: target.phoneNumberId },
          ...value,
        },
      }],
    }],
  };
}

/** A status webhook for one sent message, as Meta posts it. */
export function buildStatusWebhook(target: { phoneNumberId: string; wabaId: string; displayPhoneNumber: string }, input: StatusWebhookInput): WebhookPayload {
  const status: Record<string, unknown> = {
    id: input.wamid,
    status: input.status,
    timestamp: String(input.timestamp ?? nowSeconds()),
    recipient_id: input.recipientId.replace(/^\+/, ''),
  };
  if (input.ourMessageId !== undefined) status.biz_opaque_callback_data = input.ourMessageId;
  if (input.status !== 'failed' && input.status !== 'read') {
    status.conversation = { id: 'CONVERSATION_ID', origin: { type: 'utility' } };
    status.pricing = { billable: true, pricing_model: 'CBP', category: 'utility' };
  }
  if (input.error) {
    status.errors = [{
      code: input.error.code,
      title: input.error.title,
      message: input.error.message ?? input.error.title,
      error_data: { details: input.error.details ?? input.error.title },
      href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
    }];
  }
  return envelope(target, { statuses: [status] });
}

/** An inbound message webhook (a contact wrote to the business number), as Meta posts it. */
export function buildInboundWebhook(target: { phoneNumberId: string; wabaId: string; displayPhoneNumber: string }, input: InboundWebhookInput): WebhookPayload {
  const from = input.from.replace(/^\+/, '');
  const type = input.type ?? 'text';
  const message: Record<string, unknown> = {
    from,
    id: input.id ?? newWamid(),
    timestamp: String(input.timestamp ?? nowSeconds()),
    type,
  };
  if (input.replyTo) message.context = { from: target.displayPhoneNumber, id: input.replyTo };
  const label = input.text ?? '';
  if (type === 'text') message.text = { body: label };
  else if (type === 'button') message.button = { text: label, payload: input.payload ?? label };
  else if (type === 'interactive') message.interactive = { type: 'button_reply', button_reply: { id: input.payload ?? 'reply-1', title: label } };
  else if (type === 'image' || type === 'sticker') message[type] = { mime_type: 'image/jpeg', sha256: 'HASH', id: 'MEDIA_ID' };
  else message.location = { latitude: -6.2, longitude: 106.816666 };
  return envelope(target, {
    contacts: [{ profile: { name: input.profileName ?? 'Pelanggan' }, wa_id: from }],
    messages: [message],
  });
}

/** Serialises a payload and signs it the way Meta does: `X-Hub-Signature-256: sha256=HMAC(appSecret, body)`. */
export function signWebhook(appSecret: string, payload: unknown): { body: string; headers: Record<string, string> } {
  return signRawWebhook(appSecret, JSON.stringify(payload));
}

/** Signs a body exactly as given (for bodies that are not JSON, or JSON with its own spacing). */
export function signRawWebhook(appSecret: string, body: string): { body: string; headers: Record<string, string> } {
  const signature = createHmac('sha256', appSecret).update(body).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` } };
}
