/**
 * Segments: the rule language of product.md §3. A definition is a group of rules matched `all` or
 * `any`; a rule is a condition on one field or a nested group. Fields and ops are closed lists:
 * adapters/db/segment.sql.ts compiles a checked definition to SQL over these fields only.
 */
import { KNOWN_FIELD_NAMES, SEGMENT_LIMITS, SEGMENT_STAGES, opsOf, parseSegmentField, type SegmentFieldRef } from './segment-fields.js';
import { suggestName } from './template/suggest.js';
import { RFM_SEGMENTS } from './insights/rfm-segments.js';
import { CONSENT_STATUSES, type ConsentStatus } from './vocabulary.js';

export const SEGMENT_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

export const SEGMENT_MATCHES = ['all', 'any'] as const;
export type SegmentMatch = (typeof SEGMENT_MATCHES)[number];

export interface SegmentCondition { readonly field: string; readonly op: SegmentOp; readonly value?: unknown }
export interface SegmentGroup { readonly match: SegmentMatch; readonly rules: readonly SegmentRule[] }
export type SegmentRule = SegmentCondition | SegmentGroup;
export type SegmentDefinition = SegmentGroup;

export const isSegmentGroup = (rule: SegmentRule): rule is SegmentGroup => 'rules' in rule;

/** One problem in a definition, at a path such as `rules[2].rules[0].op` (RFC 9457 `errors[]` item). */
export interface SegmentError {
  readonly field: string;
  readonly reason: SegmentErrorReason;
  readonly message: string;
  /** A known field or op close to an unknown one. */
  readonly suggestion?: string;
}

export type SegmentErrorReason =
  | 'segment.invalid_rule' | 'segment.invalid_match' | 'segment.unknown_field' | 'segment.unknown_op' | 'segment.op_not_allowed'
  | 'segment.invalid_value' | 'segment.too_deep' | 'segment.too_many_rules' | 'text.nul' | 'text.lone_surrogate';

export type SegmentCheck = { readonly ok: true; readonly definition: SegmentDefinition } | { readonly ok: false; readonly errors: readonly SegmentError[] };

/** Beyond this many problems the rest are noise (and a 10 000-rule body must not answer 10 000 items). */
const MAX_ERRORS = 20;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a name from the request looks like in a message: short and printable. */
const quoted = (name: string) => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a segment definition from outside (the API body's `{match, rules}`): every field and op
 * known and allowed together, values of the right type and within bounds, depth ≤ 5 and ≤ 100
 * rules. Answers the definition rebuilt from its checked parts (nothing else carried along), or
 * every problem by path. Only a checked definition may reach the SQL compiler.
 */
export function checkSegment(input: unknown): SegmentCheck {
  const errors: SegmentError[] = [];
  let rules = 0;
  const fail = (error: SegmentError) => { if (errors.length < MAX_ERRORS) errors.push(error); };

  function group(value: Record<string, unknown>, path: string, depth: number): SegmentGroup | null {
    const at = (name: string) => (path ? `${path}.${name}` : name);
    if (depth > SEGMENT_LIMITS.maxDepth) {
      fail({ field: path, reason: 'segment.too_deep', message: `Groups nest at most ${SEGMENT_LIMITS.maxDepth} deep` });
      return null;
    }
    const match = value.match;
    const matchOk = typeof match === 'string' && (SEGMENT_MATCHES as readonly string[]).includes(match);
    if (!matchOk) fail({ field: at('match'), reason: 'segment.invalid_match', message: `match must be "all" or "any"` });
    if (!Array.isArray(value.rules)) {
      fail({ field: at('rules'), reason: 'segment.invalid_rule', message: 'rules must be a list' });
      return null;
    }
    const checked: SegmentRule[] = [];
    for (const [i, item] of (value.rules as unknown[]).entries()) {
      rules++;
      if (rules > SEGMENT_LIMITS.maxRules) {
        fail({ field: at('rules'), reason: 'segment.too_many_rules', message: `A segment has at most ${SEGMENT_LIMITS.maxRules} rules` });
        return null;
      }
      const rule = ruleAt(item, `${at('rules')}[${i}]`, depth);
      if (rule) checked.push(rule);
    }
    return matchOk ? { match: match as SegmentMatch, rules: checked } : null;
  }

  function ruleAt(item: unknown, path: string, depth: number): SegmentRule | null {
    if (!isRecord(item)) {
      fail({ field: path, reason: 'segment.invalid_rule', message: 'A rule is {field, op, value} or a group {match, rules}' });
      return null;
    }
    if ('rules' in item) return group(item, path, depth + 1);
    return condition(item, path);
  }

  function condition(item: Record<string, unknown>, path: string): SegmentCondition | null {
    const name = item.field;
    if (typeof name !== 'string') {
      fail({ field: `${path}.field`, reason: 'segment.invalid_rule', message: 'field must be a string' });
      return null;
    }
    const ref = parseSegmentField(name);
    if (!ref) {
      const suggestion = suggestName(name, KNOWN_FIELD_NAMES);
      fail({ field: `${path}.field`, reason: 'segment.unknown_field', message: `Unknown field ${quoted(name)}`, ...(suggestion ? { suggestion } : {}) });
    }
    const op = item.op;
    if (typeof op !== 'string' || !(SEGMENT_OPS as readonly string[]).includes(op)) {
      const suggestion = typeof op === 'string' ? suggestName(op, SEGMENT_OPS) : null;
      fail({ field: `${path}.op`, reason: 'segment.unknown_op', message: `Unknown op ${typeof op === 'string' ? quoted(op) : String(op)}`, ...(suggestion ? { suggestion } : {}) });
      return null;
    }
    if (!ref) return null;
    const segmentOp = op as SegmentOp;
    if (!opsOf(ref).includes(segmentOp)) {
      fail({ field: `${path}.op`, reason: 'segment.op_not_allowed', message: `Field ${quoted(name)} does not allow op "${op}"; it allows ${opsOf(ref).join(', ')}` });
      return null;
    }
    const value = checkValue(ref, segmentOp, item.value, `${path}.value`, fail);
    if (value === INVALID) return null;
    return value === undefined ? { field: name, op: segmentOp } : { field: name, op: segmentOp, value };
  }

  if (!isRecord(input)) return { ok: false, errors: [{ field: 'rules', reason: 'segment.invalid_rule', message: 'A segment is {match, rules}' }] };
  const definition = group(input, '', 1);
  return errors.length === 0 && definition ? { ok: true, definition } : { ok: false, errors };
}

const INVALID = Symbol('invalid');
type Fail = (error: SegmentError) => void;

function textValue(value: unknown, path: string, fail: Fail, numbersToo: boolean): string | typeof INVALID {
  if (numbersToo && typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= SEGMENT_LIMITS.maxCustomNumber) return String(value);
  if (typeof value !== 'string' || value.length === 0 || value.length > SEGMENT_LIMITS.maxTextLength) {
    fail({ field: path, reason: 'segment.invalid_value', message: `must be text of 1 to ${SEGMENT_LIMITS.maxTextLength} characters` });
    return INVALID;
  }
  if (value.includes('\u0000')) {
    fail({ field: path, reason: 'text.nul', message: 'must not contain the NUL character (\\u0000)' });
    return INVALID;
  }
  if (LONE_SURROGATE.test(value)) {
    fail({ field: path, reason: 'text.lone_surrogate', message: 'must be well-formed Unicode (a lone surrogate is not a character)' });
    return INVALID;
  }
  return value;
}

function numberValue(ref: SegmentFieldRef, value: unknown, path: string, fail: Fail): number | typeof INVALID {
  const [min, max, integer] = ref.kind === 'score' ? [1, 5, true] : ref.kind === 'days' ? [0, SEGMENT_LIMITS.maxDays, true]
    : ref.kind === 'count' ? [0, SEGMENT_LIMITS.maxCount, true]
      : ref.kind === 'amount' ? [0, SEGMENT_LIMITS.maxAmount, false]
        : [-SEGMENT_LIMITS.maxCustomNumber, SEGMENT_LIMITS.maxCustomNumber, false];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    fail({ field: path, reason: 'segment.invalid_value', message: `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}` });
    return INVALID;
  }
  return value;
}

function rfmSegmentValue(value: unknown, path: string, fail: Fail): string | typeof INVALID {
  if (typeof value !== 'string' || !(RFM_SEGMENTS as readonly string[]).includes(value)) {
    const suggestion = typeof value === 'string' && value.length <= 200 ? suggestName(value, RFM_SEGMENTS) : null;
    fail({ field: path, reason: 'segment.invalid_value', message: `must be one of ${RFM_SEGMENTS.join(', ')}`, ...(suggestion ? { suggestion } : {}) });
    return INVALID;
  }
  return value;
}

function stageValue(value: unknown, path: string, fail: Fail): string | typeof INVALID {
  if (typeof value !== 'string' || !(SEGMENT_STAGES as readonly string[]).includes(value)) {
    fail({ field: path, reason: 'segment.invalid_value', message: `must be one of ${SEGMENT_STAGES.join(', ')}` });
    return INVALID;
  }
  return value;
}

function statusValue(value: unknown, path: string, fail: Fail): ConsentStatus | typeof INVALID {
  if (typeof value !== 'string' || !(CONSENT_STATUSES as readonly string[]).includes(value)) {
    fail({ field: path, reason: 'segment.invalid_value', message: `must be one of ${CONSENT_STATUSES.join(', ')}` });
    return INVALID;
  }
  return value as ConsentStatus;
}

/** The value a field and op need, normalised (a custom number compared as text becomes its text). */
function checkValue(ref: SegmentFieldRef, op: SegmentOp, value: unknown, path: string, fail: Fail): unknown {
  switch (op) {
    case 'exists':
      if (value === undefined || typeof value === 'boolean') return value;
      fail({ field: path, reason: 'segment.invalid_value', message: 'exists takes no value, true or false' });
      return INVALID;
    case 'in': {
      if (!Array.isArray(value) || value.length === 0 || value.length > SEGMENT_LIMITS.maxInValues) {
        fail({ field: path, reason: 'segment.invalid_value', message: `in takes a list of 1 to ${SEGMENT_LIMITS.maxInValues} values` });
        return INVALID;
      }
      const items = value.map((v: unknown, i) => (ref.kind === 'consent' ? statusValue(v, `${path}[${i}]`, fail)
        : ref.kind === 'rfm_segment' ? rfmSegmentValue(v, `${path}[${i}]`, fail)
        : ref.kind === 'stage' ? stageValue(v, `${path}[${i}]`, fail) : textValue(v, `${path}[${i}]`, fail, ref.kind === 'custom')));
      return items.includes(INVALID) ? INVALID : [...new Set(items)];
    }
    case 'gt': case 'gte': case 'lt': case 'lte':
      return numberValue(ref, value, path, fail);
    case 'eq': case 'neq':
      if (ref.kind === 'consent') return statusValue(value, path, fail);
      if (ref.kind === 'rfm_segment') return rfmSegmentValue(value, path, fail);
      if (ref.kind === 'stage') return stageValue(value, path, fail);
      if (ref.kind === 'score' || ref.kind === 'days' || ref.kind === 'count' || ref.kind === 'amount') return numberValue(ref, value, path, fail);
      return textValue(value, path, fail, ref.kind === 'custom');
    case 'contains':
      return textValue(value, path, fail, false);
  }
}
