/** Edge cases: identical/empty strings, transposition counts once, ties go to the first candidate, thresholds scale with length. */
import { describe, expect, it } from 'vitest';
import { editDistance, suggestName } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'ab', 2],
    ['contactname', 'contactname', 0],
    ['contactnama', 'contactname', 1],
    ['contcatname', 'contactname', 1],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
  ])('%s → %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggestName', () => {
  it('returns the closest candidate within the threshold', () => {
    expect(suggestName('productnme', ['contactname', 'productname'])).toBe('productname');
  });
  it('returns null when nothing is close', () => {
    expect(suggestName('zzz', ['contactname'])).toBeNull();
  });
  it('keeps short names strict', () => {
    expect(suggestName('ab', ['xy'])).toBeNull();
    expect(suggestName('ab', ['abc'])).toBe('abc');
  });
  it('breaks ties by candidate order', () => {
    expect(suggestName('ab', ['ac', 'ad'])).toBe('ac');
  });
});
