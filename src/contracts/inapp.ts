/** The in-app inbox: contact tokens (shop's server, API key) and what a shop's page reads with one. */
import { z } from 'zod';
import { MESSAGE_STATUSES } from '../domain/vocabulary.js';

/** POST /api/v1/contacts/:id/token: how long the token lives (default a day, at most 30 days). */
export const ContactTokenInput = z.object({
  ttlSeconds: z.number().int().min(60).max(30 * 24 * 60 * 60).optional(),
}).strict();
export type ContactTokenInput = z.infer<typeof ContactTokenInput>;

export const ContactToken = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO 8601; ask for a new token before then'),
});
export type ContactToken = z.infer<typeof ContactToken>;

/** The token travels in the query (EventSource cannot send headers); a missing or bad one is answered 401 by the use case. */
export const InAppQuery = z.object({
  token: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  /** For clients that cannot set Last-Event-ID on a new connection: the id of the last message received. */
  lastEventId: z.string().max(64).optional(),
});
export type InAppQuery = z.infer<typeof InAppQuery>;

export const InAppMessage = z.object({
  id: z.uuid(),
  body: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  sentAt: z.string(),
  readAt: z.string().nullable(),
});
export type InAppMessage = z.infer<typeof InAppMessage>;

export const InAppMessageList = z.object({ items: z.array(InAppMessage), unread: z.number().int() });
export type InAppMessageList = z.infer<typeof InAppMessageList>;
