/**
 * Quick messages (Pesan Cepat, issue 8 part 2): an agent sends a template filled with the contact's
 * data, their latest order and the agent's own name, or free text inside the 24-hour window. The
 * message goes through the delivery engine like every other (store.delivery.queue: consent,
 * retries, statuses, crash safety), keyed `quick:<uuid>`. Outside the window WhatsApp takes only an
 * approved template: the message carries the template and its parameters, and the WhatsApp channel
 * sends it as a template message when the window is closed at send time.
 */
import {
  QUICK_MESSAGE_SOURCES, compileTemplate, emptyContent, isWindowOpen, missingValueReason, parseTemplate, quickMessageValues, recipientFor,
  renderChannelContent, renderQuickMessage, unapprovedTemplateReason, usesReferralValues, windowClosesAt, type MessageContent,
} from '../domain/index.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import type { LatestOrderRecord } from './conversation.port.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import { referralValues } from './referrals.js';
import type { ContactRecord, MessageRecord, Principal, TemplateRecord } from './records.js';

type QuickDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'channels' | 'publicUrl'>;

export interface QuickPreview {
  text: string;
  missing: string[];
  /** The order `{productname}` and `{documentnumber}` came from (the contact's latest). */
  order: { number: string; occurredAt: Date } | null;
  windowOpen: boolean;
  windowClosesAt: Date | null;
  /** How it would go now: free text inside the window, the approved template outside. */
  sendAs: 'text' | 'template';
  /** Why it cannot go as it is (a problem code), or null. */
  refusal: QuickRefusal | null;
}

export type QuickRefusal = 'quick_message.opted_out' | 'quick_message.missing_value' | 'quick_message.no_recipient' | 'whatsapp.template_not_approved';

/**
 * True when, outside the 24-hour window, only templates Meta approved may go to this workspace's
 * WhatsApp contacts (a real number whose WABA id Sapa knows); false for the sandbox.
 */
export async function templatesNeedApproval(deps: Pick<Deps, 'channels'>, workspaceId: string): Promise<boolean> {
  return (await deps.channels.resolve(workspaceId, 'whatsapp'))?.approvedTemplatesOnly === true;
}

/**
 * Why this template cannot go now as a WhatsApp template, or null: outside the window, where the
 * number needs Meta's approval, an unapproved template would only fail at send time.
 */
async function approvalRefusal(deps: QuickDeps, workspaceId: string, template: TemplateRecord, channel: ChannelKind, windowOpen: boolean): Promise<string | null> {
  if (channel !== 'whatsapp' || windowOpen) return null;
  return unapprovedTemplateReason({ strict: await templatesNeedApproval(deps, workspaceId), windowOpen, templateId: template.id, status: template.whatsappStatus });
}

async function agentName(deps: QuickDeps, principal: Principal): Promise<string> {
  const user = principal.userId ? await deps.store.users.get(principal.workspaceId, principal.userId) : null;
  return user?.name ?? '';
}

async function templateOf(deps: QuickDeps, workspaceId: string, templateId: string): Promise<TemplateRecord> {
  const template = await deps.store.templates.get(workspaceId, templateId);
  if (!template) throw new AppError('quick_message.template_not_found', 'No such template in this workspace', [{ field: 'templateId', reason: 'not_found' }]);
  return template;
}

/** The contact's referral code and link when the template asks for them (the code is made on first use). */
async function referralOf(deps: QuickDeps, workspaceId: string, contactId: string, template: TemplateRecord) {
  return usesReferralValues([template.message, template.subject, template.html, template.title]) ? referralValues(deps, workspaceId, contactId) : null;
}

function render(template: TemplateRecord, contact: ContactRecord, order: LatestOrderRecord | null, agent: string, referral: { code: string; link: string | null } | null) {
  const parsed = parseTemplate(template.message);
  if (parsed.errors.length > 0) return { ok: false as const, text: template.message, missing: [] as string[], invalid: parsed.errors[0]!.code };
  const values = quickMessageValues({ contact: { name: contact.name, customFields: contact.customFields }, order, agentName: agent, referral });
  return { ...renderQuickMessage(compileTemplate(parsed), values), values, invalid: null };
}

function refusalOf(contact: ContactRecord, channel: ChannelKind): 'quick_message.opted_out' | 'quick_message.no_recipient' | null {
  if (contact.consent[channel]?.status === 'opted_out') return 'quick_message.opted_out';
  if (recipientFor(channel, contact) === null) return 'quick_message.no_recipient';
  return null;
}

const REFUSAL_TEXT = {
  'quick_message.opted_out': 'The contact opted out of this channel (STOP); they can opt back in by sending MULAI',
  'quick_message.no_recipient': 'The contact has no address on this channel',
} as const;

/** What a template would say to this contact now, what is missing, and how it would go. */
export async function previewQuickMessage(deps: QuickDeps, principal: Principal, contactId: string, input: { templateId: string; channel: ChannelKind }): Promise<QuickPreview> {
  const ws = principal.workspaceId;
  const contact = found(await deps.store.contacts.get(ws, contactId), 'Contact');
  const template = await templateOf(deps, ws, input.templateId);
  const order = await deps.store.conversations.latestOrder(ws, contactId);
  const r = render(template, contact, order, await agentName(deps, principal), await referralOf(deps, ws, contactId, template));
  const windowOpen = isWindowOpen(contact.whatsappLastInboundAt, deps.clock.now());
  return {
    text: r.text, missing: r.ok ? [] : r.missing, order: order ? { number: order.number, occurredAt: order.occurredAt } : null,
    windowOpen, windowClosesAt: windowClosesAt(contact.whatsappLastInboundAt), sendAs: windowOpen ? 'text' : 'template',
    refusal: refusalOf(contact, input.channel)
      ?? ((await approvalRefusal(deps, ws, template, input.channel, windowOpen)) !== null ? 'whatsapp.template_not_approved' : null)
      ?? (r.ok ? null : 'quick_message.missing_value'),
  };
}

/** Queues a quick message; refuses (never stores) one to an opted-out contact, free text outside the window, or a hole. */
export async function sendQuickMessage(
  deps: QuickDeps, principal: Principal, contactId: string, input: { channel: ChannelKind; templateId?: string | undefined; text?: string | undefined; mediaId?: string | undefined; subject?: string | undefined }, requestId: string | null,
): Promise<MessageRecord> {
  const ws = principal.workspaceId;
  const contact = found(await deps.store.contacts.get(ws, contactId), 'Contact');
  const refusal = refusalOf(contact, input.channel);
  if (refusal) throw new AppError(refusal, REFUSAL_TEXT[refusal], [{ field: 'contactId', reason: refusal }]);
  const now = deps.clock.now();

  let body: string;
  let params: string[] = [];
  let template: TemplateRecord | null = null;
  let content: MessageContent | null = null;
  if (input.templateId) {
    template = await templateOf(deps, ws, input.templateId);
    const unapproved = await approvalRefusal(deps, ws, template, input.channel, isWindowOpen(contact.whatsappLastInboundAt, now));
    if (unapproved !== null) {
      // Refused here, never stored: the message would only fail at send time with this reason.
      throw new AppError('whatsapp.template_not_approved',
        `Outside the 24-hour window WhatsApp accepts only a template Meta approved, and this one is not (${unapproved.replace('whatsapp_template_not_approved: ', '')}): submit it in Template Chat and wait for approval, or pick an approved one`,
        [{ field: 'templateId', reason: 'whatsapp.template_not_approved', message: template.whatsappRejectionReason ?? template.whatsappStatus ?? 'not_submitted' }]);
    }
    const r = render(template, contact, await deps.store.conversations.latestOrder(ws, contactId), await agentName(deps, principal), await referralOf(deps, ws, contactId, template));
    if (!r.ok) {
      const reason = r.invalid ? `template_invalid: ${r.invalid}` : missingValueReason(r.missing, QUICK_MESSAGE_SOURCES);
      throw new AppError('quick_message.missing_value', `The message cannot go with a hole: ${reason}`, r.missing.map((v) => ({ field: 'templateId', reason: 'missing_value', variable: v })));
    }
    body = r.text;
    params = r.params;
    const channelContent = renderChannelContent(input.channel, template, r.values, r.params);
    if (!channelContent.ok) {
      const reason = channelContent.reason ?? missingValueReason(channelContent.missing, QUICK_MESSAGE_SOURCES);
      throw new AppError('quick_message.missing_value', `The message cannot go with a hole: ${reason}`, channelContent.missing.map((v) => ({ field: 'templateId', reason: 'missing_value', variable: v })));
    }
    content = channelContent.content;
  } else {
    // Only WhatsApp has a customer-service window; the other channels take text at any time.
    if (input.channel === 'whatsapp' && !isWindowOpen(contact.whatsappLastInboundAt, now)) {
      throw new AppError('quick_message.window_closed',
        'Outside the 24-hour window (no message from the contact in the last 24 hours) WhatsApp accepts only an approved template: pick a template instead',
        [{ field: 'text', reason: 'quick_message.window_closed' }]);
    }
    body = input.text ?? '';
  }
  // Another workspace's upload is not found, like an unknown id.
  const media = input.mediaId ? found(await deps.store.media.get(ws, input.mediaId), 'Media') : null;

  const [stored] = await deps.store.delivery.queue([{
    workspaceId: ws, contactId: contact.id, channel: input.channel, recipient: recipientFor(input.channel, contact),
    templateId: template?.id ?? null, automationId: null, eventId: null, idempotencyKey: `quick:${deps.random.uuid()}`,
    // An agent answering one customer in a conversation is service, not a promotion: no cap, no quiet hours.
    category: 'utility', body,
    content: content ?? (input.channel === 'whatsapp'
      ? { channel: 'whatsapp', params, template: null, ...(media ? { media: { type: media.kind, token: media.token, filename: media.filename } } : {}) }
      : input.channel === 'email'
        // Free text on email still needs a subject (an email without one looks like spam and fails our own check).
        ? { channel: 'email', subject: input.subject ?? `Pesan dari ${(await deps.store.workspaces.get(ws))?.name ?? 'toko kami'}`, html: null }
        : emptyContent(input.channel)),
    status: 'queued', failureReason: null, scheduledAt: now, requestId,
  }], now);
  return found(await deps.store.messages.get(ws, stored!.id), 'Message');
}
