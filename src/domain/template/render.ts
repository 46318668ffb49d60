/**
 * Compile once, render many: a template becomes alternating literal/slot arrays and
 * rendering is plain concatenation over them (the broadcast hot path; see bench/render).
 * A value counts as missing when it is not a string or is empty/whitespace-only; then
 * the slot's fallback is used, and without one the render fails — never a hole.
 */
import type { CompiledTemplate, ParsedTemplate, RenderResult } from './types.js';

/**
 * Compiles parsed nodes into literal/slot parts. Nodes of erroneous spans are plain
 * text already, so callers must refuse templates whose errors are non-empty first.
 */
export function compileTemplate(parsed: ParsedTemplate): CompiledTemplate {
  const literals: string[] = [];
  const names: string[] = [];
  const fallbacks: (string | null)[] = [];
  const variables: string[] = [];
  let pending = '';
  for (const node of parsed.nodes) {
    if (node.kind === 'text') {
      pending += node.value;
      continue;
    }
    literals.push(pending);
    pending = '';
    names.push(node.name);
    fallbacks.push(node.fallback);
    if (!variables.includes(node.name)) variables.push(node.name);
  }
  literals.push(pending);
  return { literals, names, fallbacks, variables };
}

/** True when `v` is a string with at least one non-whitespace character. */
function hasValue(v: string | undefined): v is string {
  if (typeof v !== 'string' || v.length === 0) return false;
  const c = v.charCodeAt(0);
  // Fast path: a printable ASCII first character means non-blank without allocating.
  if (c > 32 && c < 127) return true;
  return v.trim().length > 0;
}

/** The value to render for one slot: the value, else the fallback, else null (missing). */
function pick(v: string | undefined, fallback: string | null | undefined): string | null {
  return hasValue(v) ? v : (fallback ?? null);
}

/** Renders a compiled template with `values` by variable name; `params` are slot values in order. */
export function renderTemplate(compiled: CompiledTemplate, values: Readonly<Record<string, string | undefined>>): RenderResult {
  const { literals: l, names: n, fallbacks: f } = compiled;
  // Unrolled cases for the common slot counts (seed templates use 2–3): no loop, no
  // intermediate strings beyond the ropes V8 builds for the single `+` chain.
  switch (n.length) {
    case 0:
      return { ok: true, text: l[0]!, params: [] };
    case 1: {
      const a = pick(values[n[0]!], f[0]);
      if (a === null) break;
      return { ok: true, text: l[0]! + a + l[1]!, params: [a] };
    }
    case 2: {
      const a = pick(values[n[0]!], f[0]);
      const b = pick(values[n[1]!], f[1]);
      if (a === null || b === null) break;
      return { ok: true, text: l[0]! + a + l[1]! + b + l[2]!, params: [a, b] };
    }
    case 3: {
      const a = pick(values[n[0]!], f[0]);
      const b = pick(values[n[1]!], f[1]);
      const c = pick(values[n[2]!], f[2]);
      if (a === null || b === null || c === null) break;
      return { ok: true, text: l[0]! + a + l[1]! + b + l[2]! + c + l[3]!, params: [a, b, c] };
    }
    case 4: {
      const a = pick(values[n[0]!], f[0]);
      const b = pick(values[n[1]!], f[1]);
      const c = pick(values[n[2]!], f[2]);
      const d = pick(values[n[3]!], f[3]);
      if (a === null || b === null || c === null || d === null) break;
      return { ok: true, text: l[0]! + a + l[1]! + b + l[2]! + c + l[3]! + d + l[4]!, params: [a, b, c, d] };
    }
  }
  return renderLoop(compiled, values);
}

/** General case (and the missing-value report for every case). */
function renderLoop(compiled: CompiledTemplate, values: Readonly<Record<string, string | undefined>>): RenderResult {
  const { literals, names, fallbacks } = compiled;
  const count = names.length;
  let text = literals[0]!;
  const params = new Array<string>(count);
  let missing: string[] | null = null;
  for (let i = 0; i < count; i++) {
    const name = names[i]!;
    const v = pick(values[name], fallbacks[i]);
    if (v === null) {
      if (missing === null) missing = [name];
      else if (!missing.includes(name)) missing.push(name);
      continue;
    }
    params[i] = v;
    text = text + v + literals[i + 1]!;
  }
  if (missing !== null) return { ok: false, missing };
  return { ok: true, text, params };
}
