import { describe, expect, it } from 'vitest';
import { secretFromBytes, secretKeyOf, signedHeaders } from './standard-webhooks.js';

describe('signedHeaders', () => {
  it("reproduces the Standard Webhooks specification's example signature", () => {
    const key = secretKeyOf('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(signedHeaders(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });
  it('round-trips a secret made from key bytes and refuses one without the prefix', () => {
    const bytes = new Uint8Array(24).map((_, i) => i * 7);
    expect([...secretKeyOf(secretFromBytes(bytes))]).toEqual([...bytes]);
    expect(() => secretKeyOf('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow();
  });
});
