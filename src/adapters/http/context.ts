/** What the HTTP adapter is given by main/: the use cases' dependencies plus web-facing settings. */
import type { ChannelAccountSettings } from '../../app/channel-accounts.js';
import type { EventIntake } from '../../app/event-intake.js';
import type { InAppFeed } from '../../app/inapp-feed.js';
import type { ThrottleOptions } from '../../app/login-throttle.js';
import type { Metrics } from '../../app/metrics.port.js';
import type { Deps, Principal } from '../../app/ports.js';
import type { SmsWebhookRouter, WhatsAppWebhookRouter } from '../../app/webhook-router.port.js';
import type { EmailAccountSettings } from '../../app/email-account.js';
import type { LinkTokens } from '../../app/link-tokens.port.js';
import type { WebhookSettings } from '../../app/webhooks.js';

export interface HttpDeps extends Deps {
  /** Event intake with group commit: POST /api/v1/events goes through it. */
  intake: EventIntake;
  /** WhatsApp webhooks: the handshake against every configured number, notifications split by number and workspace. */
  whatsappWebhooks: WhatsAppWebhookRouter;
  /** New in-app messages for the contact streams open in this process. */
  inappFeed: InAppFeed;
  /** Signs and checks contact tokens (app/contact-token.ts); null when the server has no secret key. */
  contactTokenKey: Uint8Array | null;
  /** Web push for shops' sites: each workspace's VAPID public key (made on first need); null when web push cannot work here. */
  push: { readonly live: boolean; publicKey(workspaceId: string): Promise<string | null>; allowsEndpoint(endpoint: string): boolean };
  /** SMS webhooks (receipts, incoming SMS): checked with the workspace's auth token, then read. */
  smsWebhooks: SmsWebhookRouter;
  /** Channel accounts (GET/PUT /api/v1/channels/whatsapp): the secret box, the WHATSAPP_* default, cache invalidation. */
  channelAccounts: ChannelAccountSettings & EmailAccountSettings;
  /** Signs and reads unsubscribe, bounce-webhook and tracking tokens; null/absent without a server key. */
  links?: LinkTokens | null;
  /**
   * What GET /readyz checks, by part name (store, worker…): this process takes traffic only when
   * every check answers ready. Each check is given a deadline by the route.
   */
  readiness: Readonly<Record<string, () => Promise<PartReadiness>>>;
  /** Counters the HTTP layer moves (events accepted/refused). */
  metrics: Metrics;
  /** The Prometheus exposition for GET /metrics. */
  metricsText(): Promise<{ contentType: string; body: string }>;
  /** Built web app folder (index.html + assets), served at / with SPA fallback; absent in API-only tests. */
  webDist?: string;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies: boolean;
  /**
   * Fastify's trustProxy from SAPA_TRUST_PROXY: true (every hop) or the proxies' addresses/CIDRs.
   * Absent: X-Forwarded-For is ignored and request.ip is the peer's address.
   */
  trustProxy?: boolean | string;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Login throttling (default app/login-throttle.ts DEFAULT_THROTTLE). */
  loginThrottle?: ThrottleOptions;
  /** Outbound webhooks: the box sealing their secrets and the rule on their URLs; absent, nothing may be subscribed. */
  webhooks?: WebhookSettings;
  /** SAPA_PUBLIC_URL: the web app's address for links (invites); else the request's own. */
  publicUrl?: string;
}

/** One part's answer to a readiness check; `state` is shown in /readyz (e.g. `running`, `stopped`). */
export type PartReadiness = { ready: boolean; state: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /**
     * The problem code this request was answered with (set by sendProblem), null on success:
     * lets per-route hooks count refusals by code.
     */
    problemCode: string | null;
  }
}

export const SESSION_COOKIE = 'sapa_session';
