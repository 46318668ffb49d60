/** Automations: a trigger fires a template on a channel, optionally after a delay. */
import type { TriggerKey } from '../domain/triggers.js';
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

/** Creates an automation, refusing a template whose variables the trigger lacks. */
export async function createAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, fields: AutomationFields): Promise<AutomationRecord> {
  await checkFits(deps, principal, fields);
  const created = await deps.store.automations.create(principal.workspaceId, fields);
  await audit(deps, principal, 'automation.created', { type: 'automation', id: created.id }, { name: created.name, trigger: created.trigger, enabled: created.enabled });
  return created;
}

/** Applies a partial change, re-checking template against trigger. */
export async function updateAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, patch: Partial<AutomationFields>): Promise<AutomationRecord> {
  const current = found(await deps.store.automations.get(principal.workspaceId, id), 'Automation');
  const fields: AutomationFields = {
    name: patch.name ?? current.name,
    trigger: patch.trigger ?? current.trigger,
    templateId: patch.templateId ?? current.templateId,
    channel: patch.channel ?? current.channel,
    delayMinutes: patch.delayMinutes ?? current.delayMinutes,
    enabled: patch.enabled ?? current.enabled,
  };
  await checkFits(deps, principal, fields);
  const updated = found(await deps.store.automations.update(principal.workspaceId, id, fields), 'Automation');
  const changed = (Object.keys(fields) as (keyof AutomationFields)[]).filter((k) => fields[k] !== current[k]);
  await audit(deps, principal, 'automation.updated', { type: 'automation', id }, { name: updated.name, changed, enabled: updated.enabled });
  return updated;
}

/** Deletes an automation; its messages stay in the log. */
export async function deleteAutomation(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  const automation = found(await deps.store.automations.get(principal.workspaceId, id), 'Automation');
  if (!(await deps.store.automations.delete(principal.workspaceId, id))) found(null, 'Automation');
  await audit(deps, principal, 'automation.deleted', { type: 'automation', id }, { name: automation.name });
}
