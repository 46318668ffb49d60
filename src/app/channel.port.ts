/**
 * The channel port: what delivery needs from a provider adapter
 * (adapters/channels/<kind>.channel.ts). Outcomes, not exceptions.
 */
import type { MessageContent } from '../domain/message-content.js';
import type { FailureClass } from '../domain/retry.js';

import type { ChannelKind, TemplateCategory } from '../domain/vocabulary.js';

export type { ChannelKind };

/** A stored message, as handed to a channel for one send attempt. */
export interface OutboundMessage {
  /** Our message id; also the idempotency key the send carries. */
  readonly id: string;
  readonly workspaceId: string;
  readonly channel: ChannelKind;
  /** E.164 phone for WhatsApp/SMS, address for email. */
  readonly to: string;
  /** The fully rendered text. */
  readonly body: string;
  /** What the channel needs besides the text (WhatsApp: the approved template and its parameters). */
  readonly content: MessageContent;
  /** True within 24 hours of the contact's last inbound message: free-form text is allowed. */
  readonly windowOpen: boolean;
  /** Marketing email carries a one-click unsubscribe link (RFC 8058); utility (the default) does not. */
  readonly category?: TemplateCategory;
  /** Whom the unsubscribe link names; null for a message without a contact. */
  readonly contactId?: string | null;
  /** Email: add the open pixel and route links through Sapa (a broadcast with tracking on). */
  readonly track?: boolean;
}

export type SendResult =
  | { readonly ok: true; readonly providerMessageId: string }
  | {
      readonly ok: false;
      /** Short machine reason, e.g. `whatsapp:131026` or `http_503` or `network`. */
      readonly reason: string;
      readonly failureClass: FailureClass;
      /** The provider's own words, for the message log. */
      readonly detail: string;
      /** From a Retry-After header, when the provider gave one. */
      readonly retryAfterMs?: number;
      /**
       * The request may have reached the provider (no answer in time, connection lost after
       * sending): the message may be out. A provider without an idempotency key is not sent it
       * again on a guess; its status webhook settles it (architecture.md 15).
       */
      readonly outcomeUnknown?: boolean;
      /** The provider says the address does not exist (SMTP 550 5.1.1): it is marked bounced and not tried again. */
      readonly addressRejected?: boolean;
      /**
       * Nothing was sent because there is nowhere to send it (web push: the contact has no
       * subscribed browser): the message is `skipped` with `reason`, not failed, and like a
       * contact with no address its next channel (channel choice) takes the intent.
       */
      readonly skip?: boolean;
    };

/** What carries a channel's messages: 'sandbox' records them, 'inapp' is Sapa's own inbox, the rest are providers. */
export type ChannelTransport = 'sandbox' | 'whatsapp-cloud' | 'smtp' | 'twilio' | 'web-push' | 'inapp';

/** Sends one message. Never throws for provider or network failures. */
export interface Channel {
  readonly kind: ChannelKind;
  /** 'sandbox' records instead of sending; anything else is a real provider. */
  readonly transport: ChannelTransport;
  /** True when the provider honours our idempotency key: a repeated send of one message goes out once. */
  readonly idempotent: boolean;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * For a provider reached over a bounded set of connections (an SMTP pool): resolves once a
   * connection is free for the next send, with its release (call it when that send is done).
   * Delivery waits for it before judging whether a send is still on its paced slot: a send
   * queued inside the pool would otherwise go out late, together with the next ones, and a
   * burst breaks the sender's limit.
   */
  acquireConnection?(): Promise<() => void>;
}

/** A delivery status reported by a provider webhook. */
export interface StatusUpdate {
  readonly providerMessageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly at: Date;
  /** For failed: the provider's code and text, e.g. `131047` / `Re-engagement message`. */
  readonly errorCode?: string;
  readonly errorDetail?: string;
  /** Echo of our message id where the provider carries it back. */
  readonly ourMessageId?: string;
}

/** A message a contact sent us. */
export interface InboundMessage {
  readonly providerMessageId: string;
  /** E.164 phone. */
  readonly from: string;
  readonly profileName?: string;
  readonly text: string | null;
  /** The payload of a tapped button (a template's quick reply or an interactive reply button); its label is `text`. */
  readonly buttonPayload?: string;
  readonly at: Date;
  readonly raw: Record<string, unknown>;
}

export type WebhookParseResult =
  | { readonly ok: false; readonly reason: 'bad_signature' | 'malformed' }
  | {
      readonly ok: true;
      /** The business phone number id the webhook is for (routes it to a workspace). */
      readonly phoneNumberIds: readonly string[];
      readonly statuses: readonly StatusUpdate[];
      readonly inbound: readonly InboundMessage[];
    };

/** Webhook side of a channel that has one (WhatsApp). */
export interface WebhookReceiver {
  /** GET verification handshake: the challenge to echo, or null to refuse (403). */
  verifySubscription(query: Record<string, string | undefined>): string | null;
  /** Checks X-Hub-Signature-256 over the raw body, then parses. */
  parseWebhook(request: { rawBody: Buffer; headers: Record<string, string | string[] | undefined> }): WebhookParseResult;
}
