/**
 * Keyword auto-replies and the away message (issue 8, part 3). An inbound message that is exactly a
 * keyword (`JAM BUKA`, `ONGKIR`) is answered with its template, inside the window the message just
 * opened; outside business hours, a message no keyword answers gets the away template. STOP/BERHENTI
 * and MULAI/START are consent, handled before (whatsapp-webhook.ts), and are never keywords here.
 * A keyword's reply is keyed `autoreply:<channel>:<inbound provider id>`: one per inbound message,
 * also when WhatsApp delivers the webhook twice or the first delivery died after storing the message.
 * The away message is keyed by the contact and the closed stretch (`away:<channel>:<contact>:<date
 * of the closing>`): one per contact per night or weekend, however many lines they write.
 */
import {
  QUICK_MESSAGE_SOURCES, closedStretchOf, compileTemplate, whatsappTemplateContent, isConsentKeyword, matchAutoReply, missingValueReason,
  normalizeKeyword, parseTemplate, quickMessageValues, renderQuickMessage, type BusinessHours,
} from '../domain/index.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import type { AutoReplyRecord } from './conversation.port.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import type { NewMessage, Principal } from './records.js';

type StoreDeps = Pick<Deps, 'store'>;

function checkKeyword(keyword: string): string {
  const normal = normalizeKeyword(keyword);
  if (normal === '' || normal.length > 100) {
    throw new AppError('auto_reply.invalid', 'A keyword is 1 to 100 characters', [{ field: 'keyword', reason: 'auto_reply.invalid_keyword' }]);
  }
  if (isConsentKeyword(normal)) {
    throw new AppError('auto_reply.invalid', `${normal} is how contacts opt out or back in; it cannot be an auto-reply`, [{ field: 'keyword', reason: 'auto_reply.reserved_keyword' }]);
  }
  return normal;
}

async function checkTemplate(deps: StoreDeps, workspaceId: string, templateId: string, field = 'templateId'): Promise<void> {
  if (!(await deps.store.templates.get(workspaceId, templateId))) {
    throw new AppError('auto_reply.invalid', 'No such template in this workspace', [{ field, reason: 'not_found' }]);
  }
}

const duplicate = (keyword: string) => new AppError('auto_reply.duplicate_keyword', `The keyword ${keyword} already has an auto-reply`, [{ field: 'keyword', reason: 'auto_reply.duplicate_keyword' }]);

export async function createAutoReply(deps: StoreDeps, principal: Principal, input: { keyword: string; templateId: string; enabled?: boolean | undefined }): Promise<AutoReplyRecord> {
  const keyword = checkKeyword(input.keyword);
  await checkTemplate(deps, principal.workspaceId, input.templateId);
  const created = await deps.store.autoReplies.create(principal.workspaceId, { keyword, templateId: input.templateId, enabled: input.enabled ?? true });
  if (created === 'duplicate_keyword') throw duplicate(keyword);
  return created;
}

export async function updateAutoReply(deps: StoreDeps, principal: Principal, id: string, patch: { keyword?: string | undefined; templateId?: string | undefined; enabled?: boolean | undefined }) {
  found(await deps.store.autoReplies.get(principal.workspaceId, id), 'Auto-reply');
  const fields: { keyword?: string; templateId?: string; enabled?: boolean } = {};
  if (patch.keyword !== undefined) fields.keyword = checkKeyword(patch.keyword);
  if (patch.templateId !== undefined) {
    await checkTemplate(deps, principal.workspaceId, patch.templateId);
    fields.templateId = patch.templateId;
  }
  if (patch.enabled !== undefined) fields.enabled = patch.enabled;
  const updated = await deps.store.autoReplies.update(principal.workspaceId, id, fields);
  if (updated === 'duplicate_keyword') throw duplicate(fields.keyword ?? '');
  return found(updated, 'Auto-reply');
}

export async function setAwaySettings(deps: StoreDeps, principal: Principal, input: { businessHours: BusinessHours | null; awayTemplateId: string | null }): Promise<void> {
  if (input.awayTemplateId) await checkTemplate(deps, principal.workspaceId, input.awayTemplateId, 'awayTemplateId');
  await deps.store.autoReplies.setAway(principal.workspaceId, input);
}

/** One inbound message the webhook stored (or had stored before), as the auto-reply needs it. */
export interface InboundForReply { contactId: string; channel: ChannelKind; providerMessageId: string; text: string | null; at: Date }

/**
 * Queues the auto-reply an inbound message asks for, if any: a keyword's template, else the away
 * template outside business hours. A template that cannot be filled is stored failed with the
 * reason (visible in the log), never sent with a hole. Nothing for an opted-out contact.
 */
export async function autoReply(deps: Pick<Deps, 'store' | 'clock'>, workspaceId: string, inbound: InboundForReply): Promise<'keyword' | 'away' | null> {
  if (inbound.text === null || isConsentKeyword(inbound.text)) return null;
  const replies = (await deps.store.autoReplies.list(workspaceId)).filter((r) => r.enabled);
  const match = matchAutoReply(inbound.text, replies);
  let templateId = match?.templateId ?? null;
  let kind: 'keyword' | 'away' | null = match ? 'keyword' : null;
  let idempotencyKey = `autoreply:${inbound.channel}:${inbound.providerMessageId}`;
  if (!templateId) {
    const away = await deps.store.autoReplies.away(workspaceId);
    const stretch = away ? closedStretchOf(inbound.at, away.businessHours, away.timezone) : null;
    if (!away?.awayTemplateId || stretch === null) return null;
    templateId = away.awayTemplateId;
    kind = 'away';
    // Once per contact per closed stretch: the next lines of the same night find this key taken.
    idempotencyKey = `away:${inbound.channel}:${inbound.contactId}:${stretch}`;
  }
  const [contact, template, order, workspace] = await Promise.all([
    deps.store.contacts.get(workspaceId, inbound.contactId),
    deps.store.templates.get(workspaceId, templateId),
    deps.store.conversations.latestOrder(workspaceId, inbound.contactId),
    deps.store.workspaces.get(workspaceId),
  ]);
  if (!contact || !template || contact.consent[inbound.channel]?.status === 'opted_out') return null;

  const now = deps.clock.now();
  const parsed = parseTemplate(template.message);
  // {username} in an auto-reply is the shop: no member wrote it.
  const r = parsed.errors.length > 0 ? null : renderQuickMessage(compileTemplate(parsed), quickMessageValues({
    contact: { name: contact.name, customFields: contact.customFields }, order, agentName: workspace?.name ?? '',
  }));
  const message: NewMessage = {
    workspaceId, contactId: contact.id, channel: inbound.channel, recipient: contact.phone, templateId: template.id, automationId: null, eventId: null,
    idempotencyKey, category: 'utility',
    body: r?.ok ? r.text : '',
    content: whatsappTemplateContent(template, r?.ok ? r.params : []),
    status: r?.ok ? 'queued' : 'failed',
    failureReason: r === null ? `template_invalid: ${parsed.errors[0]!.code}` : r.ok ? null : missingValueReason(r.missing, QUICK_MESSAGE_SOURCES),
    scheduledAt: now, requestId: null,
  };
  const stored = await deps.store.delivery.queue([message], now);
  return stored.length > 0 ? kind : null;
}
