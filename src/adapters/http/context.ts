/** What the HTTP adapter is given by main/: the use cases' dependencies plus web-facing settings. */
import type { WebhookReceiver } from '../../app/channel.port.js';
import type { Deps, Principal } from '../../app/ports.js';

export interface HttpDeps extends Deps {
  /** WhatsApp webhook verification/parsing, or null when WhatsApp is not configured. */
  whatsappWebhook: WebhookReceiver | null;
  /** The workspace a notification for these business phone number ids belongs to, or null when none of them is ours. */
  webhookWorkspace(phoneNumberIds: readonly string[]): Promise<string | null>;
  /** Store and worker ready (for /healthz). */
  ready(): Promise<{ ok: boolean; detail: Record<string, string> }>;
  /** Built web app folder (index.html + assets), served at / with SPA fallback; absent in API-only tests. */
  webDist?: string;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'sapa_session';
