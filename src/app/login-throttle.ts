/**
 * Login throttling, per account and per client address: after a few failures each further attempt
 * must wait a growing delay, and at `lockAfter` failures within the window the key is locked for
 * `lockMs` (the right password included). State is per process, in memory and bounded: behind a load
 * balancer each process throttles on its own, which still caps guessing at processes × limit.
 */
export interface ThrottleRule {
  /** Failures answered without delay. */
  freeFailures: number;
  /** Failures within windowMs that lock the key. */
  lockAfter: number;
}

export interface ThrottleOptions {
  account: ThrottleRule;
  address: ThrottleRule;
  /** First delay after the free failures; doubles with each further failure, up to maxDelayMs. 0 turns delays off. */
  baseDelayMs: number;
  maxDelayMs: number;
  lockMs: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  account: { freeFailures: 3, lockAfter: 10 },
  // An office or a phone carrier's NAT puts many honest people behind one address.
  address: { freeFailures: 10, lockAfter: 30 },
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; locked: boolean; retryAfterMs: number };

interface KeyState { failures: number; firstAt: number; lastAt: number; lockedUntil: number }

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly state = new Map<string, KeyState>();

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {}

  /** Whether an attempt for this account from this address may be checked now. */
  check(account: string, address: string, now: number): ThrottleVerdict {
    const verdicts = [this.verdict(`a:${account.toLowerCase()}`, this.options.account, now), this.verdict(`ip:${address}`, this.options.address, now)];
    const refused = verdicts.filter((v): v is Extract<ThrottleVerdict, { allowed: false }> => !v.allowed);
    if (refused.length === 0) return { allowed: true };
    return { allowed: false, locked: refused.some((v) => v.locked), retryAfterMs: Math.max(...refused.map((v) => v.retryAfterMs)) };
  }

  /** Counts a wrong password; true when this failure locked the account or the address. */
  fail(account: string, address: string, now: number): boolean {
    const a = this.count(`a:${account.toLowerCase()}`, this.options.account, now);
    const b = this.count(`ip:${address}`, this.options.address, now);
    return a || b;
  }

  /** A right password clears the account's failures (not the address's: one good account must not launder guesses at others). */
  succeed(account: string): void {
    this.state.delete(`a:${account.toLowerCase()}`);
  }

  private verdict(key: string, rule: ThrottleRule, now: number): ThrottleVerdict {
    const s = this.state.get(key);
    if (!s) return { allowed: true };
    if (s.lockedUntil > now) return { allowed: false, locked: true, retryAfterMs: s.lockedUntil - now };
    if (now - s.firstAt > this.options.windowMs) return { allowed: true };
    const extra = s.failures - rule.freeFailures;
    if (extra <= 0 || this.options.baseDelayMs === 0) return { allowed: true };
    const delay = Math.min(this.options.baseDelayMs * 2 ** (extra - 1), this.options.maxDelayMs);
    const wait = s.lastAt + delay - now;
    return wait > 0 ? { allowed: false, locked: false, retryAfterMs: wait } : { allowed: true };
  }

  private count(key: string, rule: ThrottleRule, now: number): boolean {
    let s = this.state.get(key);
    if (!s || now - s.firstAt > this.options.windowMs || (s.lockedUntil !== 0 && s.lockedUntil <= now)) {
      s = { failures: 0, firstAt: now, lastAt: now, lockedUntil: 0 };
      this.forgetOldest();
      this.state.set(key, s);
    }
    s.failures += 1;
    s.lastAt = now;
    if (s.failures >= rule.lockAfter) {
      s.lockedUntil = now + this.options.lockMs;
      return true;
    }
    return false;
  }

  private forgetOldest(): void {
    if (this.state.size < MAX_KEYS) return;
    const oldest = this.state.keys().next().value;
    if (oldest !== undefined) this.state.delete(oldest);
  }
}
