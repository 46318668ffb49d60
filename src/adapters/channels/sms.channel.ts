/**
 * The SMS channel, speaking Twilio's Messages API wire format so that Twilio and any gateway that
 * copies it (many Indonesian aggregators do) work with only SMS_API_BASE changed.
 *
 * Provider interface (what a compatible gateway must do):
 * - `POST {apiBase}/2010-04-01/Accounts/{accountSid}/Messages.json`, HTTP basic auth
 *   `accountSid:authToken`, `application/x-www-form-urlencoded` with `To` (E.164), `From` (or
 *   `MessagingServiceSid` for a sender pool, ids starting `MG`), `Body` and `StatusCallback`;
 * - 201 with JSON `{ sid, status, num_segments, … }`; errors as `{ code, message, status }`;
 * - receipts: form POSTs to the StatusCallback with `MessageSid`, `MessageStatus` and, on
 *   failure, `ErrorCode`, signed with `X-Twilio-Signature` (sms-webhook.ts checks it).
 *
 * Twilio honours no idempotency key, so the channel says `idempotent: false`: a send whose answer
 * was lost is settled by its receipt, not sent again on a guess (architecture.md 15).
 */
import { z } from 'zod';
import type { Channel, OutboundMessage, SendResult } from '../../app/channel.port.js';
import { classifySmsError } from '../../domain/retry.js';
import type { HttpAnswer, HttpPost } from './keep-alive-http.js';
import { describeNetworkError, neverSent, parseRetryAfter } from './whatsapp.channel.js';
import { parseJsonOrUndefined } from './json-exact.js';

/** One SMS sender: the provider account and the number (or Messaging Service) it sends from. */
export const SmsConfigSchema = z.object({
  apiBase: z.url().default('https://api.twilio.com').transform((u) => u.replace(/\/+$/, '')),
  accountSid: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  authToken: z.string().min(1).max(256),
  /** E.164 number, alphanumeric sender id, or a Messaging Service sid (`MG…`). */
  from: z.string().min(1).max(64),
  /**
   * The receipts URL for one message (from SAPA_PUBLIC_URL), or null when the server has no public
   * address: messages then stay `sent`, as no receipt can reach us.
   */
  statusCallback: z.custom<(message: OutboundMessage) => string | null>((v) => typeof v === 'function').optional(),
  timeoutMs: z.number().int().positive().default(15_000),
});
export type SmsConfigInput = z.input<typeof SmsConfigSchema>;

/** Twilio's Messaging Service sids; such a sender goes as MessagingServiceSid, not From. */
export const isMessagingService = (from: string): boolean => /^MG[0-9a-fA-F]{32}$/.test(from);

/** The form fields of one send, exactly as they go on the wire. */
export function buildSmsForm(message: OutboundMessage, from: string, statusCallback: string | null): URLSearchParams {
  const form = new URLSearchParams();
  form.set('To', message.to);
  form.set(isMessagingService(from) ? 'MessagingServiceSid' : 'From', from);
  form.set('Body', message.body);
  if (statusCallback) form.set('StatusCallback', statusCallback);
  return form;
}

/** Creates the SMS channel for one account and sender. Throws only for an invalid config. */
export function createSmsChannel(config: SmsConfigInput, deps: { http: HttpPost }): Channel {
  const cfg = SmsConfigSchema.parse(config);
  const url = `${cfg.apiBase}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`, 'utf8').toString('base64')}`;

  async function send(message: OutboundMessage): Promise<SendResult> {
    const form = buildSmsForm(message, cfg.from, cfg.statusCallback ? cfg.statusCallback(message) : null);
    let answer: HttpAnswer;
    try {
      answer = await deps.http(url, {
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: cfg.timeoutMs,
      });
    } catch (error) {
      return { ok: false, reason: 'network', failureClass: 'transient', detail: describeNetworkError(error, cfg.timeoutMs), outcomeUnknown: !neverSent(error) };
    }
    return interpretSmsAnswer(answer);
  }

  return { kind: 'sms', transport: 'twilio', idempotent: false, send };
}

const TwilioError = z.object({ code: z.number().int(), message: z.string().optional() });
const TwilioMessage = z.object({ sid: z.string().min(1) });

/** Maps a Messages API answer onto a send outcome. */
export function interpretSmsAnswer(answer: HttpAnswer): SendResult {
  const json = parseJsonOrUndefined(answer.body);
  if (answer.status >= 200 && answer.status < 300) {
    const ok = TwilioMessage.safeParse(json);
    if (ok.success) return { ok: true, providerMessageId: ok.data.sid };
    // Accepted without a sid: asking again could send it twice.
    return { ok: false, reason: 'sms:bad_response', failureClass: 'permanent', detail: `HTTP ${answer.status} without a message sid: ${answer.body.slice(0, 300)}` };
  }
  const retryAfterMs = parseRetryAfter(answer.header('retry-after'));
  const extra = retryAfterMs === undefined ? {} : { retryAfterMs };
  const error = TwilioError.safeParse(json);
  if (error.success) {
    const { code, message } = error.data;
    const account = answer.status === 401 || answer.status === 403 ? ' (the SMS account is refused: check the account SID and auth token in Pengaturan → SMS)' : '';
    return { ok: false, reason: `sms:${code}`, failureClass: classifySmsError(answer.status, code), detail: `${code} ${message ?? 'Unknown error'}${account}`, ...extra };
  }
  return {
    ok: false,
    reason: `http_${answer.status}`,
    failureClass: classifySmsError(answer.status),
    detail: `HTTP ${answer.status} ${answer.statusText}${answer.body ? `: ${answer.body.slice(0, 300)}` : ''}`.trim(),
    ...extra,
  };
}
