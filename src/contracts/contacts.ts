import { LIFECYCLE_STAGES } from '../domain/insights/lifecycle.js';
import { z } from 'zod';
import { ContactRfm, ContactValue } from './rfm.js';
import { text } from './common.js';
import { Cursor } from './cursor.js';
import { CONSENT_CHANNELS, CONSENT_STATUSES } from '../domain/vocabulary.js';

export const ConsentStatus = z.enum(CONSENT_STATUSES);
export const ConsentChannel = z.enum(CONSENT_CHANNELS);

const contactFields = {
  name: text().trim().max(200),
  phone: text().trim().max(40).nullish(),
  email: z.email().max(320).nullish(),
  externalId: text().trim().min(1).max(200).nullish(),
  tags: z.array(text().trim().min(1).max(100)).max(100),
  customFields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/), text().max(1000)),
  consent: z.partialRecord(ConsentChannel, ConsentStatus).optional(),
};

export const ContactInput = z.object({
  ...contactFields,
  name: contactFields.name.default(''),
  tags: contactFields.tags.default([]),
  customFields: contactFields.customFields.default({}),
});
export type ContactInput = z.input<typeof ContactInput>;
/** Without the create defaults: zod applies a default even to an omitted optional field, and a PATCH of tags alone then emptied the name. */
export const ContactPatch = z.object(contactFields).partial().strict();
export type ContactPatch = z.input<typeof ContactPatch>;

export const Consent = z.object({ status: ConsentStatus, source: z.string(), at: z.string() });

export const Contact = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.string()),
  consent: z.partialRecord(ConsentChannel, Consent),
  whatsappLastInboundAt: z.string().nullable(),
  /** The email address hard-bounced (SMTP 550, a DSN, the bounce webhook): no email goes to it until it changes. */
  emailBounced: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;
/**
 * GET /api/v1/contacts/:id: the contact with its RFM, value and lifecycle stage with when it began
 * (null until first staged) — product.md §3 Insights.
 */
export const ContactDetail = Contact.extend({
  rfm: ContactRfm,
  value: ContactValue,
  lifecycle: z.object({ stage: z.enum(LIFECYCLE_STAGES), since: z.string() }).nullable(),
});
export type ContactDetail = z.infer<typeof ContactDetail>;
export const ContactList = z.object({ items: z.array(Contact), nextCursor: z.string().nullable() });
export const ContactListQuery = z.object({ q: text().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: Cursor.optional() });

/** A contact's order as the contact page lists it: the last order event seen is its status. */
export const ContactOrder = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  total: z.number().nullable(),
  currency: z.string(),
  invoiceNumber: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  occurredAt: z.string(),
});
export type ContactOrder = z.infer<typeof ContactOrder>;
export const ContactOrderList = z.object({ items: z.array(ContactOrder) });
/** Newest first; a contact page shows the latest ones, so a limit is enough (no cursor). */
export const ContactOrdersQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** One consent change; `actor` is a member's email, an API key's name, or null (the contact themself, the system). */
export const ConsentEvent = z.object({ channel: ConsentChannel, status: ConsentStatus, source: z.string(), actor: z.string().nullable(), at: z.string() });
export type ConsentEvent = z.infer<typeof ConsentEvent>;
export const ConsentHistory = z.object({ items: z.array(ConsentEvent) });

/** Tags in use, most used first (suggestions when tagging). */
export const TagCounts = z.object({ tags: z.array(z.object({ tag: z.string(), count: z.number().int() })) });
export type TagCounts = z.infer<typeof TagCounts>;
export const TagCountsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) });
