/** Edge cases: empty list, one, two (no comma), three and more (commas, no comma before `dan`), items with commas kept as-is. */
import { describe, expect, it } from 'vitest';
import { formatIndonesianList } from './indonesian-list.js';

describe('formatIndonesianList', () => {
  it.each([
    [[], ''],
    [['Kopi Arabika'], 'Kopi Arabika'],
    [['Kopi Arabika', 'Teh Melati'], 'Kopi Arabika dan Teh Melati'],
    [['A', 'B', 'C'], 'A, B dan C'],
    [['A', 'B', 'C', 'D'], 'A, B, C dan D'],
    [['Gula, 1 kg', 'Teh'], 'Gula, 1 kg dan Teh'],
  ])('%j → %s', (items, expected) => {
    expect(formatIndonesianList(items)).toBe(expected);
  });
});
