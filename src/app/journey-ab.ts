/**
 * A/B tests on journey send steps (issue 10 part 4): results per step and the test-then-winner
 * decision. The split and the variant a message records are the step machine's
 * (domain/journeys/send-variants.ts); the statistics are the broadcasts' (app/ab-tests.ts
 * tallyVariants over insights/ab-verdict.ts), conversions credited by insights/attribution.ts
 * within the workspace's window over the journey's messages.
 *
 * Test then winner, for a journey: a broadcast knows its audience up front, a journey does not —
 * contacts arrive one by one, for as long as it runs. So "test on X%" becomes "test on the first
 * N contacts to reach the step (testContacts), or until H hours after the step's first test
 * message (decideAfterHours), whichever comes first". Then the step is decided: the winner by the
 * step's metric, or A (the step's message without a test) when no variant is significantly
 * better; the decision is one row (journey_ab_decisions) written once, by whichever worker's
 * runner tick sees the test over first, and from the next move on every contact reaching the step
 * gets the winner (still recorded with its variant key). Until that tick contacts keep being
 * split, so the test may hold a few more than N (at most one tick's worth of arrivals).
 * The results count only the test's messages (made before the decision): the ones after it all
 * got the winner and are no random sample, and they are shown apart as `sentToWinner`.
 * With the conversion metric, conversions need time (the attribution window): a test decided
 * after N contacts judges the orders placed so far; set decideAfterHours for a fairer verdict.
 */
import type { JourneyAbResults } from '../contracts/journeys.js';
import { SEND_VARIANT_KEYS, hasVariants, sendTestOver, variantContent, type JourneyStep } from '../domain/journeys/index.js';
import { creditedMessages, tallyVariants } from './ab-tests.js';
import { requirePermission } from './auth.js';
import { found } from './errors.js';
import type { JourneyAbDecision, JourneyRecord } from './journey.port.js';
import type { Deps, Principal } from './ports.js';

const HOUR = 3_600_000;
type SendStep = Extract<JourneyStep, { kind: 'send' }>;

/** Every A/B send step's results of a journey of the principal's workspace (404 for another's; no steps without tests). */
export async function journeyAbResults(deps: Pick<Deps, 'store'>, principal: Principal, journeyId: string): Promise<JourneyAbResults> {
  requirePermission(principal, 'messages:read');
  const journey = found(await deps.store.journeys.get(principal.workspaceId, journeyId), 'Journey');
  return resultsOf(deps, journey);
}

async function resultsOf(deps: Pick<Deps, 'store'>, journey: JourneyRecord, only?: string): Promise<JourneyAbResults> {
  const workspace = found(await deps.store.workspaces.get(journey.workspaceId), 'Workspace');
  const steps = journey.definition.steps.filter(hasVariants).filter((s) => only === undefined || s.id === only);
  if (steps.length === 0) return { journeyId: journey.id, attributionWindowHours: workspace.attributionWindowHours, currency: 'IDR', steps: [] };
  const [rows, decisions] = await Promise.all([deps.store.journeys.variantMessages(journey.workspaceId, journey.id), deps.store.journeys.abDecisions(journey.workspaceId, journey.id)]);
  const windowMs = workspace.attributionWindowHours * HOUR;
  const credited = await creditedMessages(deps, journey.workspaceId, { kind: 'journey', id: journey.id }, windowMs, rows.some((r) => r.sentAt !== null));
  return {
    journeyId: journey.id, attributionWindowHours: workspace.attributionWindowHours, currency: 'IDR',
    steps: steps.map((step) => stepResults(step, rows.filter((r) => r.stepId === step.id), credited, decisions.find((d) => d.stepId === step.id) ?? null)),
  };
}

function stepResults(step: SendStep & { variants: NonNullable<SendStep['variants']> }, rows: Awaited<ReturnType<Deps['store']['journeys']['variantMessages']>>,
  credited: Parameters<typeof tallyVariants>[2], decision: JourneyAbDecision | null): JourneyAbResults['steps'][number] {
  const ab = step.abTest ?? { metric: 'conversion' as const, testContacts: null, decideAfterHours: null, allowMultipleChanges: false };
  const inTest = decision === null ? rows : rows.filter((r) => r.createdAt < decision.decidedAt);
  const variants = step.variants.map((v, i) => ({ key: SEND_VARIANT_KEYS[i]!, weight: v.weight, ...variantContent(step, v) }));
  const tally = tallyVariants(variants, inTest, credited, ab.metric);
  const first = inTest.reduce<Date | null>((m, r) => (m === null || r.createdAt < m ? r.createdAt : m), null);
  const thenWinner = ab.testContacts !== null || ab.decideAfterHours !== null;
  return {
    stepId: step.id, metric: ab.metric, testContacts: ab.testContacts, decideAfterHours: ab.decideAfterHours,
    variants: tally.variants.map((v, i) => ({ ...v, channels: [...variants[i]!.channels] })),
    test: tally.test, verdict: tally.verdict, winner: tally.winner,
    phase: !thenWinner ? 'single' : decision === null ? 'testing' : 'decided',
    firstSentAt: first?.toISOString() ?? null,
    decideBy: thenWinner && first !== null && ab.decideAfterHours !== null ? new Date(first.getTime() + ab.decideAfterHours * HOUR).toISOString() : null,
    decidedAt: decision?.decidedAt.toISOString() ?? null, sentToRest: decision?.winner ?? null,
    sentToWinner: decision === null ? 0 : rows.length - inTest.length,
  };
}

/**
 * Decides every send step whose test-then-winner is over (any worker; see the file's doc): the
 * winner by the step's metric, or A when none is significant. Returns `<journey>:<step>` of those
 * decided here.
 */
export async function decideDueJourneyAbTests(deps: Pick<Deps, 'store' | 'clock' | 'log'>, limit = 500): Promise<string[]> {
  const now = deps.clock.now();
  const decided: string[] = [];
  for (const u of await deps.store.journeyRunner.abUndecided(limit)) {
    const step = u.definition.steps.find((s) => s.id === u.stepId);
    if (!step || step.kind !== 'send' || !step.abTest) continue;
    if (!sendTestOver(step.abTest, { sent: u.testSent, firstSentAt: u.firstSentAt }, now)) continue;
    const journey = await deps.store.journeys.get(u.workspaceId, u.journeyId);
    if (!journey) continue;
    const [r] = (await resultsOf(deps, journey, u.stepId)).steps;
    if (!r) continue;
    const winner = r.winner ?? SEND_VARIANT_KEYS[0];
    if (await deps.store.journeyRunner.abDecide(u, { winner, verdict: r.verdict, pValue: r.test.pValue, decidedAt: now })) {
      deps.log.info({ journeyId: u.journeyId, stepId: u.stepId, winner, verdict: r.verdict, pValue: r.test.pValue }, 'journey A/B test decided: the step sends the winner from now on');
      decided.push(`${u.journeyId}:${u.stepId}`);
    }
  }
  return decided;
}
