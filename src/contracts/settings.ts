import { z } from 'zod';
import { FREQUENCY_CAP_BOUNDS } from '../domain/messaging-settings.js';
import { text } from './common.js';

/** HH:MM; the range (00:00–23:59) is checked by the use case so the answer names the reason. */
const localTime = text().max(5);

/** The workspace's frequency cap, quiet hours (null: none) and time zone (product.md §4). */
export const MessagingSettings = z.object({
  timezone: text().min(1).max(64),
  frequencyCap: z.object({
    count: z.number().int().min(FREQUENCY_CAP_BOUNDS.count.min).max(FREQUENCY_CAP_BOUNDS.count.max),
    days: z.number().int().min(FREQUENCY_CAP_BOUNDS.days.min).max(FREQUENCY_CAP_BOUNDS.days.max),
  }).strict(),
  quietHours: z.object({ start: localTime, end: localTime }).strict().nullable(),
}).strict();
export type MessagingSettings = z.infer<typeof MessagingSettings>;
