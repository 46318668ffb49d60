/**
 * A send step's A/B variants: which one a contact gets. The split is the broadcasts' (insights/
 * ab-test.ts assignVariant) with the test id `<journey>:<step>`, so a contact gets the same
 * variant at that step in every run and every process, and another step reshuffles contacts.
 * Once the step's test is decided, everyone gets the winner.
 */
import { assignVariant } from '../insights/ab-test.js';
import type { ChannelKind } from '../vocabulary.js';
import type { JourneyStep, SendVariant } from './definition.js';

export const SEND_VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;
export const SEND_AB_LIMITS = { minVariants: 2, maxVariants: 4, maxWeight: 100, maxTestContacts: 1_000_000, maxDecideAfterHours: 24 * 30 } as const;

type SendStep = Extract<JourneyStep, { kind: 'send' }>;

export interface ResolvedSend {
  /** The variant's key (A–D), null for a step without a test. */
  readonly variant: string | null;
  readonly templateId: string;
  readonly channels: readonly ChannelKind[];
}

/** The test id of a send step's split: the journey and the step. */
export const sendTestId = (journeyId: string, stepId: string): string => `${journeyId}:${stepId}`;

/** A variant's template and channels, the step's where it names none. */
export function variantContent(step: SendStep, v: SendVariant): { templateId: string; channels: readonly ChannelKind[] } {
  return { templateId: v.templateId ?? step.templateId, channels: v.channels && v.channels.length > 0 ? v.channels : step.channels };
}

/** Whether a send step carries an A/B test (2–4 variants). */
export function hasVariants(step: JourneyStep): step is SendStep & { variants: readonly SendVariant[] } {
  return step.kind === 'send' && Array.isArray(step.variants) && step.variants.length >= SEND_AB_LIMITS.minVariants;
}

/**
 * What a contact gets at a send step: the winner once decided (a winner key the step no longer has,
 * after an edit, splits again), else its variant by weight; the step itself without a test.
 */
export function resolveSend(step: SendStep, journeyId: string, contactId: string, winner: string | null): ResolvedSend {
  if (!hasVariants(step)) return { variant: null, templateId: step.templateId, channels: step.channels };
  const keyed = step.variants.slice(0, SEND_AB_LIMITS.maxVariants).map((v, i) => ({ key: SEND_VARIANT_KEYS[i]!, v }));
  const decided = winner === null ? undefined : keyed.find((k) => k.key === winner);
  const key = decided?.key
    ?? assignVariant(sendTestId(journeyId, step.id), contactId, keyed.map((k) => ({ id: k.key, weight: k.v.weight })));
  const chosen = keyed.find((k) => k.key === key)!;
  return { variant: key, ...variantContent(step, chosen.v) };
}

/**
 * Whether a send step's test-then-winner is over: `testContacts` messages of the test were made
 * (the first N contacts to reach the step), or `decideAfterHours` have passed since its first test
 * message, whichever comes first. A step that has not sent yet is never over.
 */
export function sendTestOver(ab: { readonly testContacts: number | null; readonly decideAfterHours: number | null }, test: { readonly sent: number; readonly firstSentAt: Date | null }, now: Date): boolean {
  if (test.firstSentAt === null || test.sent === 0) return false;
  if (ab.testContacts !== null && test.sent >= ab.testContacts) return true;
  return ab.decideAfterHours !== null && now.getTime() >= test.firstSentAt.getTime() + ab.decideAfterHours * 3_600_000;
}
