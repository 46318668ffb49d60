/**
 * What a Twilio-compatible SMS provider posts to us: delivery receipts (status callbacks) and
 * messages from contacts, both form-encoded and signed with `X-Twilio-Signature` = base64 of
 * HMAC-SHA1(auth token, the full URL the provider called + every POST parameter's name and value,
 * sorted by name) (Twilio, "Webhooks security").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StatusUpdate } from '../../app/channel.port.js';
import type { SmsNotification } from '../../app/webhook-router.port.js';

/** Twilio's request signature over a URL and form parameters. */
export function twilioSignature(url: string, params: Readonly<Record<string, string>>, authToken: string): string {
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** True when `signature` is Twilio's signature of this request with `authToken` (constant time). */
export function verifyTwilioSignature(url: string, params: Readonly<Record<string, string>>, signature: string | undefined, authToken: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(url, params, authToken));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const SID = /^[A-Za-z0-9]{2,64}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Reads a verified notification: a receipt carries `MessageStatus`; an inbound message carries
 * `From` and `Body` (and `SmsStatus=received`). Null when it is neither.
 * `ourMessageId` is the `m` parameter of the callback URL we gave with the send.
 */
export function parseSmsNotification(params: Readonly<Record<string, string>>, at: Date, ourMessageId?: string): SmsNotification | null {
  const sid = params.MessageSid ?? params.SmsSid;
  if (!sid || !SID.test(sid)) return null;
  const status = params.MessageStatus;
  if (status !== undefined) {
    // Own keys only: `constructor` or `__proto__` must not read the prototype.
    if (!Object.hasOwn(STATUS, status)) return null;
    const mapped = STATUS[status] ?? null;
    if (mapped === null) return { kind: 'ignored' };
    const code = params.ErrorCode && /^\d{1,10}$/.test(params.ErrorCode) ? params.ErrorCode : undefined;
    return {
      kind: 'status',
      update: {
        providerMessageId: sid, status: mapped, at,
        ...(mapped === 'failed' ? { errorCode: code ?? status, errorDetail: `${status}${code ? ` (Twilio error ${code})` : ''}` } : {}),
        ...(ourMessageId ? { ourMessageId } : {}),
      },
    };
  }
  const from = params.From;
  if (from === undefined || !E164.test(from) || params.Body === undefined) return null;
  return { kind: 'inbound', message: { providerMessageId: sid, from, text: params.Body, at, raw: { ...params } } };
}

/**
 * Twilio's MessageStatus values onto ours (undelivered: the carrier could not deliver it; failed:
 * it never left Twilio); statuses before `sent` are ours already (the send answered 201).
 */
const STATUS: Readonly<Record<string, StatusUpdate['status'] | null>> = {
  queued: null, accepted: null, scheduled: null, sending: null,
  sent: 'sent', delivered: 'delivered', read: 'read',
  undelivered: 'failed', failed: 'failed', canceled: 'failed',
};
