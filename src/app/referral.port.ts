/** The referral programme's store (adapters/db/referral.sql.ts): programme, codes, links, rewards and the ranking. */
import type { ReferralOrder, ReferralParty, ReferralProgram, ReferralRewardKind } from '../domain/referral.js';

export interface ReferralProgramRecord extends ReferralProgram {
  readonly welcomeReward: string | null;
  readonly landingUrl: string | null;
  readonly updatedAt: Date | null;
}

/** A contact as referral rules and messages need them. */
export interface ReferralContact extends ReferralParty {
  readonly name: string;
  readonly externalId: string | null;
}

/** What the reward rule needs about one referred contact (domain decideReward). */
export interface RewardFacts {
  readonly referralId: string;
  readonly referrer: ReferralContact;
  readonly referred: ReferralContact;
  readonly alreadyRewarded: boolean;
  readonly orders: readonly ReferralOrder[];
}

export interface NewReward {
  readonly referralId: string;
  readonly referrerContactId: string;
  readonly referredContactId: string;
  readonly orderId: string;
  readonly orderTotal: number;
  readonly rewardKind: ReferralRewardKind;
  readonly rewardText: string;
  readonly rewardAmount: number | null;
}

/** A stored reward with what its referral.reward_earned event says. */
export interface RewardRecord extends NewReward {
  readonly id: string;
  readonly workspaceId: string;
  readonly createdAt: Date;
}

/** One referrer's line in the ranking (referred revenue: paid, not cancelled orders of the people they referred). */
export interface ReferrerRow {
  readonly contactId: string;
  readonly name: string;
  readonly code: string | null;
  readonly referred: number;
  readonly paid: number;
  readonly revenue: number;
  readonly rewards: number;
}

export interface ReferralStore {
  /** The workspace's programme, or null before it was ever saved. */
  program(workspaceId: string): Promise<ReferralProgramRecord | null>;
  saveProgram(workspaceId: string, program: Omit<ReferralProgramRecord, 'updatedAt'>, now: Date): Promise<ReferralProgramRecord>;
  /** The contact's code, or null when it has none yet. */
  codeOf(workspaceId: string, contactId: string): Promise<string | null>;
  /**
   * Gives the contact `code` unless it already has one; answers the contact's code after the
   * attempt, or null when `code` is taken by another contact (draw another) or the contact is not
   * this workspace's.
   */
  claimCode(workspaceId: string, contactId: string, code: string): Promise<string | null>;
  /**
   * Gives each contact without a code the drafted one (set-wise: one statement); answers every
   * given contact's code that it now has. A contact missing from the answer drew a taken code.
   */
  claimCodes(drafts: readonly { workspaceId: string; contactId: string; code: string }[]): Promise<Map<string, string>>;
  /** Whose code this is, in any workspace (the short link carries only the code). */
  ownerOfCode(code: string): Promise<{ workspaceId: string; contactId: string } | null>;
  /** Contacts by id, with the fields self-referral checks and messages read. */
  contacts(workspaceId: string, contactIds: readonly string[]): Promise<Map<string, ReferralContact>>;
  /** Links a referred contact to its referrer; false when it already had one (the first code wins). */
  link(workspaceId: string, link: { referrerContactId: string; referredContactId: string; code: string; eventId: string | null }, now: Date): Promise<boolean>;
  /** The reward facts of those of these contacts who were referred. */
  rewardFacts(workspaceId: string, referredContactIds: readonly string[]): Promise<RewardFacts[]>;
  /** Marks a referral as never to be rewarded (the first paid order was below the minimum). */
  closeReferral(workspaceId: string, referralId: string, reason: string): Promise<void>;
  /** Stores a reward; null when the referred contact already earned one (unique index). */
  insertReward(workspaceId: string, reward: NewReward, now: Date): Promise<RewardRecord | null>;
  /** Rewards whose referral.reward_earned event is not stored (a crash between the two), oldest first. */
  rewardsWithoutEvent(limit: number): Promise<RewardRecord[]>;
  /** Referred contacts of enabled programmes with a paid order, no reward yet and not closed (the sweep re-decides them). */
  referredAwaitingDecision(limit: number): Promise<{ workspaceId: string; contactId: string }[]>;
  /** Referrers ranked by referred revenue, then referred count. */
  ranking(workspaceId: string, limit: number): Promise<ReferrerRow[]>;
  /** Who referred this contact, and how many it referred. */
  contactSummary(workspaceId: string, contactId: string): Promise<{ referredBy: { contactId: string; name: string } | null; referred: number; rewards: number }>;
}
