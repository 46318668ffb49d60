/**
 * A workspace's SMS account (GET/PUT /api/v1/channels/sms): a Twilio account (or a compatible
 * gateway at SMS_API_BASE) and the sender it sends from. The auth token is write-only: answered
 * masked, and a PUT that leaves it empty keeps the stored one.
 */
import { z } from 'zod';
import { text } from './common.js';

/** Twilio account sids are `AC` + 32 hex; compatible gateways use other shapes, so any short id of letters and digits. */
const AccountSid = text().trim().min(2).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
/** An E.164 number (+62…), an alphanumeric sender id (up to 11 characters) or a Messaging Service sid (MG…). */
const SmsFrom = text().trim().min(1).max(64).regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11}|MG[0-9a-fA-F]{32})$/, 'an E.164 number (+62…), a sender name of up to 11 letters or digits, or a Messaging Service sid (MG…)');
const SECRET = /^[\x21-\x7E]*$/;

/** Complete credentials of one SMS sender. */
export const SmsCredentials = z.object({
  accountSid: AccountSid,
  authToken: text().trim().min(1).max(256).regex(SECRET, 'printable ASCII characters without spaces'),
  from: SmsFrom,
});
export type SmsCredentials = z.output<typeof SmsCredentials>;

/** PUT body. authToken absent, null or empty keeps the stored one. */
export const SmsAccountInput = z.object({
  accountSid: AccountSid,
  from: SmsFrom,
  authToken: text().trim().max(256).regex(SECRET, 'printable ASCII characters without spaces').nullish(),
  /** Messages per second this sender may send; null: the server's default; absent: unchanged. */
  ratePerSecond: z.number().int().min(1).max(1000).nullish(),
}).strict();
export type SmsAccountInput = z.input<typeof SmsAccountInput>;

export const SmsAccount = z.object({
  configured: z.boolean(),
  source: z.enum(['workspace', 'environment', 'sandbox']),
  accountSid: z.string().nullable(),
  from: z.string().nullable(),
  /** Masked, e.g. `••••abcd`; null when not configured. */
  authToken: z.string().nullable(),
  ratePerSecond: z.number().nullable(),
  /** Where receipts and incoming SMS arrive (paste as the number's "A message comes in" webhook); null without SAPA_PUBLIC_URL. */
  webhookUrl: z.string().nullable(),
});
export type SmsAccount = z.infer<typeof SmsAccount>;

/** The path of a workspace's SMS webhook (receipts and incoming messages). */
export const smsWebhookPath = (workspaceId: string): string => `/webhooks/sms/${workspaceId}`;
