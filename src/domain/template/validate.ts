/**
 * Semantic checks of a parsed template against where it will be used: unknown
 * variables (with did-you-mean) and known variables the trigger's row lacks.
 */
import { VARIABLES } from '../triggers.js';
import { suggestName } from './suggest.js';
import type { ParsedTemplate, TemplateError, ValidateOptions } from './types.js';

const SEED_VARIABLES: readonly string[] = Object.keys(VARIABLES);

/**
 * All errors of a template, sorted by position: the parse's syntax errors plus
 * `template.unknown_variable` and `template.variable_not_allowed`, one per occurrence.
 */
export function validateTemplate(parsed: ParsedTemplate, options: ValidateOptions): TemplateError[] {
  const allowed = new Set(options.allowed);
  const known = options.known ?? SEED_VARIABLES;
  const knownSet = new Set(known);
  // Allowed names first so a suggestion is something the author can actually use.
  const candidates = [...options.allowed, ...known.filter((k) => !allowed.has(k))];
  const errors: TemplateError[] = parsed.errors.map((e) => {
    if (e.code !== 'template.invalid_variable_name') return e;
    const cleaned = e.suggestion;
    const better = cleaned === undefined ? null : allowed.has(cleaned) || knownSet.has(cleaned) ? cleaned : suggestName(cleaned, candidates);
    const { suggestion: _drop, ...rest } = e;
    return better === null ? rest : { ...rest, suggestion: better };
  });

  for (const node of parsed.nodes) {
    if (node.kind !== 'variable' || allowed.has(node.name)) continue;
    const length = node.end - node.start;
    if (knownSet.has(node.name)) {
      const where = options.trigger === undefined ? 'here' : `on trigger ${options.trigger}`;
      errors.push({
        code: 'template.variable_not_allowed',
        index: node.start,
        length,
        message: `{${node.name}} is not available ${where}.`,
        variable: node.name,
        ...(options.trigger !== undefined ? { trigger: options.trigger } : {}),
      });
      continue;
    }
    const suggestion = suggestName(node.name, candidates);
    errors.push({
      code: 'template.unknown_variable',
      index: node.start,
      length,
      message: suggestion === null ? `Unknown variable {${node.name}} at position ${node.start}.` : `Unknown variable {${node.name}} at position ${node.start}; did you mean {${suggestion}}?`,
      variable: node.name,
      ...(suggestion !== null ? { suggestion } : {}),
    });
  }
  return errors.sort((a, b) => a.index - b.index);
}
