import { describe, expect, it } from 'vitest';
import { triggerLabel, triggerOptions } from './trigger-labels.js';

describe('trigger labels', () => {
  it('reads Indonesian in the Indonesian UI and the seed label in the English one', () => {
    expect(triggerLabel('order.delivery', 'id')).toBe('Pesanan dikirim');
    expect(triggerLabel('order.delivery', 'en')).toBe('Contact Order Delivery');
    expect(triggerLabel('order.refunded', 'id')).toBe('order.refunded');
    expect(triggerLabel(undefined, 'id')).toBe('');
  });

  it('offers the triggers in lifecycle order, the English label beside the Indonesian one', () => {
    expect(triggerOptions('id').map((o) => o.label)).toEqual(['Kontak baru', 'Pesanan dibuat', 'Pesanan dibayar', 'Pesanan dikirim', 'Pengingat pengiriman', 'Pesanan diterima', 'Hadiah referral didapat']);
    expect(triggerOptions('id')[2]).toEqual({ value: 'order.paid', label: 'Pesanan dibayar', description: 'Contact Order Paid' });
    expect(triggerOptions('en').map((o) => o.label)).toEqual(['Contact Created', 'Contact Order Created', 'Contact Order Paid', 'Contact Order Delivery', 'Contact Order Followup Delivery', 'Contact Order Received', 'Referral Reward Earned']);
    expect(triggerOptions('en').every((o) => o.description === null)).toBe(true);
  });
});
