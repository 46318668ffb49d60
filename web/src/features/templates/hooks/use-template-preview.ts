import { useMemo } from 'react';
import { templateFieldErrors, type PreviewResult } from '../../../../../src/contracts/index.js';
import { sampleValues } from '../../../../../src/domain/event-variables.js';
import { previewTemplate } from '../../../../../src/domain/template/index.js';
import { allowedVariables, VARIABLES, type TriggerKey } from '../../../../../src/domain/triggers.js';

const ALL = Object.keys(VARIABLES);

/** Checks and renders `message` with the trigger's sample data, as the server does (same domain code). */
export function previewMessage(message: string, trigger: TriggerKey | null): PreviewResult {
  const options = trigger ? { allowed: allowedVariables(trigger), trigger } : { allowed: ALL };
  const preview = previewTemplate(message, { ...options, sample: sampleValues(trigger ?? undefined) });
  return { text: preview.text, variables: preview.variables, errors: templateFieldErrors(preview.errors) };
}

/**
 * Live preview of an unsaved message: runs the domain's parser/renderer in the browser,
 * so it updates on every keystroke and agrees with what the server will render.
 */
export function useTemplatePreview(message: string, trigger: TriggerKey | null): { result: PreviewResult | undefined; pending: boolean } {
  const result = useMemo(() => (message ? previewMessage(message, trigger) : undefined), [message, trigger]);
  return { result, pending: false };
}
