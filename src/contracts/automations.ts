import { z } from 'zod';
import { text } from './common.js';
import { TRIGGER_KEYS } from '../domain/triggers.js';
import { AUTOMATION_CHANNELS } from '../domain/vocabulary.js';
import { MAX_CHANNELS } from '../domain/channel-choice.js';

export const AutomationChannel = z.enum(AUTOMATION_CHANNELS);

/**
 * Channel choice (issue 9 part 5): channels in order of preference. A message goes on the first one
 * the contact has an address and no opt-out for; the next is used only when that one failed
 * permanently — never two channels for one event.
 */
export const ChannelPreference = z.array(AutomationChannel).min(1).max(MAX_CHANNELS)
  .refine((list) => new Set(list).size === list.length, { message: 'a channel appears twice' })
  .describe('Channels in order of preference, e.g. ["whatsapp","sms","email"]: the first the contact can be reached on is used; the next only after a permanent failure. `channel` is its first element.');

export const AutomationInput = z.object({
  name: text().trim().min(1).max(200),
  trigger: z.enum(TRIGGER_KEYS),
  templateId: z.uuid(),
  /** The preferred channel (default whatsapp); when `channels` is given too, it must be its first element. */
  channel: AutomationChannel.optional().describe('The preferred channel (default whatsapp); the first of `channels` when both are given.'),
  channels: ChannelPreference.optional(),
  /** Wait this long after the event before sending (max 30 days). */
  delayMinutes: z.number().int().min(0).max(43200).default(0),
  enabled: z.boolean().default(true),
});
export type AutomationInput = z.input<typeof AutomationInput>;
export const AutomationPatch = AutomationInput.partial().strict();
export type AutomationPatch = z.input<typeof AutomationPatch>;

export const Automation = z.object({
  id: z.uuid(),
  name: z.string(),
  trigger: z.enum(TRIGGER_KEYS),
  templateId: z.uuid(),
  templateCode: z.string(),
  channel: AutomationChannel,
  channels: z.array(AutomationChannel),
  delayMinutes: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `whatsapp_template_not_approved`: outside the 24-hour window its messages would fail (the workspace's number needs Meta's approval). */
  warnings: z.array(z.object({ code: z.enum(['whatsapp_template_not_approved']), message: z.string() })),
});
export type Automation = z.infer<typeof Automation>;
export const AutomationList = z.object({ items: z.array(Automation) });

/** The demo workspace's automations still present (GET /api/v1/automations/demo): empty when there is no demo. */
export const DemoAutomations = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), enabled: z.boolean() })) });
export type DemoAutomations = z.infer<typeof DemoAutomations>;
