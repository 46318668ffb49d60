/**
 * SMS webhooks read without a server: the signature is Twilio's (checked against its published
 * example), receipts map onto our statuses (queued/sending ignored, undelivered/failed carry the
 * error code), an incoming SMS needs an E.164 sender and a body, and nothing else is read.
 */
import { describe, expect, it } from 'vitest';
import { parseSmsNotification, twilioSignature, verifyTwilioSignature } from './sms-webhook.js';

const at = new Date('2026-12-07T03:00:00Z');
const SID = `SM${'a'.repeat(32)}`;

describe('Twilio signatures', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
  it('match Twilio’s published example', () => {
    expect(twilioSignature(url, params, '12345')).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(verifyTwilioSignature(url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', '12345')).toBe(true);
  });
  it('refuse another token, URL, parameter, or none', () => {
    expect(verifyTwilioSignature(url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', '12346')).toBe(false);
    expect(verifyTwilioSignature(`${url}&x=1`, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', '12345')).toBe(false);
    expect(verifyTwilioSignature(url, { ...params, Digits: '1235' }, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', '12345')).toBe(false);
    expect(verifyTwilioSignature(url, params, undefined, '12345')).toBe(false);
    expect(verifyTwilioSignature(url, params, 'short', '12345')).toBe(false);
  });
});

describe('parseSmsNotification', () => {
  it.each([['sent', 'sent'], ['delivered', 'delivered'], ['read', 'read']] as const)('%s → %s', (twilio, ours) => {
    expect(parseSmsNotification({ MessageSid: SID, MessageStatus: twilio }, at, 'm-1')).toEqual({ kind: 'status', update: { providerMessageId: SID, status: ours, at, ourMessageId: 'm-1' } });
  });
  it('undelivered and failed fail the message with the error code', () => {
    expect(parseSmsNotification({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003' }, at)).toEqual({
      kind: 'status', update: { providerMessageId: SID, status: 'failed', at, errorCode: '30003', errorDetail: 'undelivered (Twilio error 30003)' },
    });
    expect(parseSmsNotification({ MessageSid: SID, MessageStatus: 'failed' }, at)).toMatchObject({ update: { status: 'failed', errorCode: 'failed' } });
  });
  it('statuses before sent are acknowledged and ignored; unknown ones and prototype names are not notifications', () => {
    for (const s of ['queued', 'accepted', 'sending', 'scheduled']) expect(parseSmsNotification({ MessageSid: SID, MessageStatus: s }, at)).toEqual({ kind: 'ignored' });
    for (const s of ['bogus', 'constructor', '__proto__', 'toString']) expect(parseSmsNotification({ MessageSid: SID, MessageStatus: s }, at)).toBeNull();
  });
  it('reads an incoming SMS, and nothing without a sender, a body or a sid', () => {
    expect(parseSmsNotification({ MessageSid: SID, From: '+6281234567890', Body: 'STOP', SmsStatus: 'received' }, at)).toMatchObject({
      kind: 'inbound', message: { providerMessageId: SID, from: '+6281234567890', text: 'STOP', at },
    });
    expect(parseSmsNotification({ MessageSid: SID, From: '0812', Body: 'STOP' }, at)).toBeNull();
    expect(parseSmsNotification({ MessageSid: SID, From: '+6281234567890' }, at)).toBeNull();
    expect(parseSmsNotification({ From: '+6281234567890', Body: 'x' }, at)).toBeNull();
    expect(parseSmsNotification({ MessageSid: 'SM x', MessageStatus: 'sent' }, at)).toBeNull();
  });
});
