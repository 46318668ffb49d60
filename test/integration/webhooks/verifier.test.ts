// The test receiver's verifier against the Standard Webhooks specification's own example, so a
// sender bug cannot hide behind a verifier with the same bug.
import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../support/webhook-receiver.js';

describe('verifyStandardWebhook (the spec example)', () => {
  // From the specification's README (standard-webhooks/spec, "Signature scheme" example).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = '1614265330';
  const body = '{"test": 2432232314}';
  const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  it('accepts the example and any list containing it', () => {
    expect(verifyStandardWebhook(secret, { id, timestamp, signature }, body, 1614265330)).toBe(true);
    expect(verifyStandardWebhook(secret, { id, timestamp, signature: `v1,AAAA ${signature}` }, body, 1614265330)).toBe(true);
  });
  it('refuses a changed body, id, secret or a stale timestamp', () => {
    expect(verifyStandardWebhook(secret, { id, timestamp, signature }, body + ' ', 1614265330)).toBe(false);
    expect(verifyStandardWebhook(secret, { id: id + 'x', timestamp, signature }, body, 1614265330)).toBe(false);
    expect(verifyStandardWebhook('whsec_' + Buffer.from('other').toString('base64'), { id, timestamp, signature }, body, 1614265330)).toBe(false);
    expect(verifyStandardWebhook(secret, { id, timestamp, signature }, body, 1614265330 + 301)).toBe(false);
    expect(verifyStandardWebhook(secret, { id, timestamp, signature: signature.replace('v1,', 'v2,') }, body, 1614265330)).toBe(false);
  });
});
