/**
 * Types of Sapa's template language (product.md §1): `{name}`, `{name|fallback}`,
 * `{{` / `}}` for literal braces. Offsets are 0-based UTF-16 indices into the
 * source text; `end` is exclusive.
 */
import type { TriggerKey } from '../triggers.js';

/** A run of literal text; `value` has escapes resolved (`{{` → `{`). */
export interface TextNode {
  readonly kind: 'text';
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A `{name}` or `{name|fallback}` placeholder; `name` is lowercased, `fallback` trimmed. */
export interface VariableNode {
  readonly kind: 'variable';
  readonly name: string;
  readonly fallback: string | null;
  readonly start: number;
  readonly end: number;
}

export type TemplateNode = TextNode | VariableNode;

export type TemplateErrorCode =
  | 'template.unclosed_brace'
  | 'template.unmatched_close'
  | 'template.empty_variable'
  | 'template.invalid_variable_name'
  | 'template.unknown_variable'
  | 'template.variable_not_allowed';

/** One problem in a template, located in the source (0 <= index < text.length; index 0 for empty text). */
export interface TemplateError {
  readonly code: TemplateErrorCode;
  readonly index: number;
  /** Number of source characters the problem spans (>= 1 for non-empty text). */
  readonly length: number;
  /** English text for logs and API `detail`; the UI maps `code` to its own wording. */
  readonly message: string;
  readonly variable?: string;
  /** A variable name the author probably meant (did-you-mean). */
  readonly suggestion?: string;
  /** For `template.variable_not_allowed`: the trigger that lacks the variable. */
  readonly trigger?: TriggerKey;
}

export interface ParsedTemplate {
  readonly nodes: readonly TemplateNode[];
  readonly errors: readonly TemplateError[];
}

/**
 * A template compiled for rendering: `literals[i]` precedes the i-th variable slot and
 * `literals[names.length]` ends the text, so `literals.length === names.length + 1`.
 */
export interface CompiledTemplate {
  readonly literals: readonly string[];
  readonly names: readonly string[];
  readonly fallbacks: readonly (string | null)[];
  /** Distinct variable names in order of first appearance. */
  readonly variables: readonly string[];
}

/** Outcome of a render: the text and the value of each slot in order, or the names with no value. */
export type RenderResult =
  | { readonly ok: true; readonly text: string; readonly params: string[] }
  | { readonly ok: false; readonly missing: string[] };

export interface ValidateOptions {
  /** Variable names usable here (a trigger's row, or contact fields for broadcasts). */
  readonly allowed: readonly string[];
  /** Named in `template.variable_not_allowed` errors. */
  readonly trigger?: TriggerKey;
  /** Names Sapa knows but that may not be allowed here; default: the four seed variables. */
  readonly known?: readonly string[];
}
