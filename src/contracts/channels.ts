/**
 * A workspace's WhatsApp account (GET/PUT /api/v1/channels/whatsapp). Secrets are write-only: the
 * API answers them masked (`••••abcd`), and a PUT that leaves one empty keeps the stored one.
 */
import { z } from 'zod';
import { text } from './common.js';

/** Meta's ids (phone number id, WhatsApp Business Account id) are decimal numbers. */
const MetaId = text().trim().max(32).regex(/^\d+$/, 'digits only');
/** Tokens and secrets as Meta issues them (and a verify token you choose): printable ASCII, no spaces. */
const SECRET_CHARS = /^[\x21-\x7E]*$/;
const SECRET_MESSAGE = 'printable ASCII characters without spaces';
const Secret = text().trim().min(1).max(2048).regex(SECRET_CHARS, SECRET_MESSAGE);

/** Complete credentials of one WhatsApp business number: what the channel needs to send and verify webhooks. */
export const WhatsAppCredentials = z.object({
  phoneNumberId: MetaId.min(1),
  wabaId: MetaId.min(1).optional(),
  /** The Meta app's id: templates with an image or document header upload their example through its Resumable Upload API. */
  appId: MetaId.min(1).optional(),
  accessToken: Secret,
  appSecret: Secret,
  verifyToken: Secret,
});
export type WhatsAppCredentials = z.output<typeof WhatsAppCredentials>;

/** PUT body. A secret that is absent, null or empty keeps the stored one; wabaId empty or null clears it. */
export const WhatsAppAccountInput = z.object({
  phoneNumberId: MetaId.min(1),
  wabaId: MetaId.nullish(),
  /** Empty or null clears it. */
  appId: MetaId.nullish(),
  accessToken: text().trim().max(2048).regex(SECRET_CHARS, SECRET_MESSAGE).nullish(),
  appSecret: text().trim().max(2048).regex(SECRET_CHARS, SECRET_MESSAGE).nullish(),
  verifyToken: text().trim().max(2048).regex(SECRET_CHARS, SECRET_MESSAGE).nullish(),
  /** Messages per second for this number (Meta's default tier is 80); null: the server's default; absent: unchanged. */
  ratePerSecond: z.number().int().min(1).max(1000).nullish(),
}).strict();
export type WhatsAppAccountInput = z.input<typeof WhatsAppAccountInput>;

/** Where the workspace's WhatsApp credentials come from: its own account, the server's WHATSAPP_* (first workspace), or none. */
export const WHATSAPP_SOURCES = ['workspace', 'environment', 'sandbox'] as const;

export const WhatsAppAccount = z.object({
  configured: z.boolean(),
  source: z.enum(WHATSAPP_SOURCES),
  phoneNumberId: z.string().nullable(),
  wabaId: z.string().nullable(),
  appId: z.string().nullable(),
  /** Masked, e.g. `••••abcd`; null when not configured. */
  accessToken: z.string().nullable(),
  appSecret: z.string().nullable(),
  verifyToken: z.string().nullable(),
  /** Messages per second this number sends at most (null: no limit). */
  ratePerSecond: z.number().nullable(),
  /** The callback URL to paste into Meta (from SAPA_PUBLIC_URL); null: the address the web app is opened at. */
  webhookUrl: z.string().nullable(),
});
export type WhatsAppAccount = z.infer<typeof WhatsAppAccount>;

/** The path of the WhatsApp webhook on any Sapa server. */
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';
