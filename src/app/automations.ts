/** Automations: a trigger fires a template on a channel, optionally after a delay. */
import { channelList } from '../domain/channel-choice.js';
import type { TriggerKey } from '../domain/triggers.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import type { AutomationFields, AutomationRecord, Principal } from './records.js';
import { notAllowedOnTrigger } from './templates.js';

async function checkFits(deps: Pick<Deps, 'store'>, principal: Principal, fields: AutomationFields): Promise<void> {
  const template = await deps.store.templates.get(principal.workspaceId, fields.templateId);
  if (!template) {
    throw new AppError('automation.template_not_found', 'The template does not exist', [{ field: 'templateId', reason: 'not_found' }]);
  }
  const items = notAllowedOnTrigger(template, fields.trigger as TriggerKey, 'templateId');
  if (items.length > 0) {
    const names = items.map((i) => `{${i.variable}}`).join(', ');
    throw new AppError('automation.variable_not_allowed', `Template "${template.code}" uses ${names}, which trigger ${fields.trigger} does not provide`, items);
  }
}

/** What the API takes: `channel` and/or `channels` (domain/channel-choice.ts channelList). */
export type AutomationInputFields = Omit<AutomationFields, 'channel' | 'channels'> & { channel?: ChannelKind | undefined; channels?: ChannelKind[] | undefined };

/** The channel list of a request, or a 422 naming the disagreement. */
export function requestedChannels(channel: ChannelKind | undefined, channels: ChannelKind[] | undefined, code: 'automation.channels_invalid' | 'broadcast.invalid'): ChannelKind[] {
  const list = channelList(channel, channels);
  if (list === null) {
    throw new AppError(code, '`channel` must be the first of `channels`, and each channel may appear once', [{ field: 'channels', reason: 'invalid' }]);
  }
  return list;
}

/** Creates an automation, refusing a template whose variables the trigger lacks. */
export async function createAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: AutomationInputFields): Promise<AutomationRecord> {
  const channels = input.channel === undefined && input.channels === undefined ? ['whatsapp' as const] : requestedChannels(input.channel, input.channels, 'automation.channels_invalid');
  const fields: AutomationFields = { ...input, channel: channels[0]!, channels };
  await checkFits(deps, principal, fields);
  const created = await deps.store.automations.create(principal.workspaceId, fields);
  await audit(deps, principal, 'automation.created', { type: 'automation', id: created.id }, { name: created.name, trigger: created.trigger, enabled: created.enabled });
  return created;
}

/** Applies a partial change, re-checking template against trigger. */
export async function updateAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, patch: Partial<AutomationInputFields>): Promise<AutomationRecord> {
  const current = found(await deps.store.automations.get(principal.workspaceId, id), 'Automation');
  // `channel` alone (an older client) moves that channel first and keeps the other fallbacks.
  const channels = patch.channels !== undefined || patch.channel !== undefined
    ? requestedChannels(patch.channel, patch.channels ?? (patch.channel ? [patch.channel, ...current.channels.filter((c) => c !== patch.channel)] : undefined), 'automation.channels_invalid')
    : current.channels;
  const fields: AutomationFields = {
    name: patch.name ?? current.name,
    trigger: patch.trigger ?? current.trigger,
    templateId: patch.templateId ?? current.templateId,
    channel: channels[0]!,
    channels,
    delayMinutes: patch.delayMinutes ?? current.delayMinutes,
    enabled: patch.enabled ?? current.enabled,
  };
  await checkFits(deps, principal, fields);
  const updated = found(await deps.store.automations.update(principal.workspaceId, id, fields), 'Automation');
  const changed = (Object.keys(fields) as (keyof AutomationFields)[])
    .filter((k) => (k === 'channels' ? fields.channels.join() !== current.channels.join() : fields[k] !== current[k]));
  await audit(deps, principal, 'automation.updated', { type: 'automation', id }, { name: updated.name, changed, enabled: updated.enabled });
  return updated;
}

/** Deletes an automation; its messages stay in the log. */
export async function deleteAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  const automation = found(await deps.store.automations.get(principal.workspaceId, id), 'Automation');
  if (!(await deps.store.automations.delete(principal.workspaceId, id))) found(null, 'Automation');
  await audit(deps, principal, 'automation.deleted', { type: 'automation', id }, { name: automation.name });
}
