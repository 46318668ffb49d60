/**
 * Broadcasts (Pesan Broadcast): a draft names a template and an audience (a segment or chosen
 * contacts); a test send puts one real message in front of a chosen contact now; Send starts the
 * fan-out (or schedules it), which the workers run set-based (broadcast-runner.ts); Cancel skips
 * whatever has not started sending.
 */
import { BROADCAST_VARIABLES, checkTemplate, emptyContent, recipientFor } from '../domain/index.js';
import type { BroadcastFields, BroadcastRecord, BroadcastStatsRecord, BroadcastTemplate } from './broadcast.port.js';
import { deliverBatch, type DeliveryDeps } from './deliver-batch.js';
import { createSemaphore } from './semaphore.js';
import { audit } from './audit.js';
import { requestedChannels } from './automations.js';
import { AppError, found, type ErrorItem } from './errors.js';
import { createCompiledTemplates, personalise } from './prepare-sends.js';
import { referralValues } from './referrals.js';
import { abTestOf, categoryMismatches, checkVariantChanges, missingVariantTemplates, variantsOf, whatsappTextChanges, type AbTestInput, type VariantInput } from './ab-tests.js';
import type { Deps } from './ports.js';
import type { Principal, TemplateRecord } from './records.js';

export interface BroadcastInput {
  name: string;
  templateId: string;
  channel?: BroadcastFields['channel'] | undefined;
  channels?: BroadcastFields['channels'] | undefined;
  segmentId?: string | null | undefined;
  contactIds?: string[] | null | undefined;
  trackEmail?: boolean | undefined;
  /** An A/B test (ab-tests.ts): 2–4 variants; null removes it. */
  variants?: VariantInput[] | null | undefined;
  abTest?: AbTestInput | null | undefined;
}

export interface BroadcastView { broadcast: BroadcastRecord; stats: BroadcastStatsRecord }

type StoreDeps = Pick<Deps, 'store' | 'clock'>;
const target = (id: string) => ({ type: 'broadcast', id });

/** Why a broadcast's text cannot be sent: variables a broadcast cannot fill, bad syntax. */
function textErrors(message: string, allowed: readonly string[], field: string): ErrorItem[] {
  return checkTemplate(message, { allowed }).errors.map((e) => ({
    field, reason: e.code === 'template.variable_not_allowed' || e.code === 'template.unknown_variable' ? 'broadcast.variable_not_allowed' : e.code,
    message: e.code === 'template.variable_not_allowed'
      ? `{${e.variable ?? '?'}} has no value in a broadcast (it needs an order); use {contactname}, {username} or a custom field`
      : e.message,
    ...(e.variable !== undefined ? { variable: e.variable } : {}),
    ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
  }));
}

interface CheckedBroadcast { template: TemplateRecord; variantTemplates: Map<string, TemplateRecord> }

/**
 * The template's variables must be ones a broadcast can fill: the contact's name, the sender's,
 * custom fields; so must each A/B variant's (its template, or its changed text), a changed text
 * may not go on WhatsApp, and the variants may change one thing only unless the test allows more. Answers the templates as checked.
 */
async function checkAudienceAndTemplate(deps: StoreDeps, workspaceId: string, fields: BroadcastFields): Promise<CheckedBroadcast> {
  const errors: ErrorItem[] = [];
  const template = await deps.store.templates.get(workspaceId, fields.templateId);
  const allowed = [...BROADCAST_VARIABLES, ...await deps.store.contacts.customFieldKeys(workspaceId)];
  if (!template) errors.push({ field: 'templateId', reason: 'broadcast.template_not_found', message: 'No such template in this workspace' });
  else errors.push(...textErrors(template.message, allowed, 'templateId'));
  const variantTemplates = new Map<string, TemplateRecord>(template ? [[template.id, template]] : []);
  const variants = fields.variants ?? [];
  for (const id of new Set(variants.map((v) => v.templateId))) {
    if (variantTemplates.has(id)) continue;
    const t = await deps.store.templates.get(workspaceId, id);
    if (t) variantTemplates.set(id, t);
  }
  errors.push(...missingVariantTemplates(variants, variantTemplates));
  if (template) errors.push(...categoryMismatches(variants.map((v) => v.templateId), variantTemplates, template.category, (i) => `variants[${i}].templateId`));
  variants.forEach((v, i) => {
    const t = variantTemplates.get(v.templateId);
    if (v.message !== null) errors.push(...textErrors(v.message, allowed, `variants[${i}].message`));
    else if (t && t.id !== template?.id) errors.push(...textErrors(t.message, allowed, `variants[${i}].templateId`));
  });
  // Checked on Send too: the channels may have changed since the draft was saved (ab-tests.ts).
  errors.push(...whatsappTextChanges(variants, variantTemplates, fields.channels));
  if (fields.segmentId && !(await deps.store.segments.get(workspaceId, fields.segmentId))) {
    errors.push({ field: 'segmentId', reason: 'broadcast.segment_not_found', message: 'No such segment in this workspace' });
  }
  if (fields.contactIds) {
    const missing = await deps.store.broadcasts.missingContacts(workspaceId, fields.contactIds);
    for (const id of missing.slice(0, 20)) {
      errors.push({ field: `contactIds[${fields.contactIds.indexOf(id)}]`, reason: 'broadcast.contact_not_found', message: `No contact ${id} in this workspace` });
    }
  }
  if (errors.length > 0 || !template) throw new AppError('broadcast.invalid', 'The broadcast cannot be sent as it is', errors);
  if (fields.variants && fields.abTest) checkVariantChanges(fields.variants, fields.abTest, variantTemplates, fields.channel);
  return { template, variantTemplates };
}

/** The A/B fields of a create or an update: a test needs variants; variants without settings judge by conversion. */
function abFields(variants: BroadcastFields['variants'], abTest: AbTestInput | null | undefined, current: BroadcastFields['abTest']): Pick<BroadcastFields, 'variants' | 'abTest'> {
  if (!variants) {
    if (abTest) throw new AppError('broadcast.invalid', 'An A/B test needs 2–4 variants', [{ field: 'variants', reason: 'ab_test.needs_variants', message: 'give 2–4 variants' }]);
    return { variants: null, abTest: null };
  }
  return { variants, abTest: abTest === undefined && current ? current : abTestOf(abTest) };
}

/** What a broadcast's messages are made from: the template as it is now (on Send; for a test send, the draft's). */
function snapshotOf(template: TemplateRecord): BroadcastTemplate {
  return {
    message: template.message, category: template.category, code: template.code, whatsappName: template.whatsappName, whatsappLanguage: template.whatsappLanguage,
    header: template.header, buttons: template.buttons, subject: template.subject, html: template.html, title: template.title, link: template.link,
  };
}

/** `{username}` in a broadcast: the member who sends it, or for an API key the member who made the key. */
async function senderName(deps: StoreDeps, principal: Principal): Promise<string> {
  const userId = principal.userId;
  if (userId) {
    const user = await deps.store.users.get(principal.workspaceId, userId);
    if (user) return user.name;
  }
  const workspace = await deps.store.workspaces.get(principal.workspaceId);
  return workspace?.name ?? '';
}

export async function createBroadcast(deps: StoreDeps, principal: Principal, input: BroadcastInput): Promise<BroadcastRecord> {
  const channels = input.channel === undefined && input.channels === undefined ? ['whatsapp' as const] : requestedChannels(input.channel, input.channels, 'broadcast.invalid');
  const fields: BroadcastFields = {
    name: input.name, templateId: input.templateId, channel: channels[0]!, channels, segmentId: input.segmentId ?? null,
    contactIds: input.contactIds ? [...new Set(input.contactIds.map((id) => id.toLowerCase()))] : null,
    trackEmail: input.trackEmail ?? false,
    ...abFields(input.variants ? variantsOf(input.variants, input.templateId.toLowerCase()) : null, input.abTest, null),
  };
  await checkAudienceAndTemplate(deps, principal.workspaceId, fields);
  const created = await deps.store.broadcasts.create(principal.workspaceId, { ...fields, createdBy: principal.userId, senderName: await senderName(deps, principal) }, deps.clock.now());
  await audit(deps, principal, 'broadcast.created', target(created.id), { name: created.name });
  return created;
}

export async function updateBroadcast(deps: StoreDeps, principal: Principal, id: string, patch: Partial<BroadcastInput>): Promise<BroadcastRecord> {
  const current = found(await deps.store.broadcasts.get(principal.workspaceId, id), 'Broadcast');
  if (current.status !== 'draft') throw new AppError('broadcast.not_draft', `The broadcast is ${current.status}; only a draft can change`);
  // One audience at a time: naming a segment replaces chosen contacts and the other way round.
  const audience = patch.segmentId ? { segmentId: patch.segmentId, contactIds: null }
    : patch.contactIds ? { segmentId: null, contactIds: [...new Set(patch.contactIds.map((c) => c.toLowerCase()))] }
      : { segmentId: current.segmentId, contactIds: current.contactIds };
  // `channel` alone (an older client) moves that channel first and keeps the other fallbacks.
  const channels = patch.channels !== undefined || patch.channel !== undefined
    ? requestedChannels(patch.channel, patch.channels ?? (patch.channel ? [patch.channel, ...current.channels.filter((c) => c !== patch.channel)] : undefined), 'broadcast.invalid')
    : current.channels;
  const fields: BroadcastFields = {
    name: patch.name ?? current.name, templateId: patch.templateId ?? current.templateId, channel: channels[0]!, channels, ...audience,
    trackEmail: patch.trackEmail ?? current.trackEmail,
    ...abFields(
      patch.variants === undefined ? current.variants : patch.variants === null ? null : variantsOf(patch.variants, (patch.templateId ?? current.templateId).toLowerCase()),
      patch.variants === null ? undefined : patch.abTest, current.abTest),
  };
  await checkAudienceAndTemplate(deps, principal.workspaceId, fields);
  const updated = await deps.store.broadcasts.update(principal.workspaceId, id, fields, deps.clock.now());
  if (updated === 'not_draft') throw new AppError('broadcast.not_draft', 'The broadcast was sent meanwhile; only a draft can change');
  await audit(deps, principal, 'broadcast.updated', target(id));
  return found(updated, 'Broadcast');
}

export async function deleteBroadcast(deps: StoreDeps, principal: Principal, id: string): Promise<void> {
  const result = await deps.store.broadcasts.delete(principal.workspaceId, id);
  if (result === 'not_found') found(null, 'Broadcast');
  if (result === 'not_draft') throw new AppError('broadcast.not_draft', 'A broadcast that was sent or scheduled stays for its report; cancel it instead');
  await audit(deps, principal, 'broadcast.deleted', target(id));
}

/** Send now, or at `scheduledAt`. A second click answers the broadcast as it already is. */
export async function sendBroadcast(deps: StoreDeps, principal: Principal, id: string, scheduledAt: Date | null): Promise<BroadcastRecord> {
  const current = found(await deps.store.broadcasts.get(principal.workspaceId, id), 'Broadcast');
  if (current.status !== 'draft') return current;
  // The template or the segment may have changed since the draft was saved. The template as checked
  // is what the broadcast sends, whatever becomes of the template afterwards.
  const { template, variantTemplates } = await checkAudienceAndTemplate(deps, principal.workspaceId, current);
  // Each variant's own copy: its template with its changed text or subject.
  const variants = current.variants?.map((v) => {
    const copy = snapshotOf(variantTemplates.get(v.templateId)!);
    return { ...v, template: { ...copy, message: v.message ?? copy.message, subject: v.subject ?? copy.subject } };
  }) ?? null;
  const started = found(await deps.store.broadcasts.start(principal.workspaceId, id, {
    scheduledAt, senderName: await senderName(deps, principal), template: snapshotOf(template), variants, now: deps.clock.now(),
  }), 'Broadcast');
  await audit(deps, principal, started.status === 'scheduled' ? 'broadcast.scheduled' : 'broadcast.sent', target(id), { scheduledAt: started.scheduledAt?.toISOString() ?? null });
  return started;
}

export async function cancelBroadcast(deps: StoreDeps, principal: Principal, id: string): Promise<BroadcastRecord> {
  const result = await deps.store.broadcasts.cancel(principal.workspaceId, id, deps.clock.now());
  if (result === 'finished') throw new AppError('broadcast.not_running', 'Only a scheduled or sending broadcast can be cancelled (a draft can be deleted)');
  const cancelled = found(result, 'Broadcast');
  await audit(deps, principal, 'broadcast.cancelled', target(id));
  return cancelled;
}

export async function viewBroadcasts(deps: StoreDeps, list: readonly BroadcastRecord[]): Promise<BroadcastView[]> {
  const stats = await deps.store.broadcasts.stats(list.map((b) => b.id));
  return list.map((broadcast) => ({ broadcast, stats: stats.get(broadcast.id)! }));
}

/**
 * One real message to one contact, now: rendered like the broadcast's own but from the template as
 * it is now (it tests the draft, even of a broadcast already sent), sent through the same engine, exempt from quiet hours and the frequency cap (the owner asked for it). It is not one of
 * the broadcast's messages, so the broadcast's counts and its one-per-contact key are untouched.
 */
export async function testBroadcast(deps: DeliveryDeps, principal: Principal, id: string, contactId: string) {
  const broadcast = found(await deps.store.broadcasts.get(principal.workspaceId, id), 'Broadcast');
  const contact = found(await deps.store.contacts.get(principal.workspaceId, contactId), 'Contact');
  const template = found(await deps.store.templates.get(principal.workspaceId, broadcast.templateId), 'Template');
  const templates = createCompiledTemplates(1);
  const snapshot = { key: 'test', ...snapshotOf(template) };
  const referral = templates.usesReferral(snapshot) ? await referralValues(deps, principal.workspaceId, contact.id) : null;
  const rendered = personalise(broadcast.channel, {
    template: snapshot,
    contact: { name: contact.name, customFields: contact.customFields },
    senderName: await senderName(deps, principal),
  }, templates, referral);
  const now = deps.clock.now();
  const recipient = recipientFor(broadcast.channel, contact);
  const [stored] = await deps.store.delivery.queue([{
    workspaceId: principal.workspaceId, contactId: contact.id, channel: broadcast.channel, recipient, templateId: template.id,
    automationId: null, eventId: null, idempotencyKey: `bctest:${broadcast.id}:${deps.random.uuid()}`, category: template.category,
    body: rendered.ok ? rendered.body : '', content: rendered.ok ? rendered.content : emptyContent(broadcast.channel),
    status: rendered.ok ? 'queued' : 'failed', failureReason: rendered.ok ? null : rendered.reason, scheduledAt: now, requestId: null,
  // No job: a worker taking it first would hold it to quiet hours and the cap, and the answer would catch it mid-send.
  }], now, { jobs: false });
  if (stored && stored.status === 'queued') {
    await deliverBatch(deps, [stored.id], { horizonMs: 1000, inFlight: createSemaphore(1), templates, exemptFromMarketingRules: true });
  }
  const message = found(await deps.store.messages.get(principal.workspaceId, stored!.id), 'Message');
  await audit(deps, principal, 'broadcast.tested', target(id), { contactId: contact.id, messageId: message.id, status: message.status });
  return { messageId: message.id, status: message.status, failureReason: message.failureReason, body: message.body };
}
