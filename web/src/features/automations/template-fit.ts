import { allowedVariables, type TriggerKey } from '../../../../src/domain/triggers.js';

/**
 * The variables of a template that a trigger does not provide (empty when it fits, or when no
 * trigger is chosen yet) — the same rule the server applies when it refuses the automation.
 */
export function missingVariables(template: { variables: readonly string[] }, trigger: TriggerKey | null): string[] {
  if (!trigger) return [];
  const allowed = allowedVariables(trigger) as readonly string[];
  return template.variables.filter((v, i, all) => !allowed.includes(v) && all.indexOf(v) === i);
}
