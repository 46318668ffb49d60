/**
 * Parser of Sapa's template language. Rules (product.md §1 plus these decisions):
 * - `{name}` is a variable; names are ASCII letters, digits and `_`, matched
 *   case-insensitively (`{ContactName}` is `contactname`), surrounding spaces ignored.
 * - `{name|fallback}` renders `fallback` (trimmed, may be empty) when the value is empty;
 *   the fallback is everything after the first `|` and may not contain braces.
 * - `{{` and `}}` are literal `{` and `}`, read greedily left to right.
 * - A variable ends at the first `}`; a `{` or a line break before it leaves the
 *   opening `{` unclosed. Erroneous spans stay in the nodes as literal text, so the
 *   node list always covers the whole source. The parser never throws.
 */
import type { ParsedTemplate, TemplateError, TemplateNode } from './types.js';

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const LF = 0x0a;
const CR = 0x0d;
const VALID_NAME = /^[a-z0-9_]+$/;

/** Parses template text into nodes and syntax errors; never throws. */
export function parseTemplate(text: string): ParsedTemplate {
  const nodes: TemplateNode[] = [];
  const errors: TemplateError[] = [];
  const n = text.length;
  let buf = '';
  let bufStart = -1;

  const addText = (value: string, start: number): void => {
    if (bufStart < 0) bufStart = start;
    buf += value;
  };
  const flush = (end: number): void => {
    if (bufStart >= 0) nodes.push({ kind: 'text', value: buf, start: bufStart, end });
    buf = '';
    bufStart = -1;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== OPEN && c !== CLOSE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === OPEN || d === CLOSE) break;
        j++;
      }
      addText(text.slice(i, j), i);
      i = j;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === CLOSE) {
      if (next === CLOSE) {
        addText('}', i);
        i += 2;
      } else {
        errors.push({ code: 'template.unmatched_close', index: i, length: 1, message: `Unmatched "}" at position ${i}; write "}}" for a literal brace.` });
        addText('}', i);
        i += 1;
      }
      continue;
    }
    if (next === OPEN) {
      addText('{', i);
      i += 2;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === CLOSE || d === OPEN || d === LF || d === CR) break;
      j++;
    }
    if (j >= n || text.charCodeAt(j) !== CLOSE) {
      errors.push({ code: 'template.unclosed_brace', index: i, length: 1, message: `"{" at position ${i} is never closed; write "{{" for a literal brace.` });
      addText('{', i);
      i += 1;
      continue;
    }
    const end = j + 1;
    const inner = text.slice(i + 1, j);
    const pipe = inner.indexOf('|');
    const rawName = pipe < 0 ? inner : inner.slice(0, pipe);
    const name = rawName.trim().toLowerCase();
    if (name === '') {
      errors.push({ code: 'template.empty_variable', index: i, length: end - i, message: `Empty variable "${text.slice(i, end)}" at position ${i}.` });
      addText(text.slice(i, end), i);
    } else if (!VALID_NAME.test(name)) {
      const candidate = name.replace(/[^a-z0-9_]+/g, '');
      errors.push({
        code: 'template.invalid_variable_name',
        index: i,
        length: end - i,
        message: `"${rawName.trim()}" at position ${i} is not a valid variable name (use letters, digits and _).`,
        variable: rawName.trim(),
        ...(candidate !== '' ? { suggestion: candidate } : {}),
      });
      addText(text.slice(i, end), i);
    } else {
      flush(i);
      nodes.push({ kind: 'variable', name, fallback: pipe < 0 ? null : inner.slice(pipe + 1).trim(), start: i, end });
    }
    i = end;
  }
  flush(n);
  return { nodes, errors };
}
