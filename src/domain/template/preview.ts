/** The live preview: check a message and render it with sample values, for the editor and the API alike. */
import { checkTemplate } from './check.js';
import { compileTemplate, renderTemplate } from './render.js';
import type { TemplateError, ValidateOptions } from './types.js';

export interface TemplatePreview {
  /** Rendered text, or null when the message has errors. */
  readonly text: string | null;
  readonly variables: string[];
  readonly errors: TemplateError[];
  /** Variables with neither a sample value nor a fallback: shown as `[name]` in text. */
  readonly missing: string[];
}

/**
 * Checks `text` against `options` and renders it with `sample`. A variable with neither a sample
 * value nor a fallback shows as `[name]`, so custom fields preview too.
 */
export function previewTemplate(text: string, options: ValidateOptions & { sample: Readonly<Record<string, string>> }): TemplatePreview {
  const check = checkTemplate(text, options);
  if (check.errors.length > 0) return { text: null, variables: check.variables, errors: check.errors, missing: [] };
  const compiled = compileTemplate(check.parsed);
  const first = renderTemplate(compiled, options.sample);
  if (first.ok) return { text: first.text, variables: check.variables, errors: [], missing: [] };
  const filled: Record<string, string> = { ...options.sample };
  for (const name of first.missing) filled[name] = `[${name}]`;
  const second = renderTemplate(compiled, filled);
  return { text: second.ok ? second.text : null, variables: check.variables, errors: [], missing: first.missing };
}
