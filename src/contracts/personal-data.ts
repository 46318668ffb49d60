import { z } from 'zod';
import { CHANNEL_KINDS, MESSAGE_STATUSES, TEMPLATE_CATEGORIES } from '../domain/vocabulary.js';
import { ConsentEvent, Contact } from './contacts.js';
import { ContactRfm, ContactValue } from './rfm.js';

const time = z.string();

/** Everything Sapa holds about one contact (UU PDP), as the export file carries it. */
export const PersonalDataExport = z.object({
  exportedAt: time,
  contact: Contact.omit({ consent: true }),
  consent: z.object({ current: Contact.shape.consent, history: z.array(ConsentEvent) }),
  orders: z.array(z.object({
    number: z.string(), invoiceNumber: z.string().nullable(), trackingNumber: z.string().nullable(), status: z.string(),
    total: z.number().nullable(), currency: z.string(), handledBy: z.string().nullable(), occurredAt: time, paidAt: time.nullable(),
    items: z.array(z.object({ name: z.string(), quantity: z.number().int(), price: z.number().nullable() })),
  })),
  messages: z.array(z.object({
    id: z.uuid(), channel: z.enum(CHANNEL_KINDS), category: z.enum(TEMPLATE_CATEGORIES), recipient: z.string().nullable(), body: z.string(),
    status: z.enum(MESSAGE_STATUSES), failureReason: z.string().nullable(), scheduledAt: time, sentAt: time.nullable(), deliveredAt: time.nullable(),
    readAt: time.nullable(), failedAt: time.nullable(), createdAt: time,
    history: z.array(z.object({ status: z.enum(MESSAGE_STATUSES), reason: z.string().nullable(), at: time })),
  })),
  /** What Sapa derived from the orders: RFM scores and segment, historical and predicted value. */
  insights: z.object({ rfm: ContactRfm, value: ContactValue }),
  inboundMessages: z.array(z.object({ channel: z.enum(CHANNEL_KINDS), from: z.string(), text: z.string().nullable(), receivedAt: time })),
});
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;
