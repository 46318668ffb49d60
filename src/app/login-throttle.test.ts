import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, LoginThrottle } from './login-throttle.js';

const fail = (t: LoginThrottle, n: number, at: number, email = 'a@x.id', ip = '1.1.1.1') => {
  for (let i = 0; i < n; i++) t.fail(email, ip, at);
};

describe('LoginThrottle', () => {
  it('lets the free failures through, then asks for a growing wait', () => {
    const t = new LoginThrottle();
    fail(t, 3, 0);
    expect(t.check('a@x.id', '1.1.1.1', 0)).toEqual({ allowed: true });
    t.fail('a@x.id', '1.1.1.1', 0);
    expect(t.check('a@x.id', '1.1.1.1', 500)).toEqual({ allowed: false, locked: false, retryAfterMs: 500 });
    expect(t.check('a@x.id', '1.1.1.1', 1000)).toEqual({ allowed: true });
    t.fail('a@x.id', '1.1.1.1', 1000);
    expect(t.check('a@x.id', '1.1.1.1', 1000)).toMatchObject({ allowed: false, retryAfterMs: 2000 });
  });

  it('locks at lockAfter failures, the right password included, until the lock expires', () => {
    const t = new LoginThrottle({ ...DEFAULT_THROTTLE, baseDelayMs: 0, lockMs: 5_000 });
    fail(t, 9, 0);
    expect(t.check('a@x.id', '2.2.2.2', 0)).toEqual({ allowed: true });
    expect(t.fail('a@x.id', '1.1.1.1', 0)).toBe(true);
    expect(t.check('A@X.id', '9.9.9.9', 100)).toEqual({ allowed: false, locked: true, retryAfterMs: 4_900 });
    expect(t.check('a@x.id', '9.9.9.9', 5_000)).toEqual({ allowed: true });
    // after the lock a failure starts a fresh count
    expect(t.fail('a@x.id', '9.9.9.9', 5_000)).toBe(false);
  });

  it('throttles one address guessing across many accounts', () => {
    const t = new LoginThrottle({ ...DEFAULT_THROTTLE, baseDelayMs: 0 });
    for (let i = 0; i < 30; i++) t.fail(`u${i}@x.id`, '6.6.6.6', 0);
    expect(t.check('fresh@x.id', '6.6.6.6', 1)).toMatchObject({ allowed: false, locked: true });
    expect(t.check('fresh@x.id', '7.7.7.7', 1)).toEqual({ allowed: true });
  });

  it('forgets failures older than the window, and a success clears the account', () => {
    const t = new LoginThrottle();
    fail(t, 5, 0);
    expect(t.check('a@x.id', '1.1.1.1', DEFAULT_THROTTLE.windowMs + 1)).toEqual({ allowed: true });
    fail(t, 5, 0, 'b@x.id', '3.3.3.3');
    t.succeed('b@x.id');
    expect(t.check('b@x.id', '4.4.4.4', 1)).toEqual({ allowed: true });
  });
});
