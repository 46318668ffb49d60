/**
 * A business event comes in: store it once (its id is the idempotency key), upsert the contact and
 * order, and for each enabled automation of its trigger store one message — rendered, or failed
 * with the reason it cannot be — then queue the sendable ones. Messages are keyed
 * `auto:<automationId>:<eventId>`, so neither a repeated event nor a crash sends twice.
 */
import { compileTemplate, defaultWhatsappName, missingValueReason, parseTemplate, renderTemplate, resolveEventVariables } from '../domain/index.js';
import { isTriggerKey } from '../domain/triggers.js';
import { phoneOrThrow } from './contacts.js';
import { AppError } from './errors.js';
import type { Deps, Repos } from './ports.js';
import type { AutomationRecord, ContactRecord, MessageRecord, NewMessage, OrderRecord, TemplateRecord } from './records.js';

export interface EventInput {
  id: string;
  type: string;
  occurredAt: string;
  contact: { externalId?: string; name?: string; phone?: string; email?: string };
  order?: {
    number: string;
    invoiceNumber?: string;
    trackingNumber?: string;
    items: { name: string; quantity: number; price?: number }[];
    total?: number;
    currency: string;
  };
  user?: { name: string };
}

export interface EventOutcome { eventId: string; created: boolean; contactId: string | null; messages: MessageRecord[] }

/** Ingests one event; safe to call any number of times with the same id. */
export async function handleEvent(deps: Pick<Deps, 'store' | 'queue' | 'clock' | 'log'>, workspaceId: string, input: EventInput): Promise<EventOutcome> {
  const phone = phoneOrThrow(input.contact.phone, 'contact.phone') ?? undefined;
  if (input.type.startsWith('order.') && !input.order && isTriggerKey(input.type)) {
    throw new AppError('event.invalid', `Events of type ${input.type} need an order`, [{ field: 'order', reason: 'required' }]);
  }
  const occurredAt = new Date(input.occurredAt);
  const now = deps.clock.now();

  const ingest = () => deps.store.transaction(async (tx) => {
    // The event row first: a repeat stops here, before touching contact or order.
    const stored = await tx.events.insert(workspaceId, {
      key: input.id, type: input.type, occurredAt, payload: { ...input }, contactId: null, orderId: null,
    });
    if (!stored) return null;
    const contact = await upsertContact(tx, workspaceId, { ...input.contact, ...(phone ? { phone } : {}) }, now);
    const order = input.order
      ? await tx.orders.upsert(workspaceId, contact.id, {
          number: input.order.number,
          ...(input.order.invoiceNumber ? { invoiceNumber: input.order.invoiceNumber } : {}),
          ...(input.order.trackingNumber ? { trackingNumber: input.order.trackingNumber } : {}),
          ...(input.order.total !== undefined ? { total: input.order.total } : {}),
          currency: input.order.currency,
          status: input.type,
          ...(input.user?.name ? { handledBy: input.user.name } : {}),
          occurredAt,
          items: input.order.items,
        })
      : null;
    await tx.events.link(stored.id, contact.id, order?.id ?? null);
    const automations = await tx.automations.enabledFor(workspaceId, input.type);
    const planned = automations.map(({ automation, template }) =>
      planMessage({ workspaceId, eventId: stored.id, automation, template, contact, order, user: input.user, occurredAt, now }));
    const inserted = await tx.messages.insertMany(planned, now);
    return { eventId: stored.id, contactId: contact.id, inserted };
  });
  const outcome = await retryOnConflict(ingest);

  if (!outcome) {
    const seen = await deps.store.events.findByKey(workspaceId, input.id);
    if (!seen) throw new AppError('event.invalid', 'The event could not be stored');
    return { eventId: seen.id, created: false, contactId: seen.contactId, messages: await deps.store.messages.listForEvent(workspaceId, seen.id) };
  }
  await enqueueDue(deps, outcome.inserted);
  return { eventId: outcome.eventId, created: true, contactId: outcome.contactId, messages: outcome.inserted };
}

/** Queues the queued ones, one job per send time; a crash before this is healed by the orphan sweep. */
export async function enqueueDue(deps: Pick<Deps, 'queue' | 'log'>, messages: readonly MessageRecord[]): Promise<void> {
  const byTime = new Map<number, string[]>();
  for (const m of messages) {
    if (m.status !== 'queued') continue;
    const t = m.scheduledAt.getTime();
    byTime.set(t, [...(byTime.get(t) ?? []), m.id]);
  }
  for (const [t, messageIds] of byTime) {
    try {
      await deps.queue.send('deliver', { messageIds }, { startAfter: new Date(t) });
    } catch (err) {
      deps.log.warn({ err, messageIds }, 'enqueue failed; the orphan sweep will pick these up');
    }
  }
}

async function upsertContact(tx: Repos, workspaceId: string, c: EventInput['contact'], now: Date): Promise<ContactRecord> {
  const match = await tx.contacts.match(workspaceId, c);
  const fields = {
    ...(c.name ? { name: c.name } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.email ? { email: c.email.toLowerCase() } : {}),
    ...(c.externalId ? { externalId: c.externalId } : {}),
  };
  if (match && unchanged(match, fields)) return match; // a returning customer: no write
  const result = match
    ? await tx.contacts.update(workspaceId, match.id, fields, now)
    : await tx.contacts.create(workspaceId, fields, now);
  if (!result || 'conflict' in result) {
    throw new AppError('contact.duplicate', `The event's contact clashes with another contact on ${result ? result.conflict : 'id'}`, [{ field: 'contact', reason: 'contact.duplicate' }]);
  }
  return result;
}

function unchanged(c: ContactRecord, fields: { name?: string; phone?: string; email?: string; externalId?: string }): boolean {
  return (fields.name === undefined || fields.name === c.name)
    && (fields.phone === undefined || fields.phone === c.phone)
    && (fields.email === undefined || fields.email === c.email)
    && (fields.externalId === undefined || fields.externalId === c.externalId);
}

interface PlanInput {
  workspaceId: string;
  eventId: string;
  automation: AutomationRecord;
  template: TemplateRecord;
  contact: ContactRecord;
  order: OrderRecord | null;
  user: EventInput['user'];
  occurredAt: Date;
  now: Date;
}

/** One automation's message for one event: rendered and queued, or stored failed/skipped with its reason. */
function planMessage(p: PlanInput): NewMessage {
  const { automation, template, contact } = p;
  const trigger = automation.trigger;
  const scheduled = new Date(Math.max(p.now.getTime(), p.occurredAt.getTime() + automation.delayMinutes * 60_000));
  const base = {
    workspaceId: p.workspaceId,
    contactId: contact.id,
    channel: automation.channel,
    recipient: contact.phone,
    templateId: template.id,
    automationId: automation.id,
    eventId: p.eventId,
    idempotencyKey: `auto:${automation.id}:${p.eventId}`,
    category: template.category,
    whatsappTemplateName: template.whatsappName ?? defaultWhatsappName(template.code),
    whatsappLanguage: template.whatsappLanguage,
    scheduledAt: scheduled,
  };
  const failed = (status: 'failed' | 'skipped', reason: string): NewMessage =>
    ({ ...base, body: '', params: [], status, failureReason: reason });

  if (!isTriggerKey(trigger)) return failed('failed', `unknown_trigger: ${trigger}`);
  const { values, sources } = resolveEventVariables(trigger, {
    contact: { name: contact.name },
    order: p.order ? {
      number: p.order.number,
      ...(p.order.invoiceNumber ? { invoiceNumber: p.order.invoiceNumber } : {}),
      ...(p.order.trackingNumber ? { trackingNumber: p.order.trackingNumber } : {}),
      items: p.order.items,
    } : null,
    user: p.user ?? null,
  });
  const parsed = parseTemplate(template.message);
  if (parsed.errors.length > 0) return failed('failed', `template_invalid: ${parsed.errors[0]!.code}`);
  const rendered = renderTemplate(compileTemplate(parsed), values);
  if (!rendered.ok) return failed('failed', missingValueReason(rendered.missing, sources));
  const withBody = { ...base, body: rendered.text, params: rendered.params, failureReason: null };
  if (automation.channel === 'whatsapp') {
    if (!contact.phone) return { ...withBody, status: 'skipped', failureReason: 'no_recipient: contact has no phone' };
    if (contact.consent.whatsapp?.status === 'opted_out') return { ...withBody, status: 'skipped', failureReason: 'opted_out' };
  }
  return { ...withBody, status: 'queued' };
}

/**
 * Two requests racing on the same new event or new contact: the loser hits a unique key and rolls
 * back whole; run again, it sees the winner's rows (a repeat event, an existing contact).
 */
async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= attempts || !isUniqueViolation(err)) throw err;
    }
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
