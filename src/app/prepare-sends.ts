/**
 * Between the claim and the sends: what may not go out now is settled here, for a whole batch.
 * Broadcast messages are personalised (rendered from the broadcast's copy of its template, taken
 * when Send was pressed and held compiled per broadcast, with the contact's data as it is now, and the text written before anything is sent, so the log shows
 * what went out even if the process dies mid-send); marketing messages inside the workspace's
 * quiet hours wait for their end; those over the frequency cap are skipped.
 */
import {
  BROADCAST_VALUE_SOURCES, broadcastValues, cappedByFrequency, compileTemplate, missingValueReason,
  parseTemplate, quietHoursEnd, refuseSend, renderChannelContent, renderTemplate, usesReferralValues, type CompiledTemplate, type MessageContent,
} from '../domain/index.js';
import type { ClaimedMessage, Personalise, SendOutcome } from './engine.port.js';
import type { ChannelKind, Deps } from './ports.js';
import { referralCodesFor } from './referrals.js';

export interface PrepareOptions {
  /** A test send the owner asked for: it goes now, quiet hours and the frequency cap do not apply. */
  exemptFromMarketingRules?: boolean;
}

/** The messages to send (with their final text), and the outcomes of the others. */
export async function prepareSends(
  deps: Pick<Deps, 'store' | 'clock' | 'random' | 'publicUrl'>, claimed: readonly ClaimedMessage[], templates: CompiledTemplates, options: PrepareOptions = {},
): Promise<{ ready: ClaimedMessage[]; outcomes: SendOutcome[] }> {
  const now = deps.clock.now();
  // Codes for the batch's contacts whose broadcast template uses {referralcode}/{referrallink}: made set-wise, once each.
  const referral = await referralCodesFor(deps, claimed.flatMap((m) => (m.personalise?.template && m.contactId && templates.usesReferral(m.personalise.template)
    ? [{ workspaceId: m.workspaceId, contactId: m.contactId }] : [])));
  const outcomes: SendOutcome[] = [];
  const personalised: { id: string; body: string; content: MessageContent }[] = [];
  let candidates: ClaimedMessage[] = [];
  for (const m of claimed) {
    const refusal = refuseSend(m);
    if (refusal) {
      // No consent or no address on this channel any more (an opt-out or a bounce since it was
      // queued): for channel choice the next channel may take the intent. A deleted contact may not.
      const handOn = refusal.status === 'skipped' ? { failureClass: 'permanent' as const } : {};
      outcomes.push({ id: m.id, status: refusal.status, reason: refusal.reason, detail: null, at: now, ...handOn });
      continue;
    }
    if (m.personalise === null) {
      candidates.push(m);
      continue;
    }
    const result = personalise(m.channel, m.personalise, templates, m.contactId ? referral.get(m.contactId) ?? null : null);
    if (!result.ok) {
      // Its content cannot be made on this channel (say, no subject for an email): the next channel may do.
      outcomes.push({ id: m.id, status: 'failed', reason: result.reason, detail: null, at: now, failureClass: 'permanent' });
      continue;
    }
    personalised.push({ id: m.id, body: result.body, content: result.content });
    candidates.push({ ...m, body: result.body, content: result.content, personalise: null });
  }
  await deps.store.delivery.personalise(personalised);

  if (!options.exemptFromMarketingRules) {
    const waiting: ClaimedMessage[] = [];
    for (const m of candidates) {
      const until = m.category === 'marketing' ? quietHoursEnd(now, m.rules.quietHours, m.rules.timezone) : null;
      if (until) outcomes.push({ id: m.id, status: 'queued', reason: 'quiet_hours', detail: null, at: now, retryAt: until, notSent: true });
      else waiting.push(m);
    }
    const byId = new Map(waiting.map((m) => [m.id, m]));
    const capped = cappedByFrequency(waiting, (m) => byId.get(m.id)!.rules.cap);
    candidates = waiting.filter((m) => {
      if (!capped.has(m.id)) return true;
      outcomes.push({ id: m.id, status: 'skipped', reason: 'frequency_cap', detail: null, at: now });
      return false;
    });
  }
  return { ready: candidates, outcomes };
}

export type Personalised = { ok: true; body: string; content: MessageContent } | { ok: false; reason: string };

/** A broadcast's message for one contact: the text and the channel's content, or why it cannot be made. */
export function personalise(channel: ChannelKind, p: Personalise, templates: CompiledTemplates, referral: { code: string; link: string | null } | null = null): Personalised {
  if (p.template === null) return { ok: false, reason: 'template_deleted' };
  const compiled = templates.get(p.template.key, p.template.message);
  if (compiled === null) return { ok: false, reason: 'template_invalid' };
  const values = broadcastValues(p.contact, p.senderName, referral);
  const rendered = renderTemplate(compiled, values);
  if (!rendered.ok) return { ok: false, reason: missingValueReason(rendered.missing, BROADCAST_VALUE_SOURCES) };
  const content = renderChannelContent(channel, p.template, values, rendered.params);
  if (!content.ok) return { ok: false, reason: content.reason ?? missingValueReason(content.missing, BROADCAST_VALUE_SOURCES) };
  return { ok: true, body: rendered.text, content: content.content };
}

/**
 * Compiled templates by key (a broadcast's id: its copy of the template never changes), so a
 * broadcast's template is parsed once, not per message.
 */
export interface CompiledTemplates {
  get(key: string, message: string): CompiledTemplate | null;
  /** True when the template (its text, subject, html or title) uses the contact's referral variables; kept per key. */
  usesReferral(template: NonNullable<Personalise['template']>): boolean;
}

export function createCompiledTemplates(max = 500): CompiledTemplates {
  const entries = new Map<string, CompiledTemplate | null>();
  const referral = new Map<string, boolean>();
  return {
    usesReferral(t) {
      let uses = referral.get(t.key);
      if (uses === undefined) {
        uses = usesReferralValues([t.message, t.subject, t.html, t.title]);
        referral.set(t.key, uses);
        if (referral.size > max) referral.delete(referral.keys().next().value!);
      }
      return uses;
    },
    get(key, message) {
      let entry = entries.get(key);
      if (entry === undefined) {
        const parsed = parseTemplate(message);
        entry = parsed.errors.length > 0 ? null : compileTemplate(parsed);
        entries.set(key, entry);
        if (entries.size > max) entries.delete(entries.keys().next().value!);
      }
      return entry;
    },
  };
}
