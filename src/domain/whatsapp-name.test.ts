import { describe, expect, it } from 'vitest';
import { defaultWhatsappName } from './whatsapp-name.js';

// Edge cases: spaces and punctuation collapse to one _, accents drop, nothing usable → 'template'.
describe('defaultWhatsappName', () => {
  it.each([
    ['Terima Kasih Pembelian', 'terima_kasih_pembelian'],
    ['TERIMA_KASIH_ORDER', 'terima_kasih_order'],
    ['  Promo #1 — Lebaran!  ', 'promo_1_lebaran'],
    ['Café Crème', 'cafe_creme'],
    ['***', 'template'],
  ])('%s → %s', (code, name) => {
    expect(defaultWhatsappName(code)).toBe(name);
  });
});
