/** Records → API shapes (contracts): dates as ISO strings, internal fields left out. */
import { mediaPath } from '../../domain/template-extras.js';
import type {
  ApiKeyRecord, AuditEntry, AutomationRecord, ConsentEventRecord, ContactRecord, PersonalDataRecord, InviteRecord, MessageRecord, SandboxRecord, SessionRecord, StatusHistoryEntry, TemplateRecord, User,
} from '../../app/records.js';
import { explainFailure } from '../../domain/failure-reasons.js';
import { defaultWhatsappName } from '../../domain/whatsapp-name.js';
import { whatsappNeedsResubmit } from '../../domain/whatsapp-template.js';
import { templateSpamWarnings } from '../../domain/template-lint.js';
import { UNAPPROVED_TEMPLATE_WARNING } from '../../app/whatsapp-templates.js';
import type { Automation, ConsentEvent, Contact, Message, PersonalDataExport, Template } from '../../contracts/index.js';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function templateJson(t: TemplateRecord): Template {
  return {
    id: t.id, code: t.code, message: t.message, category: t.category,
    whatsappName: t.whatsappName ?? defaultWhatsappName(t.code), whatsappLanguage: t.whatsappLanguage,
    variables: t.variables,
    header: t.header ? { type: t.header.type, mediaId: t.header.mediaId, filename: t.header.filename, url: mediaPath(t.header.token) } : null,
    buttons: t.buttons.map((b) => ({ text: b.text, payload: b.payload })),
    subject: t.subject, html: t.html, title: t.title, link: t.link,
    whatsappStatus: t.whatsappStatus, whatsappRejectionReason: t.whatsappRejectionReason, whatsappTemplateId: t.whatsappTemplateId,
    whatsappNeedsResubmit: whatsappNeedsResubmit(t),
    spamWarnings: templateSpamWarnings(t),
    createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
  };
}

/** `unapproved`: templates Meta has not approved where the workspace needs it (whatsapp-templates.ts unapprovedTemplateIds). */
export function automationJson(a: AutomationRecord, unapproved: ReadonlySet<string> = new Set()): Automation {
  return {
    id: a.id, name: a.name, trigger: a.trigger as Automation['trigger'], templateId: a.templateId, templateCode: a.templateCode,
    channel: a.channel as Automation['channel'], channels: a.channels as Automation['channels'], delayMinutes: a.delayMinutes, enabled: a.enabled, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt),
    warnings: a.channel === 'whatsapp' && unapproved.has(a.templateId) ? [{ ...UNAPPROVED_TEMPLATE_WARNING }] : [],
  };
}

export function contactJson(c: ContactRecord): Contact {
  const consent: Contact['consent'] = {};
  for (const [channel, v] of Object.entries(c.consent)) {
    if (v && (channel === 'whatsapp' || channel === 'email' || channel === 'sms' || channel === 'push')) consent[channel] = { status: v.status, source: v.source, at: iso(v.at) };
  }
  return {
    id: c.id, externalId: c.externalId, name: c.name, phone: c.phone, email: c.email, tags: c.tags, customFields: c.customFields,
    consent, whatsappLastInboundAt: isoOrNull(c.whatsappLastInboundAt),
    emailBounced: c.emailBounced ? { at: iso(c.emailBounced.at), reason: c.emailBounced.reason } : null,
    createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt),
  };
}

export function consentEventJson(e: ConsentEventRecord): ConsentEvent {
  return { channel: e.channel as ConsentEvent['channel'], status: e.status, source: e.source, actor: e.actor, at: iso(e.at) };
}

export function personalDataJson(d: PersonalDataRecord, now: Date, insights: PersonalDataExport['insights']): PersonalDataExport {
  const { consent, ...contact } = contactJson(d.contact);
  return {
    exportedAt: iso(now),
    insights,
    contact,
    consent: { current: consent, history: d.consentHistory.map(consentEventJson) },
    orders: d.orders.map((o) => ({ ...o, occurredAt: iso(o.occurredAt), paidAt: isoOrNull(o.paidAt) })),
    messages: d.messages.map((m) => ({
      ...m, scheduledAt: iso(m.scheduledAt), sentAt: isoOrNull(m.sentAt), deliveredAt: isoOrNull(m.deliveredAt), readAt: isoOrNull(m.readAt), ...('clickedAt' in m ? { clickedAt: isoOrNull((m as { clickedAt: Date | null }).clickedAt) } : {}),
      failedAt: isoOrNull(m.failedAt), createdAt: iso(m.createdAt), history: m.history.map((h) => ({ ...h, at: iso(h.at) })),
    })),
    inboundMessages: d.inbound.map((i) => ({ ...i, receivedAt: iso(i.receivedAt) })),
  };
}

export function messageJson(m: MessageRecord & { history?: StatusHistoryEntry[] }): Message {
  return {
    id: m.id, contactId: m.contactId, contactName: m.contactName, channel: m.channel, recipient: m.recipient, templateId: m.templateId,
    automationId: m.automationId, eventId: m.eventId, body: m.body, status: m.status, failureReason: m.failureReason, failureDetail: m.failureDetail,
    providerMessageId: m.providerMessageId, attempts: m.attempts, scheduledAt: iso(m.scheduledAt), sentAt: isoOrNull(m.sentAt),
    deliveredAt: isoOrNull(m.deliveredAt), readAt: isoOrNull(m.readAt), ...('clickedAt' in m ? { clickedAt: isoOrNull((m as { clickedAt: Date | null }).clickedAt) } : {}), failedAt: isoOrNull(m.failedAt), createdAt: iso(m.createdAt),
    ...(m.history ? { history: m.history.map((h) => ({ status: h.status, reason: h.reason, at: iso(h.at) })) } : {}),
    orderNumber: m.orderNumber, trigger: m.eventType, resentAs: m.resentAs, fallbackOf: m.fallbackOf, fallbackAs: m.fallbackAs, fallbackChannels: m.fallbackChannels,
    resendOf: m.idempotencyKey.startsWith('resend:') ? m.idempotencyKey.slice('resend:'.length) : null,
    // In words on the server, so the web app and API clients read the same sentence for the same code.
    failure: m.failureReason ? explainFailure(m.failureReason, { orderNumber: m.orderNumber, trigger: m.eventType }) : null,
  };
}

export function sandboxJson(s: SandboxRecord) {
  return { id: s.id, messageId: s.messageId, channel: s.channel, recipient: s.recipient, body: s.body, payload: s.payload, createdAt: iso(s.createdAt) };
}

export function apiKeyJson(k: ApiKeyRecord) {
  return { id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, createdAt: iso(k.createdAt), lastUsedAt: isoOrNull(k.lastUsedAt) };
}

export function sessionJson(s: SessionRecord & { current: boolean }) {
  return { id: s.id, createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), address: s.address, userAgent: s.userAgent, current: s.current };
}

export function memberJson(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, status: u.deactivatedAt ? 'deactivated' as const : 'active' as const, createdAt: iso(u.createdAt) };
}

export function inviteJson(i: InviteRecord) {
  return { id: i.id, email: i.email, role: i.role, createdAt: iso(i.createdAt), expiresAt: iso(i.expiresAt) };
}

export function auditJson(e: AuditEntry) {
  return { ...e, at: iso(e.at) };
}
