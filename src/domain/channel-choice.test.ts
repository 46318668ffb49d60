import { describe, expect, it } from 'vitest';
import { channelList, chooseChannel, fallbackKey, nextChannel, unusableReason } from './channel-choice.js';

const budi = { id: 'c1', phone: '+6281234567890', email: 'budi@example.com', consent: {} };

describe('chooseChannel', () => {
  it('takes the preferred channel when it reaches the contact', () => {
    expect(chooseChannel(budi, ['whatsapp', 'sms', 'email'])).toEqual({ channel: 'whatsapp', fallbacks: ['sms', 'email'], refusal: null });
  });
  it('passes over an opted-out channel', () => {
    expect(chooseChannel({ ...budi, consent: { whatsapp: 'opted_out' } }, ['whatsapp', 'sms', 'email']))
      .toEqual({ channel: 'sms', fallbacks: ['email'], refusal: null });
  });
  it('passes over channels without an address', () => {
    expect(chooseChannel({ ...budi, phone: null }, ['whatsapp', 'sms', 'email'])).toEqual({ channel: 'email', fallbacks: [], refusal: null });
    expect(chooseChannel({ ...budi, phone: '' }, ['sms', 'email']).channel).toBe('email');
  });
  it('unknown consent is not an opt-out', () => {
    expect(chooseChannel({ ...budi, consent: { whatsapp: 'unknown' } }, ['whatsapp']).channel).toBe('whatsapp');
  });
  it('keeps the preferred channel with its reason when none reaches the contact', () => {
    expect(chooseChannel({ ...budi, phone: null, consent: { email: 'opted_out' } }, ['whatsapp', 'email']))
      .toEqual({ channel: 'whatsapp', fallbacks: ['email'], refusal: 'no_recipient: contact has no phone' });
    expect(chooseChannel({ ...budi, consent: { email: 'opted_out' } }, ['email']).refusal).toBe('opted_out');
  });
  it('push and in-app address the contact itself', () => {
    expect(chooseChannel({ ...budi, phone: null, email: null }, ['sms', 'inapp']).channel).toBe('inapp');
  });
  it('refuses an empty list (a bug, not an outcome)', () => {
    expect(() => chooseChannel(budi, [])).toThrow();
  });
});

describe('nextChannel', () => {
  it('falls back only after a permanent failure', () => {
    expect(nextChannel('permanent', budi, ['sms', 'email'])).toEqual({ channel: 'sms', fallbacks: ['email'] });
    expect(nextChannel('transient', budi, ['sms', 'email'])).toBeNull();
    expect(nextChannel('rate_limited', budi, ['sms', 'email'])).toBeNull();
  });
  it('skips fallbacks that cannot reach the contact or have no content', () => {
    expect(nextChannel('permanent', { ...budi, consent: { sms: 'opted_out' } }, ['sms', 'email'])).toEqual({ channel: 'email', fallbacks: [] });
    expect(nextChannel('permanent', budi, ['sms', 'email'], (c) => c !== 'sms')).toEqual({ channel: 'email', fallbacks: [] });
  });
  it('ends the intent when nothing is left', () => {
    expect(nextChannel('permanent', budi, [])).toBeNull();
    expect(nextChannel('permanent', { ...budi, email: null }, ['email'])).toBeNull();
  });
});

describe('channelList', () => {
  it('takes channels in order, or the single channel', () => {
    expect(channelList(undefined, ['whatsapp', 'sms'])).toEqual(['whatsapp', 'sms']);
    expect(channelList('email', undefined)).toEqual(['email']);
    expect(channelList('whatsapp', ['whatsapp', 'email'])).toEqual(['whatsapp', 'email']);
    expect(channelList(undefined, undefined)).toBeNull();
  });
  it('refuses a channel that is not the first, and repeats', () => {
    expect(channelList('sms', ['whatsapp', 'sms'])).toBeNull();
    expect(channelList(undefined, ['sms', 'sms'])).toBeNull();
  });
});

it('unusableReason names the missing address', () => {
  expect(unusableReason({ ...budi, email: null }, 'email')).toBe('no_recipient: contact has no email');
  expect(unusableReason(budi, 'email')).toBeNull();
});

it('fallbackKey derives from the original key', () => {
  expect(fallbackKey('auto:a:e', 'sms')).toBe('auto:a:e:fb:sms');
});

describe('a bounced email address', () => {
  const contact = { id: 'c1', phone: '+6281234567890', email: 'budi@toko.test', consent: {}, emailBounced: true };

  it('cannot be reached by email: the next channel takes the intent', () => {
    expect(unusableReason(contact, 'email')).toBe('email_bounced');
    expect(chooseChannel(contact, ['email', 'sms'])).toEqual({ channel: 'sms', fallbacks: [], refusal: null });
    expect(nextChannel('permanent', contact, ['email', 'sms'])).toEqual({ channel: 'sms', fallbacks: [] });
  });

  it('with email alone, the message is refused as bounced; an opt-out is named first', () => {
    expect(chooseChannel(contact, ['email'])).toEqual({ channel: 'email', fallbacks: [], refusal: 'email_bounced' });
    expect(unusableReason({ ...contact, consent: { email: 'opted_out' } }, 'email')).toBe('opted_out');
    expect(unusableReason({ ...contact, emailBounced: false }, 'email')).toBeNull();
  });
});
