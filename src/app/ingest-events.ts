/**
 * Business events in, as a batch in one transaction: the events whose id is new are stored with
 * their contacts and orders resolved set-wise, and each enabled automation of their trigger gets
 * one message, queued in the same transaction (a job exists if and only if its messages do). A
 * batch is three statements whatever its size (one read, one write, the jobs): each round trip
 * waits behind every other request on a busy event loop, so their count, not the database's work,
 * bounds the intake. The intake (event-intake.ts) groups concurrent requests into batches.
 */
import { isTriggerKey, resolveContacts, type ContactClaim } from '../domain/index.js';
import { isCartEvent } from '../domain/journeys/index.js';
import { updateAfterOrders } from './insights.js';
import type { AutomationCache } from './automation-cache.js';
import { phoneOrThrow } from './contacts.js';
import { deliverJobs } from './delivery-jobs.js';
import type { IntakeTx, OrderItem, OrderUpsert, ProducedMessage } from './engine.port.js';
import { AppError } from './errors.js';
import { planMessage } from './plan-message.js';
import { restageContacts } from './lifecycle.js';
import type { Deps } from './ports.js';
import { processReferralEvents, type RewardEvent } from './referrals.js';
import type { NewMessage } from './records.js';

export interface EventInput {
  id: string;
  type: string;
  /** When it happened; default: when Sapa received it. */
  occurredAt?: string | undefined;
  contact: { externalId?: string | undefined; name?: string | undefined; phone?: string | undefined; email?: string | undefined };
  order?: {
    number: string;
    invoiceNumber?: string | undefined;
    trackingNumber?: string | undefined;
    items: { name: string; quantity: number; price?: number | undefined }[];
    total?: number | undefined;
    currency: string;
  } | undefined;
  user?: { name: string } | undefined;
  /** The referral code the customer came with (a shop's event; issue 11): links them to its owner. */
  referralCode?: string | undefined;
  /** Only on Sapa's own referral.reward_earned events (never from the API): its template values. */
  referral?: { code: string | null; link: string | null; referredName: string; reward: string } | undefined;
}

export interface EventOutcome { eventId: string; created: boolean; contactId: string | null; messages: ProducedMessage[] }

/** An event checked and normalised, ready for a batch. */
export interface PreparedEvent {
  input: EventInput;
  requestId: string | null;
  claim: ContactClaim;
  occurredAt: Date;
  receivedAt: Date;
}

/** Checks one event (phone, order presence) before it joins a batch; throws AppError for a bad one. */
export function prepareEvent(input: EventInput, requestId: string | null, receivedAt: Date): PreparedEvent {
  const phone = phoneOrThrow(input.contact.phone, 'contact.phone') ?? undefined;
  if (input.type.startsWith('order.') && !input.order && isTriggerKey(input.type)) {
    throw new AppError('event.invalid', `Events of type ${input.type} need an order`, [{ field: 'order', reason: 'required' }]);
  }
  const email = input.contact.email?.toLowerCase();
  if (!input.contact.externalId && !phone && !email) {
    throw new AppError('event.invalid', 'The contact needs an externalId, a phone or an email', [{ field: 'contact', reason: 'required' }]);
  }
  const claim: ContactClaim = {
    ...(input.contact.externalId ? { externalId: input.contact.externalId } : {}),
    ...(input.contact.name ? { name: input.contact.name } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
  return { input, requestId, claim, occurredAt: input.occurredAt ? new Date(input.occurredAt) : receivedAt, receivedAt };
}

/**
 * The order an event records, if any. A cart event's `order` is the cart's contents (a journey's
 * {productname}, read from the stored event): a cart is not a purchase, so it is never stored as an
 * order, which would feed RFM, lifecycle, segments and attribution.
 */
export function orderOfEvent(input: Pick<EventInput, 'type' | 'order'>): EventInput['order'] {
  return isCartEvent(input.type) ? undefined : input.order;
}

type IntakeDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'log' | 'onStageChanged' | 'publicUrl'> & { automations: AutomationCache };

/** Ingests a batch of one workspace's events; one outcome per event, in order. Safe to repeat. */
export async function ingestEvents(deps: IntakeDeps, workspaceId: string, events: readonly PreparedEvent[]): Promise<EventOutcome[]> {
  const now = deps.clock.now();
  // Within a batch the same id twice is one event; the later copies answer as repeats of the first.
  const firstOf = new Map<string, number>();
  events.forEach((e, i) => { if (!firstOf.has(e.input.id)) firstOf.set(e.input.id, i); });
  const unique = [...firstOf.values()].map((i) => events[i]!);

  const stored = await deps.store.intake((tx) => ingestUnit(tx, deps, workspaceId, unique, now));
  await refreshInsights(deps, workspaceId, unique, stored);
  // A paid order moves its contact's lifecycle stage now, not at the next sweep; so does a new contact.
  const restage = new Set<string>();
  for (const e of unique) {
    const outcome = stored.get(e.input.id);
    if (outcome?.contactId && (e.input.type === 'order.paid' || outcome.contactCreated)) restage.add(outcome.contactId);
  }
  if (restage.size > 0) await restageContacts(deps, { kind: 'contacts', workspaceId, contactIds: [...restage] });
  await referAfterIntake(deps, workspaceId, unique, stored);

  const outcomes: EventOutcome[] = [];
  for (const [i, e] of events.entries()) {
    const fresh = stored.get(e.input.id);
    if (fresh && firstOf.get(e.input.id) === i) outcomes.push(outcomeOf(fresh));
    else if (fresh) outcomes.push({ ...outcomeOf(fresh), created: false });
    else outcomes.push(await repeatOutcome(deps, workspaceId, e.input.id));
  }
  return outcomes;
}

/**
 * RFM and value of the contacts whose orders this batch stored, updated after the commit (so the
 * update reads them; see adapters/db/insights.sql.ts on why that ordering keeps concurrent runs
 * safe). The events are stored whatever happens here: a failure is logged, and the periodic full
 * run repairs what it missed.
 */
async function refreshInsights(deps: IntakeDeps, workspaceId: string, events: readonly PreparedEvent[], stored: ReadonlyMap<string, EventOutcome>): Promise<void> {
  const contactIds = new Set<string>();
  for (const e of events) {
    const outcome = stored.get(e.input.id);
    if (orderOfEvent(e.input) && outcome?.contactId) contactIds.add(outcome.contactId);
  }
  if (contactIds.size === 0) return;
  try {
    await updateAfterOrders(deps, workspaceId, [...contactIds]);
  } catch (err) {
    deps.log.warn({ err, workspaceId }, 'incremental RFM update failed');
  }
}
/**
 * Referral links and rewards of the batch's new events, after the commit (like the RFM update):
 * the events are stored whatever happens here; a failure is logged, and the referral sweep
 * (app/referrals.ts sweepReferrals) decides what it missed.
 */
async function referAfterIntake(deps: IntakeDeps, workspaceId: string, events: readonly PreparedEvent[], stored: ReadonlyMap<string, EventOutcome>): Promise<void> {
  const facts = [];
  for (const e of events) {
    const outcome = stored.get(e.input.id);
    if (!outcome?.contactId || e.input.type === 'referral.reward_earned') continue;
    const order = orderOfEvent(e.input);
    if (e.input.referralCode === undefined && !order) continue;
    facts.push({ eventId: outcome.eventId, contactId: outcome.contactId, referralCode: e.input.referralCode, hasOrder: order !== undefined });
  }
  if (facts.length === 0) return;
  try {
    await processReferralEvents(deps, workspaceId, facts, emitRewardEvents(deps, workspaceId));
  } catch (err) {
    deps.log.warn({ err, workspaceId }, 'referral processing failed; the referral sweep will retry');
  }
}

/** Stores reward events through the intake itself, so automations and journeys on referral.reward_earned run as for any event. */
export function emitRewardEvents(deps: IntakeDeps, workspaceId: string) {
  return async (events: readonly RewardEvent[]): Promise<void> => {
    const prepared: PreparedEvent[] = [];
    const now = deps.clock.now();
    for (const r of events) {
      const contact = {
        ...(r.referrer.externalId ? { externalId: r.referrer.externalId } : {}),
        ...(r.referrer.phone ? { phone: r.referrer.phone } : {}),
        ...(r.referrer.email ? { email: r.referrer.email } : {}),
      };
      // A referrer with no key cannot be found by an event; the reward row stands, unannounced.
      if (Object.keys(contact).length === 0) continue;
      prepared.push(prepareEvent({ id: r.key, type: 'referral.reward_earned', occurredAt: r.occurredAt.toISOString(), contact, referral: r.referral }, null, now));
    }
    if (prepared.length > 0) await ingestEvents(deps, workspaceId, prepared);
  };
}
const outcomeOf = ({ contactCreated: _, ...outcome }: EventOutcome & { contactCreated?: boolean }): EventOutcome => outcome;

/** What a repeated event id produced the first time. */
async function repeatOutcome(deps: Pick<Deps, 'store'>, workspaceId: string, key: string): Promise<EventOutcome> {
  const seen = await deps.store.events.findByKey(workspaceId, key);
  if (!seen) throw new AppError('event.invalid', 'The event could not be stored');
  const messages = await deps.store.messages.listForEvent(workspaceId, seen.id);
  return {
    eventId: seen.id, created: false, contactId: seen.contactId,
    messages: messages.map((m) => ({
      id: m.id, eventId: m.eventId, automationId: m.automationId, channel: m.channel, status: m.status, failureReason: m.failureReason, scheduledAt: m.scheduledAt, category: m.category,
    })),
  };
}

/** The transaction: returns the outcome of every event it stored, by key (and whether it made the contact). */
async function ingestUnit(tx: IntakeTx, deps: Pick<IntakeDeps, 'automations' | 'random'>, workspaceId: string, events: readonly PreparedEvent[], now: Date): Promise<Map<string, EventOutcome & { contactCreated?: boolean }>> {
  const out = new Map<string, EventOutcome & { contactCreated?: boolean }>();
  const claimsOfAll = events.map((e) => e.claim);
  const looked = await tx.lookup(workspaceId, {
    eventKeys: events.map((e) => e.input.id),
    externalIds: distinct(claimsOfAll.map((c) => c.externalId)),
    phones: distinct(claimsOfAll.map((c) => c.phone)),
    emails: distinct(claimsOfAll.map((c) => c.email)),
    orderNumbers: distinct(events.map((e) => orderOfEvent(e.input)?.number)),
    types: distinct(events.map((e) => e.input.type)),
  });
  const fresh = events.filter((e) => !looked.seen.has(e.input.id));
  if (fresh.length === 0) return out;
  const newId = () => deps.random.uuid();

  // Contacts: every event's contact decided at once over the contacts that hold any of its keys.
  const resolution = resolveContacts(looked.contacts, fresh.map((e) => e.claim));
  const createdIds = resolution.created.map(() => newId());
  const consentOf = new Map(looked.contacts.map((k) => [k.id, k.consent]));
  // A bounced address stays bounced only while it is the same address (the store clears the mark when it changes).
  const bouncedEmailOf = new Map(looked.contacts.filter((k) => k.emailBounced && k.email).map((k) => [k.id, k.email!.toLowerCase()]));
  const contactOf = (i: number) => {
    const ref = resolution.refs[i]!;
    const id = ref.kind === 'known' ? ref.id : createdIds[ref.index]!;
    const email = resolution.emails[i] ?? null;
    return {
      id, name: resolution.names[i]!, phone: resolution.phones[i] ?? null, email, consent: consentOf.get(id) ?? {},
      emailBounced: email !== null && bouncedEmailOf.get(id) === email.toLowerCase(),
    };
  };

  // Orders: one row per number, merged in event order (later events fill in and win); each event
  // sees the order as of itself, as if the batch's events had come one by one.
  const orderRows = new Map<string, OrderUpsert & { id: string }>();
  const itemsOf = new Map<string, readonly OrderItem[]>();
  const orderSeen: ({ id: string; invoiceNumber: string | null; trackingNumber: string | null; items: readonly OrderItem[] } | null)[] = [];
  fresh.forEach((e, i) => {
    const o = orderOfEvent(e.input);
    if (!o) { orderSeen.push(null); return; }
    const stored = looked.orders.get(o.number);
    const prev = orderRows.get(o.number);
    const row: OrderUpsert & { id: string } = {
      id: prev?.id ?? stored?.id ?? newId(),
      contactId: contactOf(i).id,
      number: o.number,
      invoiceNumber: o.invoiceNumber ?? prev?.invoiceNumber ?? null,
      trackingNumber: o.trackingNumber ?? prev?.trackingNumber ?? null,
      total: o.total ?? prev?.total ?? null,
      currency: prev?.currency ?? o.currency,
      status: e.input.type,
      handledBy: e.input.user?.name || prev?.handledBy || null,
      occurredAt: prev?.occurredAt ?? e.occurredAt,
      paidAt: e.input.type === 'order.paid' ? e.occurredAt : (prev?.paidAt ?? null),
    };
    orderRows.set(o.number, row);
    if (o.items.length > 0) itemsOf.set(o.number, o.items);
    orderSeen.push({
      id: row.id,
      invoiceNumber: row.invoiceNumber ?? stored?.invoiceNumber ?? null,
      trackingNumber: row.trackingNumber ?? stored?.trackingNumber ?? null,
      items: itemsOf.get(o.number) ?? stored?.items ?? [],
    });
  });

  const newEvents = fresh.map((e, i) => ({
    id: newId(), key: e.input.id, type: e.input.type, occurredAt: e.occurredAt, receivedAt: e.receivedAt,
    payload: { ...e.input }, contactId: contactOf(i).id, orderId: orderSeen[i]?.id ?? null,
  }));

  const planned: NewMessage[] = [];
  for (const [i, e] of fresh.entries()) {
    const eventId = newEvents[i]!.id;
    const contact = contactOf(i);
    const o = orderOfEvent(e.input);
    const seen = orderSeen[i];
    const order = o && seen ? { number: o.number, invoiceNumber: seen.invoiceNumber, trackingNumber: seen.trackingNumber, items: seen.items } : null;
    const automations = await deps.automations.forTrigger(workspaceId, looked.configVersion, e.input.type, () => tx.enabledAutomations(workspaceId));
    for (const ready of automations) {
      planned.push(planMessage({ workspaceId, eventId, requestId: e.requestId, ready, contact, order, user: e.input.user, referral: e.input.referral, occurredAt: e.occurredAt, now }));
    }
  }

  const written = await tx.write(workspaceId, {
    contactsCreated: resolution.created.map((d, k) => ({ ...d, id: createdIds[k]! })),
    contactsUpdated: resolution.updated,
    orders: [...orderRows.values()],
    items: [...itemsOf].map(([number, items]) => ({ orderId: orderRows.get(number)!.id, items })),
    events: newEvents,
    messages: planned,
  }, now);

  // An event whose key a concurrent request stored meanwhile is that request's to answer.
  for (const [i, e] of fresh.entries()) {
    const eventId = newEvents[i]!.id;
    if (written.events.has(e.input.id)) {
      const ref = resolution.refs[i]!;
      out.set(e.input.id, { eventId, created: true, contactId: contactOf(i).id, messages: [], contactCreated: ref.kind !== 'known' });
    }
  }
  const keyOfEvent = new Map(newEvents.map((ev) => [ev.id, ev.key]));
  for (const m of written.messages) {
    const key = m.eventId ? keyOfEvent.get(m.eventId) : undefined;
    if (key) out.get(key)?.messages.push(m);
  }
  await tx.enqueue(deliverJobs(written.messages.filter((m) => m.status === 'queued')));
  // Journeys: only when an active (or paused) journey cares about one of the batch's types, so intake without journeys pays nothing more.
  if (looked.journeyTypes.size > 0) {
    const journeyEvents = newEvents
      .filter((ev) => written.events.has(ev.key) && looked.journeyTypes.has(ev.type))
      .map((ev) => ({ eventId: ev.id, key: ev.id, contactId: ev.contactId, type: ev.type, at: ev.occurredAt }));
    if (journeyEvents.length > 0) await tx.journeyEvents(workspaceId, journeyEvents, now);
  }
  return out;
}


function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}
