/**
 * Where a provider's webhook belongs: each notification names the business number it is for, and
 * that number's account says which workspace it is and which secret signed it (architecture.md 13).
 */
import type { InboundMessage, StatusUpdate } from './channel.port.js';
import type { TemplateStatusUpdate } from './whatsapp-template.port.js';

/** What a verified notification says to one workspace. */
export interface NotificationPart {
  readonly workspaceId: string;
  readonly statuses: readonly StatusUpdate[];
  readonly inbound: readonly InboundMessage[];
  /** Meta's review decisions on the workspace's message templates (`message_template_status_update`). */
  readonly templateStatuses: readonly TemplateStatusUpdate[];
}

export type RoutedNotification =
  | { readonly ok: false; readonly reason: 'bad_signature' | 'malformed' }
  | {
      readonly ok: true;
      /** One part per workspace-owned number, each checked with that number's app secret. */
      readonly parts: readonly NotificationPart[];
      /** Numbers (and `waba:<id>`s) no workspace has (acknowledged, not applied). */
      readonly ignoredNumbers: readonly string[];
    };

/** The WhatsApp webhook endpoint's view of every configured number (workspace accounts and WHATSAPP_*). */
export interface WhatsAppWebhookRouter {
  /** GET handshake: the challenge to echo when hub.verify_token is any configured number's, else null (403). */
  verifySubscription(query: Record<string, string | undefined>): Promise<string | null>;
  /** Splits a POSTed notification by number, finds each number's workspace, and checks X-Hub-Signature-256 with its app secret. */
  route(request: { rawBody: Buffer; headers: Record<string, string | string[] | undefined> }): Promise<RoutedNotification>;
}

/** What one SMS webhook says, once its signature is checked. */
export type SmsNotification =
  | { readonly kind: 'status'; readonly update: StatusUpdate }
  | { readonly kind: 'inbound'; readonly message: InboundMessage }
  /** A status we do not track (queued, accepted, sending…): acknowledged, changes nothing. */
  | { readonly kind: 'ignored' };

export type RoutedSmsWebhook =
  | { readonly ok: false; readonly reason: 'unknown_workspace' | 'bad_signature' | 'malformed' }
  | { readonly ok: true; readonly notification: SmsNotification };

/** The SMS webhook endpoint's view of the workspaces' SMS accounts (their own, or SMS_* for the first workspace). */
export interface SmsWebhookRouter {
  /**
   * Checks the provider's signature over `url` (the full URL it called) and the form parameters
   * with the workspace's auth token, then reads the notification. `ourMessageId` comes from the
   * callback URL we gave with the send.
   */
  route(request: { workspaceId: string; url: string; params: Readonly<Record<string, string>>; signature: string | undefined; at: Date; ourMessageId?: string }): Promise<RoutedSmsWebhook>;
}
