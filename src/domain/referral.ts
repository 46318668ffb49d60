/**
 * The referral programme (issue 11 part 1; playbook question 7): personal codes, the link that
 * carries them, and the rule that decides whether a referrer has earned a reward. Pure: the store
 * hands in the facts, randomness comes in as bytes.
 */
import { parseTemplate } from './template/parse.js';

/**
 * Codes are read aloud and typed from a phone screen: no 0/O, 1/I/L, and upper case only. 31
 * symbols and 8 places give 8.5 × 10^11 codes, so a random code rarely meets a taken one (the
 * store's unique index catches the rare clash and a new one is drawn).
 */
export const REFERRAL_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERRAL_CODE_LENGTH = 8;

export const REFERRAL_REWARD_KINDS = ['voucher', 'amount'] as const;
export type ReferralRewardKind = (typeof REFERRAL_REWARD_KINDS)[number];

/** The order status a shop sends to cancel an order: a cancelled order never earns a reward. */
export const CANCELLED_ORDER_STATUS = 'order.cancelled';

/** A workspace's programme as the rule reads it. */
export interface ReferralProgram {
  readonly enabled: boolean;
  readonly rewardKind: ReferralRewardKind;
  /** The voucher code the referrer gets (rewardKind voucher). */
  readonly rewardVoucher: string | null;
  /** The fixed amount in IDR the referrer gets (rewardKind amount). */
  readonly rewardAmount: number | null;
  /** The referred person's first paid order must total at least this (IDR); 0 means any paid order. */
  readonly minOrderTotal: number;
}

/** A person as self-referral checks see them. */
export interface ReferralParty { readonly id: string; readonly phone: string | null; readonly email: string | null }

/** A code from random bytes: one symbol per byte (bytes ≥ 248 are skipped so every symbol is as likely); null when they run out. */
export function referralCodeFromBytes(bytes: Uint8Array): string | null {
  const n = REFERRAL_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  for (const b of bytes) {
    if (b >= limit) continue;
    code += REFERRAL_CODE_ALPHABET[b % n];
    if (code.length === REFERRAL_CODE_LENGTH) return code;
  }
  return null;
}

/**
 * A code as a person typed it, in its stored form (upper case, spaces and dashes dropped), or null
 * when it cannot be one of ours — an unknown-looking code is ignored, never an error, so a shop's
 * event is never refused for it.
 */
export function normalizeReferralCode(input: string | null | undefined): string | null {
  if (typeof input !== 'string') return null;
  const code = input.replace(/[\s-]+/g, '').toUpperCase();
  if (code.length !== REFERRAL_CODE_LENGTH) return null;
  for (const ch of code) if (!REFERRAL_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** The path of a code's short link under SAPA_PUBLIC_URL. */
export function referralPath(code: string): string {
  return `/r/${code}`;
}

/** The short link of a code, or null without a public URL to put in front of it. */
export function referralLink(publicUrl: string | null | undefined, code: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}${referralPath(code)}`;
}

/** The query parameter the shop's landing page receives the code in. */
export const REFERRAL_QUERY_PARAM = 'ref';

/** Where the short link sends a visitor: the shop's landing URL with `?ref=<code>` added (kept beside its own query). */
export function landingUrlWithCode(landingUrl: string, code: string): string {
  const url = new URL(landingUrl);
  url.searchParams.set(REFERRAL_QUERY_PARAM, code);
  return url.toString();
}

const sameEmail = (a: string | null, b: string | null) => a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when referrer and referred are one person: the same contact, or the same phone or email. */
export function isSelfReferral(referrer: ReferralParty, referred: ReferralParty): boolean {
  if (referrer.id === referred.id) return true;
  if (referrer.phone !== null && referrer.phone === referred.phone) return true;
  return sameEmail(referrer.email, referred.email);
}

/** An order as the reward rule reads it. */
export interface ReferralOrder {
  readonly id: string;
  readonly total: number | null;
  readonly status: string;
  readonly paidAt: Date | null;
}

export type RewardDecision =
  | { readonly earned: true; readonly orderId: string; readonly orderTotal: number }
  | { readonly earned: false; readonly reason: RewardRefusal };

export type RewardRefusal =
  | 'program_disabled'
  | 'not_referred'
  | 'self_referral'
  | 'already_rewarded'
  | 'not_paid'
  | 'below_minimum';

/**
 * Whether a referred customer's orders earn their referrer the reward now. Only the FIRST paid
 * (and not cancelled) order counts: when it is below the minimum, no later order makes up for it.
 * The store's unique index on the referred contact keeps it to one reward even when two workers
 * decide at once; this rule only says whether one is due.
 */
export function decideReward(input: {
  readonly program: ReferralProgram | null;
  readonly referrer: ReferralParty | null;
  readonly referred: ReferralParty;
  readonly alreadyRewarded: boolean;
  readonly orders: readonly ReferralOrder[];
}): RewardDecision {
  const { program, referrer, referred } = input;
  if (!program || !program.enabled) return { earned: false, reason: 'program_disabled' };
  if (!referrer) return { earned: false, reason: 'not_referred' };
  if (isSelfReferral(referrer, referred)) return { earned: false, reason: 'self_referral' };
  if (input.alreadyRewarded) return { earned: false, reason: 'already_rewarded' };
  const first = firstPaidOrder(input.orders);
  if (!first) return { earned: false, reason: 'not_paid' };
  const total = first.total ?? 0;
  if (total < program.minOrderTotal) return { earned: false, reason: 'below_minimum' };
  return { earned: true, orderId: first.id, orderTotal: total };
}

/** The earliest paid order that was not cancelled (ties by id, so every worker picks the same one). */
export function firstPaidOrder(orders: readonly ReferralOrder[]): ReferralOrder | null {
  let best: ReferralOrder | null = null;
  for (const o of orders) {
    if (o.paidAt === null || o.status === CANCELLED_ORDER_STATUS) continue;
    if (!best || o.paidAt.getTime() < best.paidAt!.getTime() || (o.paidAt.getTime() === best.paidAt!.getTime() && o.id < best.id)) best = o;
  }
  return best;
}

const RUPIAH = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** IDR as a shop writes it: `Rp50.000`. */
export function formatRupiah(amount: number): string {
  return `Rp${RUPIAH.format(Math.round(amount))}`;
}

/** The reward as the referrer reads it in a message: the voucher code, or the amount in rupiah. */
export function rewardText(program: Pick<ReferralProgram, 'rewardKind' | 'rewardVoucher' | 'rewardAmount'>): string {
  return program.rewardKind === 'voucher' ? (program.rewardVoucher ?? '') : formatRupiah(program.rewardAmount ?? 0);
}

/** Problems of a programme's settings, by field: a reward that says nothing, a landing URL that is no web address. */
export function checkReferralProgram(p: ReferralProgram & { readonly landingUrl: string | null }): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (p.rewardKind === 'voucher' && (p.rewardVoucher === null || p.rewardVoucher.trim() === '')) problems.push({ field: 'rewardVoucher', reason: 'required' });
  if (p.rewardKind === 'amount' && (p.rewardAmount === null || !(p.rewardAmount > 0))) problems.push({ field: 'rewardAmount', reason: 'required' });
  if (p.landingUrl !== null && !isWebAddress(p.landingUrl)) problems.push({ field: 'landingUrl', reason: 'invalid_url' });
  return problems;
}

function isWebAddress(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The contact's own referral variables: allowed in broadcasts, quick messages and referral.reward_earned (triggers.ts). */
export const REFERRAL_CONTACT_VARIABLES = ['referralcode', 'referrallink'] as const;

/** True when any of these template texts uses {referralcode} or {referrallink}: only then is a code made for the contact. */
export function usesReferralValues(texts: readonly (string | null | undefined)[]): boolean {
  for (const text of texts) {
    if (!text) continue;
    for (const node of parseTemplate(text).nodes) {
      if (node.kind === 'variable' && (REFERRAL_CONTACT_VARIABLES as readonly string[]).includes(node.name)) return true;
    }
  }
  return false;
}
