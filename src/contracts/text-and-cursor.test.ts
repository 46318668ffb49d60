import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storableJson, storableText, text, unstorableText } from './common.js';
import { Cursor, decodeCursor, encodeCursor } from './cursor.js';

const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 });

describe('text()', () => {
  const schema = text();

  it('accepts every well-formed string without NUL, emoji and all', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000')), (s) => {
      expect(schema.safeParse(s).success).toBe(true);
    }));
  });

  it('refuses NUL and lone surrogates, saying which', () => {
    expect(text().safeParse('a\u0000').error?.issues[0]).toMatchObject({ code: 'custom', params: { reason: 'text.nul' } });
    for (const s of ['\uD800', 'x\uDBFF', '\uDC00y', '\uDFFF\uD800']) {
      expect(text().safeParse(s).error?.issues[0]).toMatchObject({ params: { reason: 'text.lone_surrogate' } });
    }
    expect(text().safeParse('\uD83D\uDE00').success).toBe(true);
  });
});

describe('storableText / storableJson', () => {
  it('always give text the database can hold, leaving storable text as it is', () => {
    fc.assert(fc.property(anyCodeUnits, (s) => {
      const clean = storableText(s);
      expect(unstorableText(clean)).toBeNull();
      if (unstorableText(s) === null) expect(clean).toBe(s);
    }));
  });

  it('clean keys and values at any depth', () => {
    expect(storableJson({ 'k\u0000': ['\uD800', { v: 'a\u0000b' }], n: 1 })).toEqual({ k: ['\uFFFD', { v: 'ab' }], n: 1 });
  });
});

describe('page cursors', () => {
  const createdAt = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });

  it('decode to what was encoded', () => {
    fc.assert(fc.property(createdAt, fc.uuid(), (at, id) => {
      expect(decodeCursor(encodeCursor(at, id))).toEqual({ createdAt: at, id });
      expect(Cursor.safeParse(encodeCursor(at, id)).success).toBe(true);
    }));
  });

  it('refuse, without throwing, anything this server did not issue', () => {
    fc.assert(fc.property(anyCodeUnits, (s) => {
      const decoded = decodeCursor(s);
      if (decoded) expect(encodeCursor(decoded.createdAt, decoded.id)).toBeTruthy();
      expect(Cursor.safeParse(s).success).toBe(decoded !== null);
    }));
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of [b64('2026-01-01T00:00:00.000Z|not-a-uuid'), b64('0000-01-01T00:00:00.000Z|0b0e2d5c-6f1a-4c37-9c1e-2f7d9a0c5b11'), '!!!', '']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
