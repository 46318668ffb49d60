/** Password hashing with Node's scrypt (memory-hard, no native addon): `scrypt$N$r$p$salt$hash`, base64url. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { HashingBusyError, type PasswordHasher } from '../../app/ports.js';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 64;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, KEYLEN, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export interface HashingLimits {
  /** Hashes computed at once. Default: half the cores (at least one), so a login flood leaves the event loop a core. */
  concurrent?: number;
  /** Hashes waiting for a slot before further ones are refused with HashingBusyError. */
  queue?: number;
}

/**
 * At most `concurrent` tasks run at once and at most `queue` wait; others are refused at once.
 * A flood of logins then costs a short queue, not every thread of libuv's pool and the CPU the
 * rest of the server needs.
 */
function limiter(concurrent: number, queue: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrent) {
      if (waiting.length >= queue) throw new HashingBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` counts it without a gap.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** The scrypt-backed PasswordHasher with bounded concurrency. */
export function createScryptHasher(limits: HashingLimits = {}): PasswordHasher {
  const run = limiter(limits.concurrent ?? Math.max(1, Math.floor(availableParallelism() / 2)), limits.queue ?? 256);
  return {
    hash: (password) => run(async () => {
      const salt = randomBytes(16);
      const key = await scrypt(password, salt, { N, r: R, p: P });
      return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    }),
    verify: (password, stored) => run(async () => {
      const [scheme, n, r, p, salt, hash] = stored.split('$');
      if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
      const expected = Buffer.from(hash, 'base64url');
      const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
      return key.length === expected.length && timingSafeEqual(key, expected);
    }),
  };
}
