import { describe, expect, it } from 'vitest';
import { HashingBusyError } from '../../app/ports.js';
import { createScryptHasher } from './password.js';

describe('createScryptHasher', () => {
  it('verifies what it hashed and nothing else', async () => {
    const hasher = createScryptHasher();
    const hash = await hasher.hash('rahasia-sekali');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await hasher.verify('rahasia-sekali', hash)).toBe(true);
    expect(await hasher.verify('rahasia-sekal', hash)).toBe(false);
    expect(await hasher.verify('x', 'not-a-hash')).toBe(false);
  });

  it('runs at most `concurrent` hashes at once and refuses beyond the queue at once', async () => {
    const hasher = createScryptHasher({ concurrent: 1, queue: 2 });
    const hash = await hasher.hash('a');
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => hasher.verify('a', hash)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(HashingBusyError);
    // the slots come back: later work runs
    expect(await hasher.verify('a', hash)).toBe(true);
  });

});
