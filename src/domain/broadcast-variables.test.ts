import { describe, expect, it } from 'vitest';
import { broadcastValues } from './broadcast-variables.js';
import { cappedByFrequency } from './delivery-rules.js';

describe('broadcastValues', () => {
  it('fills name, sender and custom fields; built-ins win over a custom field of the same name', () => {
    expect(broadcastValues({ name: 'Budi', customFields: { kota: 'Bandung', contactname: 'X' } }, 'Sari'))
      .toEqual({ kota: 'Bandung', contactname: 'Budi', username: 'Sari', referralcode: undefined, referrallink: undefined });
  });
  it('fills the referral code and link given, and a custom field never shadows them', () => {
    expect(broadcastValues({ name: 'Budi', customFields: { referralcode: 'X' } }, 'Sari', { code: 'ABCD2345', link: 'https://s.test/r/ABCD2345' }))
      .toMatchObject({ referralcode: 'ABCD2345', referrallink: 'https://s.test/r/ABCD2345' });
  });
});

describe('cappedByFrequency', () => {
  const cap = () => ({ count: 2, days: 7 });
  const m = (id: string, contactId: string, recentMarketing: number, category: 'marketing' | 'utility' = 'marketing', channel: 'whatsapp' | 'email' = 'whatsapp') =>
    ({ id, contactId, channel, category, recentMarketing });

  it('lets each contact and channel reach the cap, counting what it was sent lately and earlier messages of the batch', () => {
    const capped = cappedByFrequency([m('a1', 'A', 0), m('a2', 'A', 0), m('a3', 'A', 0), m('b1', 'B', 1), m('b2', 'B', 1), m('c1', 'C', 2)], cap);
    expect([...capped].sort()).toEqual(['a3', 'b2', 'c1']);
  });

  it('exempts utility messages, other channels and a switched-off cap', () => {
    expect(cappedByFrequency([m('u', 'A', 5, 'utility'), m('e', 'A', 0, 'marketing', 'email')], cap).size).toBe(0);
    expect(cappedByFrequency([m('x', 'A', 9)], () => ({ count: 0, days: 7 })).size).toBe(0);
  });
});
