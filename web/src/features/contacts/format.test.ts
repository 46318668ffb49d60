import { describe, expect, it } from 'vitest';
import { formatMoney } from './format.js';

describe('contact page amounts', () => {
  it('shows rupiah without decimals unless there are some, in each language', () => {
    expect(formatMoney(100000, 'IDR', 'id').replace(/\s/g, ' ')).toBe('Rp 100.000');
    expect(formatMoney(25000.5, 'IDR', 'id').replace(/\s/g, ' ')).toBe('Rp 25.000,5');
    expect(formatMoney(100000, 'IDR', 'en')).toMatch(/^IDR\s?100,000$/);
  });
  it('keeps an unknown currency code instead of failing', () => {
    expect(formatMoney(5, 'XX', 'id')).toBe('XX 5');
  });
});
