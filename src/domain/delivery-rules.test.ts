import { describe, expect, it } from 'vitest';
import { deliveryPriority, recipientFor, refuseSend } from './delivery-rules.js';

describe('recipientFor', () => {
  const contact = { id: 'c1', phone: '+6281234567890', email: 'budi@example.com' };
  it('uses the phone for WhatsApp and SMS, the email for email, the contact for push and in-app', () => {
    expect(recipientFor('whatsapp', contact)).toBe('+6281234567890');
    expect(recipientFor('sms', contact)).toBe('+6281234567890');
    expect(recipientFor('email', contact)).toBe('budi@example.com');
    expect(recipientFor('push', contact)).toBe('c1');
    expect(recipientFor('inapp', contact)).toBe('c1');
  });
  it('is null when the contact has no address on that channel', () => {
    expect(recipientFor('whatsapp', { ...contact, phone: null })).toBeNull();
    expect(recipientFor('email', { ...contact, email: null })).toBeNull();
  });
});

describe('deliveryPriority', () => {
  it('puts order updates before marketing', () => {
    expect(deliveryPriority('utility')).toBeGreaterThan(deliveryPriority('marketing'));
  });
});

describe('refuseSend', () => {
  const ok = { contactExists: true, consent: null, recipient: '+6281234567890' } as const;
  it('lets a reachable contact through, also with consent unknown or opted in', () => {
    expect(refuseSend(ok)).toBeNull();
    expect(refuseSend({ ...ok, consent: 'unknown' })).toBeNull();
    expect(refuseSend({ ...ok, consent: 'opted_in' })).toBeNull();
  });
  it('fails for an erased contact before anything else', () => {
    expect(refuseSend({ contactExists: false, consent: 'opted_out', recipient: null })).toEqual({ status: 'failed', reason: 'contact_deleted' });
  });
  it('skips an opted-out contact and one without an address', () => {
    expect(refuseSend({ ...ok, consent: 'opted_out' })).toEqual({ status: 'skipped', reason: 'opted_out' });
    expect(refuseSend({ ...ok, recipient: null })).toEqual({ status: 'skipped', reason: 'no_recipient' });
    expect(refuseSend({ ...ok, recipient: '' })).toEqual({ status: 'skipped', reason: 'no_recipient' });
  });
  it('skips an address that hard-bounced, after an opt-out (the stronger reason) and only when set', () => {
    expect(refuseSend({ ...ok, recipient: 'budi@example.com', emailBounced: true })).toEqual({ status: 'skipped', reason: 'email_bounced' });
    expect(refuseSend({ ...ok, consent: 'opted_out', emailBounced: true })).toEqual({ status: 'skipped', reason: 'opted_out' });
    expect(refuseSend({ ...ok, recipient: 'budi@example.com', emailBounced: false })).toBeNull();
  });
});
