import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REFERRAL_CODE_ALPHABET, decideReward, firstPaidOrder, isSelfReferral, landingUrlWithCode, normalizeReferralCode, referralCodeFromBytes,
  referralLink, rewardText, checkReferralProgram, usesReferralValues, type ReferralOrder, type ReferralProgram,
} from './referral.js';

const PROGRAM: ReferralProgram = { enabled: true, rewardKind: 'amount', rewardVoucher: null, rewardAmount: 50_000, minOrderTotal: 100_000 };
const ANI = { id: 'a', phone: '+6281200000001', email: 'ani@toko.test' };
const BUDI = { id: 'b', phone: '+6281200000002', email: 'budi@toko.test' };
const at = (iso: string) => new Date(iso);
const paid = (id: string, total: number | null, paidAt: string, status = 'order.paid'): ReferralOrder => ({ id, total, status, paidAt: at(paidAt) });
const decide = (orders: ReferralOrder[], over: Partial<Parameters<typeof decideReward>[0]> = {}) =>
  decideReward({ program: PROGRAM, referrer: ANI, referred: BUDI, alreadyRewarded: false, orders, ...over });

describe('referral codes', () => {
  it('draws 8 symbols of the unambiguous alphabet, skipping bytes that would bias it', () => {
    expect(referralCodeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))).toBe('23456789');
    // 248..255 are dropped (256 = 8 × 31 + 8): the code is made from the bytes after them.
    expect(referralCodeFromBytes(new Uint8Array([255, 248, 30, 30, 30, 30, 30, 30, 30, 30]))).toBe('ZZZZZZZZ');
    expect(referralCodeFromBytes(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(REFERRAL_CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('every code drawn from any bytes is accepted back by normalize, as typed in lower case with dashes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 40 }), (bytes) => {
      const code = referralCodeFromBytes(bytes);
      if (code === null) return;
      expect(code).toHaveLength(8);
      expect(normalizeReferralCode(code)).toBe(code);
      expect(normalizeReferralCode(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
    }));
  });

  it('ignores what cannot be a code instead of failing', () => {
    for (const bad of ['', 'ABC', 'ABCDEFG0', 'ABCDEFGI', 'ABCDEFGHJ', '\u0000BCDEFGH', '\ud800BCDEFGH', null, undefined]) expect(normalizeReferralCode(bad)).toBeNull();
    fc.assert(fc.property(fc.string(), (s) => {
      const n = normalizeReferralCode(s);
      if (n !== null) expect([...n].every((ch) => REFERRAL_CODE_ALPHABET.includes(ch))).toBe(true);
    }));
  });

  it('builds the short link under the public URL and the landing URL with ?ref=', () => {
    expect(referralLink('https://sapa.toko.test/', 'ABCD2345')).toBe('https://sapa.toko.test/r/ABCD2345');
    expect(referralLink(undefined, 'ABCD2345')).toBeNull();
    expect(landingUrlWithCode('https://toko.test/promo?utm_source=wa', 'ABCD2345')).toBe('https://toko.test/promo?utm_source=wa&ref=ABCD2345');
    expect(landingUrlWithCode('https://toko.test/?ref=OLD', 'ABCD2345')).toBe('https://toko.test/?ref=ABCD2345');
  });

  it('knows which templates use the contact\'s referral variables', () => {
    expect(usesReferralValues(['Ajak teman: {referrallink}'])).toBe(true);
    expect(usesReferralValues([null, 'Kode {ReferralCode|-}'])).toBe(true);
    expect(usesReferralValues(['Halo {contactname}, {{referrallink}}'])).toBe(false);
  });
});

describe('self-referral', () => {
  it('is the same contact, the same phone or the same email (any case)', () => {
    expect(isSelfReferral(ANI, ANI)).toBe(true);
    expect(isSelfReferral(ANI, { ...BUDI, phone: ANI.phone })).toBe(true);
    expect(isSelfReferral(ANI, { ...BUDI, email: ' ANI@Toko.test ' })).toBe(true);
    expect(isSelfReferral(ANI, BUDI)).toBe(false);
    expect(isSelfReferral({ id: 'a', phone: null, email: null }, { id: 'b', phone: null, email: null })).toBe(false);
  });
});

describe('the reward rule', () => {
  it('earns on the first paid order at or above the minimum', () => {
    expect(decide([paid('o1', 100_000, '2026-12-01T10:00:00Z')])).toEqual({ earned: true, orderId: 'o1', orderTotal: 100_000 });
  });

  it('refuses before payment, below the minimum, for self-referral, twice, or with the programme off', () => {
    expect(decide([{ id: 'o1', total: 500_000, status: 'order.created', paidAt: null }])).toEqual({ earned: false, reason: 'not_paid' });
    expect(decide([])).toEqual({ earned: false, reason: 'not_paid' });
    expect(decide([paid('o1', 99_999, '2026-12-01T10:00:00Z')])).toEqual({ earned: false, reason: 'below_minimum' });
    expect(decide([paid('o1', null, '2026-12-01T10:00:00Z')])).toEqual({ earned: false, reason: 'below_minimum' });
    expect(decide([paid('o1', 200_000, '2026-12-01T10:00:00Z')], { referred: { ...BUDI, email: ANI.email } })).toEqual({ earned: false, reason: 'self_referral' });
    expect(decide([paid('o1', 200_000, '2026-12-01T10:00:00Z')], { alreadyRewarded: true })).toEqual({ earned: false, reason: 'already_rewarded' });
    expect(decide([paid('o1', 200_000, '2026-12-01T10:00:00Z')], { program: { ...PROGRAM, enabled: false } })).toEqual({ earned: false, reason: 'program_disabled' });
    expect(decide([paid('o1', 200_000, '2026-12-01T10:00:00Z')], { program: null })).toEqual({ earned: false, reason: 'program_disabled' });
    expect(decide([paid('o1', 200_000, '2026-12-01T10:00:00Z')], { referrer: null })).toEqual({ earned: false, reason: 'not_referred' });
  });

  it('judges only the first paid order: a bigger second order does not make up for a small first one', () => {
    const orders = [paid('big', 900_000, '2026-12-03T10:00:00Z'), paid('small', 10_000, '2026-12-01T10:00:00Z')];
    expect(decide(orders)).toEqual({ earned: false, reason: 'below_minimum' });
    expect(firstPaidOrder(orders)?.id).toBe('small');
  });

  it('skips a cancelled order and breaks ties by id, so every worker picks the same order', () => {
    const orders = [paid('c', 900_000, '2026-12-01T09:00:00Z', 'order.cancelled'), paid('y', 150_000, '2026-12-02T10:00:00Z'), paid('x', 150_000, '2026-12-02T10:00:00Z')];
    expect(decide(orders)).toEqual({ earned: true, orderId: 'x', orderTotal: 150_000 });
  });

  it('writes the reward as the referrer reads it', () => {
    expect(rewardText({ rewardKind: 'amount', rewardVoucher: null, rewardAmount: 50_000 })).toBe('Rp50.000');
    expect(rewardText({ rewardKind: 'voucher', rewardVoucher: 'TEMAN25', rewardAmount: null })).toBe('TEMAN25');
  });

  it('refuses settings that cannot work, by field', () => {
    const base = { ...PROGRAM, landingUrl: null };
    expect(checkReferralProgram(base)).toEqual([]);
    expect(checkReferralProgram({ ...base, rewardKind: 'voucher', rewardVoucher: ' ' })).toEqual([{ field: 'rewardVoucher', reason: 'required' }]);
    expect(checkReferralProgram({ ...base, rewardAmount: 0 })).toEqual([{ field: 'rewardAmount', reason: 'required' }]);
    expect(checkReferralProgram({ ...base, landingUrl: 'javascript:alert(1)' })).toEqual([{ field: 'landingUrl', reason: 'invalid_url' }]);
    expect(checkReferralProgram({ ...base, landingUrl: 'toko.test' })).toEqual([{ field: 'landingUrl', reason: 'invalid_url' }]);
  });
});
