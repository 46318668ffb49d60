// Edge cases: the all-zero value (the empty-slot marker, kept apart), values that share their low
// bits (long probe runs, across growth), growth from the first table to many times it, bytes
// after the first 16 ignored, a value shorter than 16 bytes refused. Checked against a Set of the
// values' hex as the model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hash128Set } from './hash-set.js';

const hex = (v: Uint8Array) => Buffer.from(v.subarray(0, 16)).toString('hex');
const value = (...words: number[]) => {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
};

/** Values whose slot bits collide a lot: few distinct low words, any high words. */
const crowded = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
  .map(([a, b, c, d]) => value(a * 1024, b, c, d));
const anyValue = fc.uint8Array({ minLength: 16, maxLength: 32 });

describe('Hash128Set', () => {
  it('answers as a Set would, for any sequence of adds and lookups', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.oneof(anyValue, crowded, fc.constant(new Uint8Array(16))))), (ops) => {
      const set = new Hash128Set();
      const model = new Set<string>();
      for (const [isAdd, v] of ops) {
        if (isAdd) {
          expect(set.add(v)).toBe(!model.has(hex(v)));
          model.add(hex(v));
        } else expect(set.has(v)).toBe(model.has(hex(v)));
        expect(set.size).toBe(model.size);
      }
    }));
  });

  it('keeps every member through many doublings, and misses what was never added', () => {
    const set = new Hash128Set();
    const n = 49_000;
    for (let i = 1; i <= n; i++) expect(set.add(value(i * 2654435761, i, 0, 0))).toBe(true);
    expect(set.size).toBe(n);
    for (let i = 1; i <= n; i++) expect(set.has(value(i * 2654435761, i, 0, 0))).toBe(true);
    for (let i = 1; i <= 1000; i++) expect(set.has(value(i * 2654435761, i, 1, 0))).toBe(false);
    // Load ≤ 3/4: 49,000 members fit 65,536 slots of 16 bytes (49,153 would double them).
    expect(set.bytes).toBe(65_536 * 16);
  });

  it('keeps the all-zero value apart from empty slots', () => {
    const set = new Hash128Set();
    expect(set.has(new Uint8Array(16))).toBe(false);
    expect(set.add(new Uint8Array(16))).toBe(true);
    expect(set.add(new Uint8Array(16))).toBe(false);
    expect(set.has(new Uint8Array(16))).toBe(true);
    expect(set.has(value(0, 0, 0, 1))).toBe(false);
    expect(set.size).toBe(1);
  });

  it('reads only the first 16 bytes and refuses fewer', () => {
    const set = new Hash128Set();
    const long = new Uint8Array(32).fill(7);
    set.add(long);
    expect(set.has(new Uint8Array(16).fill(7))).toBe(true);
    expect(() => set.add(new Uint8Array(15))).toThrow(RangeError);
  });
});
