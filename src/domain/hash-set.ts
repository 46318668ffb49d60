/**
 * A set of 128-bit values (hashes) in one typed array: open addressing, linear probing, 16 bytes
 * a slot and no object per member. It exists for sets of millions of keys (an import's FileKeys),
 * where a Set of strings costs ~90 bytes a member on the V8 heap (string, cons string, table
 * entry) and makes every full GC walk them all; here a member costs 21–43 bytes (16 a slot, the
 * load kept between 3/8 and 3/4; half as much again while the table doubles), outside the V8
 * heap, and nothing for the collector to trace.
 *
 * Members are given as the first 16 bytes of a Uint8Array and are assumed uniformly distributed
 * (a cryptographic hash's output): the slot is taken from their low bits as they are.
 */

/** Slots at the start; doubled whenever the set would pass MAX_LOAD. A power of two. */
const INITIAL_SLOTS = 1024;
/** Members per slot before the table doubles: linear probing stays at ~2.5 probes to find, ~8.5 to miss. */
const MAX_LOAD = 0.75;
/** 32-bit words per member. */
const WORDS = 4;

/** The member as four 32-bit words (little-endian), read from the first 16 bytes. */
function wordsOf(value: Uint8Array): [number, number, number, number] {
  if (value.length < 16) throw new RangeError(`a 128-bit member needs 16 bytes, got ${value.length}`);
  const w = (i: number) => (value[i]! | (value[i + 1]! << 8) | (value[i + 2]! << 16) | (value[i + 3]! << 24)) >>> 0;
  return [w(0), w(4), w(8), w(12)];
}

/** A set of 128-bit values stored flat in a Uint32Array; all-zero slots are empty, the all-zero value is kept in a flag. */
export class Hash128Set {
  private table = new Uint32Array(INITIAL_SLOTS * WORDS);
  private mask = INITIAL_SLOTS - 1;
  private members = 0;
  private hasZero = false;

  /** How many distinct values were added. */
  get size(): number {
    return this.members + (this.hasZero ? 1 : 0);
  }

  /** Bytes held by the table (what the set costs, outside the V8 heap). */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Whether the value (its first 16 bytes) was added before. */
  has(value: Uint8Array): boolean {
    const [a, b, c, d] = wordsOf(value);
    if ((a | b | c | d) === 0) return this.hasZero;
    return this.slotHolds(this.find(a, b, c, d), a, b, c, d);
  }

  /** Adds the value (its first 16 bytes); true when it was not there yet. */
  add(value: Uint8Array): boolean {
    const [a, b, c, d] = wordsOf(value);
    if ((a | b | c | d) === 0) {
      const added = !this.hasZero;
      this.hasZero = true;
      return added;
    }
    let slot = this.find(a, b, c, d);
    if (this.slotHolds(slot, a, b, c, d)) return false;
    if (this.members + 1 > (this.mask + 1) * MAX_LOAD) {
      this.grow();
      slot = this.find(a, b, c, d);
    }
    this.put(slot, a, b, c, d);
    this.members++;
    return true;
  }

  /** The slot holding the value, or the empty slot where it would go. */
  private find(a: number, b: number, c: number, d: number): number {
    const t = this.table;
    for (let slot = a & this.mask; ; slot = (slot + 1) & this.mask) {
      const i = slot * WORDS;
      const w0 = t[i]!, w1 = t[i + 1]!, w2 = t[i + 2]!, w3 = t[i + 3]!;
      if ((w0 | w1 | w2 | w3) === 0) return slot;
      if (w0 === a && w1 === b && w2 === c && w3 === d) return slot;
    }
  }

  private slotHolds(slot: number, a: number, b: number, c: number, d: number): boolean {
    const i = slot * WORDS;
    const t = this.table;
    return t[i] === a && t[i + 1] === b && t[i + 2] === c && t[i + 3] === d;
  }

  private put(slot: number, a: number, b: number, c: number, d: number): void {
    const i = slot * WORDS;
    this.table[i] = a;
    this.table[i + 1] = b;
    this.table[i + 2] = c;
    this.table[i + 3] = d;
  }

  /** Twice the slots, every member placed again (the old table is garbage afterwards). */
  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length * 2 / WORDS - 1;
    for (let i = 0; i < old.length; i += WORDS) {
      const a = old[i]!, b = old[i + 1]!, c = old[i + 2]!, d = old[i + 3]!;
      if ((a | b | c | d) !== 0) this.put(this.find(a, b, c, d), a, b, c, d);
    }
  }
}
