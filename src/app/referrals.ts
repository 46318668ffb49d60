/**
 * The referral programme (issue 11 part 1): the workspace's programme, each contact's code and
 * short link (made on first use, then stable), linking a referred contact when its code arrives
 * with an event, and the reward — decided by the domain rule, made once by the store's unique
 * index, and announced as Sapa's own `referral.reward_earned` event so that automations and
 * journeys can send on it.
 */
import {
  checkReferralProgram, decideReward, isSelfReferral, landingUrlWithCode, normalizeReferralCode, referralCodeFromBytes, referralLink, rewardText,
} from '../domain/referral.js';
import { requirePermission } from './auth.js';
import { AppError, found } from './errors.js';
import type { Deps, Principal } from './ports.js';
import type { ReferralProgramRecord, ReferrerRow, RewardRecord } from './referral.port.js';

type StoreDeps = Pick<Deps, 'store' | 'clock' | 'random'> & { publicUrl?: string | undefined };

/** The programme a workspace has before it saves one: off, with a voucher reward to fill in. */
export const DEFAULT_PROGRAM: ReferralProgramRecord = {
  enabled: false, rewardKind: 'voucher', rewardVoucher: null, rewardAmount: null, minOrderTotal: 0, welcomeReward: null, landingUrl: null, updatedAt: null,
};

export async function getReferralProgram(deps: Pick<Deps, 'store'>, principal: Principal): Promise<ReferralProgramRecord> {
  return (await deps.store.referrals.program(principal.workspaceId)) ?? DEFAULT_PROGRAM;
}

/** Saves the programme; 422 naming each field whose value cannot work (an empty voucher, a landing URL that is no web address). */
export async function saveReferralProgram(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: Omit<ReferralProgramRecord, 'updatedAt'>): Promise<ReferralProgramRecord> {
  requirePermission(principal, 'automations:write');
  const problems = checkReferralProgram(input);
  if (problems.length > 0) throw new AppError('referral.invalid', 'The referral programme cannot work like this', problems);
  return deps.store.referrals.saveProgram(principal.workspaceId, input, deps.clock.now());
}

/** How many fresh codes to draw before giving up: a clash is about one in 10^5 at a million codes, two in a row never happen. */
const CODE_ATTEMPTS = 6;

/** The contact's referral code, made now if it has none (stable from then on); null for a contact that is not this workspace's. */
export async function ensureReferralCode(deps: StoreDeps, workspaceId: string, contactId: string): Promise<string | null> {
  const existing = await deps.store.referrals.codeOf(workspaceId, contactId);
  if (existing) return existing;
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = referralCodeFromBytes(Buffer.from(deps.random.token(24), 'base64url'));
    if (!code) continue;
    const claimed = await deps.store.referrals.claimCode(workspaceId, contactId, code);
    if (claimed) return claimed;
    // No code: the contact is not ours, or the code was another's — which one, the next read tells.
    if (!(await deps.store.contacts.get(workspaceId, contactId))) return null;
  }
  throw new Error('no free referral code after several draws');
}

/**
 * Codes and links for many contacts at once (a broadcast's batch), made for those without one:
 * one statement per draw, a few draws at most (a clash with a taken code is rare).
 */
export async function referralCodesFor(deps: StoreDeps, contacts: readonly { workspaceId: string; contactId: string }[]): Promise<Map<string, { code: string; link: string | null }>> {
  const out = new Map<string, { code: string; link: string | null }>();
  let pending = [...new Map(contacts.map((c) => [c.contactId, c])).values()];
  for (let attempt = 0; attempt < CODE_ATTEMPTS && pending.length > 0; attempt++) {
    const drafts = pending.flatMap((c) => {
      const code = referralCodeFromBytes(Buffer.from(deps.random.token(24), 'base64url'));
      return code ? [{ ...c, code }] : [];
    });
    const got = await deps.store.referrals.claimCodes(drafts);
    for (const [contactId, code] of got) out.set(contactId, { code, link: referralLink(deps.publicUrl, code) });
    // A contact erased meanwhile never gets one: it simply stays out of the answer after the last draw.
    pending = pending.filter((c) => !got.has(c.contactId));
  }
  return out;
}

/** A contact's code and link (made on first use) and where it stands in the programme. */
export async function contactReferral(deps: StoreDeps, principal: Principal, contactId: string) {
  const ws = principal.workspaceId;
  found(await deps.store.contacts.get(ws, contactId), 'Contact');
  const code = found(await ensureReferralCode(deps, ws, contactId), 'Contact');
  const summary = await deps.store.referrals.contactSummary(ws, contactId);
  return { code, link: referralLink(deps.publicUrl, code), ...summary };
}

/** Values of {referralcode} and {referrallink} for one contact, making its code on first use. */
export async function referralValues(deps: StoreDeps, workspaceId: string, contactId: string): Promise<{ code: string; link: string | null } | null> {
  const code = await ensureReferralCode(deps, workspaceId, contactId);
  return code ? { code, link: referralLink(deps.publicUrl, code) } : null;
}

export async function referrerRanking(deps: Pick<Deps, 'store'>, principal: Principal, limit: number): Promise<ReferrerRow[]> {
  return deps.store.referrals.ranking(principal.workspaceId, limit);
}

/**
 * Where the short link /r/<code> sends a visitor: the shop's landing URL with the code, or null
 * (unknown code, or no landing URL configured) — the route answers a plain page then.
 */
export async function shortLinkTarget(deps: Pick<Deps, 'store'>, rawCode: string): Promise<string | null> {
  const code = normalizeReferralCode(rawCode);
  if (!code) return null;
  const owner = await deps.store.referrals.ownerOfCode(code);
  if (!owner) return null;
  const program = await deps.store.referrals.program(owner.workspaceId);
  if (!program?.enabled || !program.landingUrl) return null;
  return landingUrlWithCode(program.landingUrl, code);
}

/** One stored event as referral processing reads it. */
export interface ReferralEventFact {
  eventId: string;
  contactId: string;
  referralCode: string | undefined;
  hasOrder: boolean;
}

/** The referral.reward_earned event of a reward, for the intake (its key makes it once). */
export interface RewardEvent {
  key: string;
  occurredAt: Date;
  referrer: { externalId: string | null; phone: string | null; email: string | null };
  referral: { code: string | null; link: string | null; referredName: string; reward: string };
}

/** Stores (through the intake) the events of rewards; see rewardEventOf. */
export type EmitRewardEvents = (events: readonly RewardEvent[]) => Promise<void>;

/** The key of a reward's event: one event per reward, whoever makes it (the intake, the sweep). */
export function rewardEventKey(rewardId: string): string {
  return `referral.reward_earned:${rewardId}`;
}

/**
 * After an intake batch committed: links the contacts whose events carried a code, then decides
 * the rewards of referred contacts whose events carried an order. Safe to repeat (the indexes
 * keep links and rewards once); what a crash leaves undone the sweep does.
 */
export async function processReferralEvents(deps: StoreDeps, workspaceId: string, facts: readonly ReferralEventFact[], emit: EmitRewardEvents): Promise<void> {
  const withCode = facts.filter((f) => f.referralCode !== undefined);
  const withOrder = facts.filter((f) => f.hasOrder);
  if (withCode.length === 0 && withOrder.length === 0) return;
  const program = await deps.store.referrals.program(workspaceId);
  if (!program?.enabled) return;
  const now = deps.clock.now();

  for (const f of withCode) {
    const code = normalizeReferralCode(f.referralCode);
    if (!code) continue;
    const owner = await deps.store.referrals.ownerOfCode(code);
    if (!owner || owner.workspaceId !== workspaceId) continue;
    const people = await deps.store.referrals.contacts(workspaceId, [owner.contactId, f.contactId]);
    const referrer = people.get(owner.contactId);
    const referred = people.get(f.contactId);
    if (!referrer || !referred || isSelfReferral(referrer, referred)) continue;
    await deps.store.referrals.link(workspaceId, { referrerContactId: referrer.id, referredContactId: referred.id, code, eventId: f.eventId }, now);
  }
  const candidates = [...new Set([...withOrder, ...withCode].map((f) => f.contactId))];
  await decideRewards(deps, workspaceId, program, candidates, emit);
}

/** Decides and stores the rewards of these (possibly) referred contacts; emits the event of each new one. */
export async function decideRewards(deps: StoreDeps, workspaceId: string, program: ReferralProgramRecord, contactIds: readonly string[], emit: EmitRewardEvents): Promise<RewardRecord[]> {
  const made: RewardRecord[] = [];
  for (const facts of await deps.store.referrals.rewardFacts(workspaceId, contactIds)) {
    const decision = decideReward({ program, referrer: facts.referrer, referred: facts.referred, alreadyRewarded: facts.alreadyRewarded, orders: facts.orders });
    if (!decision.earned) {
      // Only the first paid order counts: once it fell short, no later order can earn the reward.
      if (decision.reason === 'below_minimum' || decision.reason === 'self_referral') await deps.store.referrals.closeReferral(workspaceId, facts.referralId, decision.reason);
      continue;
    }
    const reward = await deps.store.referrals.insertReward(workspaceId, {
      referralId: facts.referralId, referrerContactId: facts.referrer.id, referredContactId: facts.referred.id,
      orderId: decision.orderId, orderTotal: decision.orderTotal, rewardKind: program.rewardKind, rewardText: rewardText(program),
      rewardAmount: program.rewardKind === 'amount' ? program.rewardAmount : null,
    }, deps.clock.now());
    if (reward) made.push(reward);
  }
  if (made.length > 0) await emit(await rewardEvents(deps, workspaceId, made));
  return made;
}

/**
 * The referral.reward_earned events of stored rewards (the outbound webhook for it is written by a
 * trigger on referral_rewards, in the reward's own transaction: migration 0032).
 */
export async function rewardEvents(deps: StoreDeps, workspaceId: string, rewards: readonly RewardRecord[]): Promise<RewardEvent[]> {
  const people = await deps.store.referrals.contacts(workspaceId, rewards.flatMap((w) => [w.referrerContactId, w.referredContactId]));
  const events: RewardEvent[] = [];
  for (const w of rewards) {
    const referrer = people.get(w.referrerContactId);
    if (!referrer) continue;
    const code = await ensureReferralCode(deps, workspaceId, referrer.id);
    events.push({
      key: rewardEventKey(w.id),
      occurredAt: w.createdAt,
      referrer: { externalId: referrer.externalId, phone: referrer.phone, email: referrer.email },
      referral: { code, link: code ? referralLink(deps.publicUrl, code) : null, referredName: people.get(w.referredContactId)?.name ?? '', reward: w.rewardText },
    });
  }
  return events;
}

/**
 * Repairs what a crash between two steps left: rewards whose event was not stored, and referred
 * customers with a paid order whose reward was never decided. Bounded per call.
 */
export async function sweepReferrals(deps: StoreDeps, emitFor: (workspaceId: string) => EmitRewardEvents, limit: number): Promise<number> {
  let done = 0;
  const orphans = await deps.store.referrals.rewardsWithoutEvent(limit);
  for (const [ws, rewards] of groupBy(orphans, (w) => w.workspaceId)) {
    await emitFor(ws)(await rewardEvents(deps, ws, rewards));
    done += rewards.length;
  }
  const waiting = await deps.store.referrals.referredAwaitingDecision(limit);
  for (const [ws, rows] of groupBy(waiting, (r) => r.workspaceId)) {
    const program = await deps.store.referrals.program(ws);
    if (!program?.enabled) continue;
    done += (await decideRewards(deps, ws, program, rows.map((r) => r.contactId), emitFor(ws))).length;
  }
  return done;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const list = out.get(key(it)) ?? [];
    list.push(it);
    out.set(key(it), list);
  }
  return out;
}
