/** The referral programme API (product.md §3 `/api/v1/referrals`). */
import { z } from 'zod';
import { REFERRAL_REWARD_KINDS } from '../domain/referral.js';
import { MAX_AMOUNT, text } from './common.js';

export const ReferralRewardKind = z.enum(REFERRAL_REWARD_KINDS);

const optionalText = (max: number) => text().trim().max(max).nullable().default(null).transform((v) => (v === null || v === '' ? null : v));

export const ReferralProgramInput = z.object({
  enabled: z.boolean(),
  rewardKind: ReferralRewardKind,
  /** The voucher code the referrer gets (rewardKind voucher). */
  rewardVoucher: optionalText(100),
  /** The fixed amount in IDR the referrer gets (rewardKind amount). */
  rewardAmount: z.number().gt(0).lt(MAX_AMOUNT).nullable().default(null),
  /** The referred person's first paid order must total at least this (IDR). */
  minOrderTotal: z.number().min(0).lt(MAX_AMOUNT).default(0),
  /** What the referred friend is offered (shown to the shop's team; e.g. a welcome voucher), or null. */
  welcomeReward: optionalText(200),
  /** Where the short link /r/<code> sends a visitor (with ?ref=<code>); http or https. */
  landingUrl: optionalText(2000),
});
export type ReferralProgramInput = z.input<typeof ReferralProgramInput>;

export const ReferralProgram = z.object({
  enabled: z.boolean(),
  rewardKind: ReferralRewardKind,
  rewardVoucher: z.string().nullable(),
  rewardAmount: z.number().nullable(),
  minOrderTotal: z.number(),
  welcomeReward: z.string().nullable(),
  landingUrl: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** SAPA_PUBLIC_URL + /r/: what every short link starts with, or null when the server has no public URL. */
  linkBase: z.string().nullable(),
});
export type ReferralProgram = z.infer<typeof ReferralProgram>;

export const ReferrerListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const Referrer = z.object({
  contactId: z.uuid(),
  name: z.string(),
  code: z.string().nullable(),
  referred: z.number().int(),
  paid: z.number().int(),
  revenue: z.number(),
  rewards: z.number().int(),
});
export const ReferrerList = z.object({ items: z.array(Referrer) });
export type ReferrerList = z.infer<typeof ReferrerList>;

export const ContactReferral = z.object({
  code: z.string(),
  /** The short link, or null when the server has no SAPA_PUBLIC_URL. */
  link: z.string().nullable(),
  referredBy: z.object({ contactId: z.uuid(), name: z.string() }).nullable(),
  referred: z.number().int(),
  rewards: z.number().int(),
});
export type ContactReferral = z.infer<typeof ContactReferral>;
