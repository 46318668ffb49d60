/**
 * Email: a workspace's SMTP account (GET/PUT /api/v1/channels/email), the bounce webhook's body,
 * and the sender's address. The SMTP URL carries the password: it is write-only, answered with the
 * password masked (`smtp://user:••••@host:587`); a PUT that leaves it empty keeps the stored one.
 */
import { z } from 'zod';
import { text } from './common.js';

/** `smtp://[user[:pass]@]host[:port]` (STARTTLS when the server offers it) or `smtps://` (TLS on connect, port 465). */
export const SmtpUrl = text().trim().min(1).max(2048).refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '' && (u.pathname === '' || u.pathname === '/');
  } catch {
    return false;
  }
}, 'an SMTP URL such as smtp://user:password@mail.example.com:587 or smtps://…:465');

/** A display name goes into the From header: no line breaks, quotes or angle brackets (header injection). */
export const FromName = text().trim().max(100).regex(/^[^\r\n"<>\\]*$/, 'no line breaks, quotes or angle brackets');
export const FromAddress = z.email().max(254);

export const EmailAccountInput = z.object({
  /** Absent, null or empty: keep the stored one. */
  smtpUrl: z.union([SmtpUrl, z.literal('')]).nullish(),
  fromName: FromName.default(''),
  fromAddress: FromAddress,
  /** Messages per second this account sends at most (the provider's limit); null: none; absent: unchanged. */
  ratePerSecond: z.number().int().min(1).max(1000).nullish(),
}).strict();
export type EmailAccountInput = z.input<typeof EmailAccountInput>;

export const EMAIL_SOURCES = ['workspace', 'environment', 'sandbox'] as const;

export const EmailAccount = z.object({
  configured: z.boolean(),
  source: z.enum(EMAIL_SOURCES),
  /** The password masked; null when not configured. */
  smtpUrl: z.string().nullable(),
  fromName: z.string().nullable(),
  fromAddress: z.string().nullable(),
  ratePerSecond: z.number().nullable(),
  /** Where a relay or ESP posts bounces (the token in it authenticates this workspace); null without SAPA_PUBLIC_URL and a key. */
  bounceWebhookUrl: z.string().nullable(),
  /** False when marketing email cannot go out: the unsubscribe link needs SAPA_PUBLIC_URL. */
  unsubscribeReady: z.boolean(),
});
export type EmailAccount = z.infer<typeof EmailAccount>;

export const EmailTestInput = z.object({ to: FromAddress }).strict();

/** The path a relay posts bounces to: `POST /webhooks/email/bounce/<token>`. */
export const EMAIL_BOUNCE_WEBHOOK_PATH = '/webhooks/email/bounce';

/**
 * The bounce webhook's JSON body: the address that bounced, hard (the mailbox does not exist: the
 * address is marked and gets no more email) or soft (full, deferred: only recorded in the log), and
 * where known the bounced message's Message-ID (as Sapa wrote it) or Sapa's message id.
 */
export const EmailBounceInput = z.object({
  email: FromAddress,
  type: z.enum(['hard', 'soft']),
  messageId: text().trim().max(998).optional(),
  reason: text().trim().max(500).optional(),
}).strict();
export type EmailBounceInput = z.output<typeof EmailBounceInput>;

/** `Toko Budi <halo@toko.id>` or a bare address → its parts; null when it is neither. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  const v = value.trim();
  const m = /^(?:"?([^"<>\r\n]*?)"?\s*)?<([^<>\s]+)>$/.exec(v);
  const name = m ? (m[1] ?? '').trim() : '';
  const address = m ? m[2]! : v;
  if (!FromAddress.safeParse(address).success || !FromName.safeParse(name).success) return null;
  return { name, address };
}

/** The From header value of a name and an address (the name quoted, so commas and dots are safe). */
export function formatMailbox(name: string, address: string): string {
  return name ? `"${name}" <${address}>` : address;
}
