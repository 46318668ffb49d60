/** Writing nodes back as template source (the inverse of parseTemplate for error-free templates). */
import type { TemplateNode } from './types.js';

/** Escapes literal text so it parses back to itself: `{` → `{{`, `}` → `}}`. */
export function escapeTemplateText(text: string): string {
  return text.replace(/[{}]/g, (brace) => brace + brace);
}

/** Template source for `nodes`: text escaped, variables as `{name}` / `{name|fallback}`. */
export function serializeTemplate(nodes: readonly TemplateNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += escapeTemplateText(node.value);
    else out += node.fallback === null ? `{${node.name}}` : `{${node.name}|${node.fallback}}`;
  }
  return out;
}
