/** One-call helpers over parse + validate, for the editor, the preview and the API. */
import { parseTemplate } from './parse.js';
import type { ParsedTemplate, TemplateError, ValidateOptions } from './types.js';
import { validateTemplate } from './validate.js';

/** Distinct variable names in order of first appearance. */
export function templateVariables(parsed: ParsedTemplate): string[] {
  const seen: string[] = [];
  for (const node of parsed.nodes) {
    if (node.kind === 'variable' && !seen.includes(node.name)) seen.push(node.name);
  }
  return seen;
}

export interface TemplateCheck {
  readonly parsed: ParsedTemplate;
  /** Syntax and semantic errors sorted by position; empty means the template is usable. */
  readonly errors: TemplateError[];
  readonly variables: string[];
}

/** Parses and validates `text` in one go. */
export function checkTemplate(text: string, options: ValidateOptions): TemplateCheck {
  const parsed = parseTemplate(text);
  return { parsed, errors: validateTemplate(parsed, options), variables: templateVariables(parsed) };
}
