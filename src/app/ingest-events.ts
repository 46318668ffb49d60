/**
 * Business events in, as a batch in one transaction: the events whose id is new are stored with
 * their contacts and orders resolved set-wise, and each enabled automation of their trigger gets
 * one message, queued in the same transaction (a job exists if and only if its messages do). A
 * batch is a few statements whatever its size; the intake (event-intake.ts) groups concurrent
 * requests into batches.
 */
import { isTriggerKey, resolveContacts, type ContactClaim } from '../domain/index.js';
import type { AutomationCache } from './automation-cache.js';
import { phoneOrThrow } from './contacts.js';
import { deliverJobs } from './delivery-jobs.js';
import type { IntakeContact, IntakeTx, OrderItem, OrderUpsert, ProducedMessage } from './engine.port.js';
import { AppError, UnitConflict } from './errors.js';
import { planMessage } from './plan-message.js';
import type { Deps } from './ports.js';
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

type IntakeDeps = Pick<Deps, 'store' | 'clock'> & { automations: AutomationCache };

/** Ingests a batch of one workspace's events; one outcome per event, in order. Safe to repeat. */
export async function ingestEvents(deps: IntakeDeps, workspaceId: string, events: readonly PreparedEvent[]): Promise<EventOutcome[]> {
  const now = deps.clock.now();
  // Within a batch the same id twice is one event; the later copies answer as repeats of the first.
  const firstOf = new Map<string, number>();
  events.forEach((e, i) => { if (!firstOf.has(e.input.id)) firstOf.set(e.input.id, i); });
  const unique = [...firstOf.values()].map((i) => events[i]!);

  const stored = await deps.store.intake((tx) => ingestUnit(tx, deps.automations, workspaceId, unique, now));

  const outcomes: EventOutcome[] = [];
  for (const [i, e] of events.entries()) {
    const fresh = stored.get(e.input.id);
    if (fresh && firstOf.get(e.input.id) === i) outcomes.push(fresh);
    else if (fresh) outcomes.push({ ...fresh, created: false });
    else outcomes.push(await repeatOutcome(deps, workspaceId, e.input.id));
  }
  return outcomes;
}

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

/** The transaction: returns the outcome of every event it stored, by key. */
async function ingestUnit(tx: IntakeTx, cache: AutomationCache, workspaceId: string, events: readonly PreparedEvent[], now: Date): Promise<Map<string, EventOutcome>> {
  const out = new Map<string, EventOutcome>();
  const seen = await tx.seenEvents(workspaceId, events.map((e) => e.input.id));
  const fresh = events.filter((e) => !seen.has(e.input.id));
  if (fresh.length === 0) return out;

  // Contacts: match every key of the batch at once, create the missing ones, update the changed.
  const claims = fresh.map((e) => e.claim);
  const known = await tx.matchContacts(workspaceId, {
    externalIds: distinct(claims.map((c) => c.externalId)),
    phones: distinct(claims.map((c) => c.phone)),
    emails: distinct(claims.map((c) => c.email)),
  });
  const resolution = resolveContacts(known, claims);
  const createdIds = await tx.insertContacts(workspaceId, resolution.created, now);
  // Another request created one of these contacts a moment ago: run again, and match it.
  if (createdIds.some((id) => id === null)) throw new UnitConflict('a contact of this batch was created concurrently');
  await tx.updateContacts(workspaceId, resolution.updated, now);
  const knownById = new Map<string, IntakeContact>(known.map((k) => [k.id, k]));
  const contactOf = (i: number) => {
    const ref = resolution.refs[i]!;
    const id = ref.kind === 'known' ? ref.id : createdIds[ref.index]!;
    return {
      id, name: resolution.names[i]!, phone: resolution.phones[i] ?? null, email: resolution.emails[i] ?? null,
      consent: (ref.kind === 'known' ? knownById.get(ref.id)?.consent : undefined) ?? {},
    };
  };

  // Orders: one row per number, merged in event order (later events fill in and win).
  const orderByNumber = new Map<string, OrderUpsert>();
  const itemsByNumber = new Map<string, OrderItem[]>();
  fresh.forEach((e, i) => {
    const o = e.input.order;
    if (!o) return;
    const prev = orderByNumber.get(o.number);
    orderByNumber.set(o.number, {
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
    });
    if (o.items.length > 0) itemsByNumber.set(o.number, o.items);
  });
  const orders = await tx.upsertOrders(workspaceId, [...orderByNumber.values()]);
  const orderIdOf = new Map(orders.map((o) => [o.number, o]));
  const replaced = new Map<string, OrderItem[]>();
  for (const [number, items] of itemsByNumber) replaced.set(orderIdOf.get(number)!.id, items);
  await tx.replaceOrderItems(workspaceId, replaced, orders.filter((o) => !o.inserted && replaced.has(o.id)).map((o) => o.id));
  const storedItems = await tx.orderItems(orders.filter((o) => !o.inserted && !replaced.has(o.id)).map((o) => o.id));

  // Events: a key stored meanwhile by a concurrent request is that request's to answer.
  const { ids: eventIds, configVersion } = await tx.insertEvents(workspaceId, fresh.map((e, i) => ({
    key: e.input.id, type: e.input.type, occurredAt: e.occurredAt, receivedAt: e.receivedAt,
    payload: { ...e.input }, contactId: contactOf(i).id, orderId: e.input.order ? orderIdOf.get(e.input.order.number)!.id : null,
  })));

  const planned: NewMessage[] = [];
  for (const [i, e] of fresh.entries()) {
    const eventId = eventIds.get(e.input.id);
    if (!eventId || configVersion === null) continue;
    const contact = contactOf(i);
    const o = e.input.order;
    const storedOrder = o ? orderIdOf.get(o.number)! : null;
    const order = o && storedOrder ? {
      number: o.number,
      invoiceNumber: o.invoiceNumber ?? storedOrder.invoiceNumber,
      trackingNumber: o.trackingNumber ?? storedOrder.trackingNumber,
      items: o.items.length > 0 ? o.items : (replaced.get(storedOrder.id) ?? storedItems.get(storedOrder.id) ?? []),
    } : null;
    const automations = await cache.forTrigger(workspaceId, configVersion, e.input.type, () => tx.enabledAutomations(workspaceId));
    for (const ready of automations) {
      planned.push(planMessage({ workspaceId, eventId, requestId: e.requestId, ready, contact, order, user: e.input.user, occurredAt: e.occurredAt, now }));
    }
    out.set(e.input.id, { eventId, created: true, contactId: contact.id, messages: [] });
  }
  const produced = await tx.insertMessages(planned, now);
  const keyOfEvent = new Map([...eventIds].map(([key, id]) => [id, key]));
  for (const m of produced) {
    const key = m.eventId ? keyOfEvent.get(m.eventId) : undefined;
    if (key) out.get(key)!.messages.push(m);
  }
  await tx.enqueue(deliverJobs(produced.filter((m) => m.status === 'queued')));
  return out;
}


function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}
