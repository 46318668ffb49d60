/**
 * One automation's message for one event: rendered and queued, or stored failed/skipped with the
 * reason it cannot go. Messages are keyed `auto:<automationId>:<eventId>`, so neither a repeated
 * event nor a crash sends twice.
 */
import { chooseChannel, emptyContent, isTriggerKey, missingValueReason, recipientFor, renderChannelContent, renderTemplate, resolveEventVariables } from '../domain/index.js';
import type { MessageContent } from '../domain/index.js';
import type { ConsentStatus } from '../domain/vocabulary.js';
import type { ReadyAutomation } from './automation-cache.js';
import type { FallbackContent, NewMessage } from './records.js';

export interface PlanInput {
  workspaceId: string;
  eventId: string;
  requestId: string | null;
  ready: ReadyAutomation;
  contact: { id: string; name: string; phone: string | null; email: string | null; consent: Partial<Record<string, ConsentStatus>>; emailBounced?: boolean };
  order: { number: string; invoiceNumber: string | null; trackingNumber: string | null; items: readonly { name: string }[] } | null;
  user: { name: string } | undefined;
  /** The values of a referral.reward_earned event (app/referrals.ts). */
  referral?: { code: string | null; link: string | null; referredName: string; reward: string } | undefined;
  occurredAt: Date;
  now: Date;
}

/**
 * The message to store for one automation and one event: on the first of the automation's
 * channels the contact can be reached on (domain chooseChannel), carrying the channels after it
 * and their content rendered now, for a fallback should it fail permanently.
 */
export function planMessage(p: PlanInput): NewMessage {
  const { automation, template } = p.ready;
  const choice = chooseChannel(p.contact, automation.channels.length > 0 ? automation.channels : [automation.channel]);
  const channel = choice.channel;
  const base = {
    workspaceId: p.workspaceId,
    contactId: p.contact.id,
    channel,
    recipient: recipientFor(channel, p.contact),
    templateId: template.id,
    automationId: automation.id,
    eventId: p.eventId,
    idempotencyKey: `auto:${automation.id}:${p.eventId}`,
    category: template.category,
    scheduledAt: new Date(Math.max(p.now.getTime(), p.occurredAt.getTime() + automation.delayMinutes * 60_000)),
    requestId: p.requestId,
  };
  const refused = (status: 'failed' | 'skipped', reason: string, body = '', content: MessageContent = emptyContent(channel)): NewMessage =>
    ({ ...base, body, content, status, failureReason: reason });

  if (!isTriggerKey(automation.trigger)) return refused('failed', `unknown_trigger: ${automation.trigger}`);
  if (!p.ready.compiled) return refused('failed', `template_invalid: ${p.ready.parseError ?? 'unknown'}`);
  const { values, sources } = resolveEventVariables(automation.trigger, {
    contact: { name: p.contact.name },
    order: p.order ? {
      number: p.order.number,
      ...(p.order.invoiceNumber ? { invoiceNumber: p.order.invoiceNumber } : {}),
      ...(p.order.trackingNumber ? { trackingNumber: p.order.trackingNumber } : {}),
      items: p.order.items,
    } : null,
    user: p.user ?? null,
    referral: p.referral ?? null,
  });
  const rendered = renderTemplate(p.ready.compiled, values);
  if (!rendered.ok) return refused('failed', missingValueReason(rendered.missing, sources));
  const channelContent = renderChannelContent(channel, template, values, rendered.params);
  if (!channelContent.ok) return refused('failed', channelContent.reason ?? missingValueReason(channelContent.missing, sources), rendered.text);
  const content = channelContent.content;
  if (choice.refusal !== null) return refused('skipped', choice.refusal, rendered.text, content);
  // A fallback whose content cannot be made (an email template without a subject) is left out here,
  // so nextChannel never picks it.
  const fallbackContent: FallbackContent = {};
  for (const c of choice.fallbacks) {
    const made = renderChannelContent(c, template, values, rendered.params);
    if (made.ok) fallbackContent[c] = { body: rendered.text, content: made.content };
  }
  return {
    ...base, body: rendered.text, content, status: 'queued', failureReason: null,
    fallbackChannels: choice.fallbacks, fallbackContent: choice.fallbacks.length > 0 ? fallbackContent : null,
  };
}
