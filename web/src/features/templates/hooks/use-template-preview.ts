import { useMemo } from 'react';
import type { FieldError, PreviewResult } from '../../../../../src/contracts/index.js';
import { sampleValues } from '../../../../../src/domain/event-variables.js';
import { checkTemplate, compileTemplate, renderTemplate } from '../../../../../src/domain/template/index.js';
import { allowedVariables, VARIABLES, type TriggerKey } from '../../../../../src/domain/triggers.js';

const ALL = Object.keys(VARIABLES);

/** Checks and renders `message` with the trigger's sample data, as the server would (same domain code). */
export function previewMessage(message: string, trigger: TriggerKey | null): PreviewResult {
  const check = checkTemplate(message, trigger ? { allowed: allowedVariables(trigger), trigger } : { allowed: ALL });
  const errors: FieldError[] = check.errors.map((e) => ({
    field: 'message',
    reason: e.code,
    message: e.message,
    index: e.index,
    length: e.length,
    ...(e.variable !== undefined ? { variable: e.variable } : {}),
    ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
    ...(e.trigger !== undefined ? { trigger: e.trigger } : {}),
  }));
  if (errors.length > 0) return { text: null, variables: check.variables, errors };
  const rendered = renderTemplate(compileTemplate(check.parsed), sampleValues(trigger ?? undefined));
  return { text: rendered.ok ? rendered.text : null, variables: check.variables, errors };
}

/**
 * Live preview of an unsaved message: runs the domain's parser/renderer in the browser,
 * so it updates on every keystroke and agrees with what the server will render.
 */
export function useTemplatePreview(message: string, trigger: TriggerKey | null): { result: PreviewResult | undefined; pending: boolean } {
  const result = useMemo(() => (message ? previewMessage(message, trigger) : undefined), [message, trigger]);
  return { result, pending: false };
}
