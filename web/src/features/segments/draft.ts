/**
 * The rule builder's working copy of a definition: the same tree as the API's, each node with a
 * local key for React. Values are kept as typed (an empty number stays empty) and sent as they
 * are, so the server's 422 names what is missing at the same path the builder shows it.
 */
import { isSegmentGroup, type SegmentMatch, type SegmentOp, type SegmentRule } from '../../../../src/domain/segment.js';
import { opsOf, parseSegmentField, type SegmentFieldKind, type SegmentFieldRef } from '../../../../src/domain/segment-fields.js';

export interface DraftCondition { key: string; field: string; op: SegmentOp; value: unknown }
export interface DraftGroup { key: string; match: SegmentMatch; rules: DraftRule[] }
export type DraftRule = DraftCondition | DraftGroup;

export const isDraftGroup = (r: DraftRule): r is DraftGroup => 'rules' in r;

let next = 0;
const newKey = () => `r${++next}`;

/** The value a field and op start with. */
export function defaultValue(kind: SegmentFieldKind | undefined, op: SegmentOp): unknown {
  if (op === 'exists') return true;
  if (op === 'in') return [];
  if (kind === 'consent') return 'opted_in';
  if (kind === 'stage') return 'active';
  if (kind === 'rfm_segment') return 'champions';
  return '';
}

export const newCondition = (): DraftCondition => ({ key: newKey(), field: 'tags', op: 'contains', value: '' });
export const newGroup = (match: SegmentMatch = 'any'): DraftGroup => ({ key: newKey(), match, rules: [newCondition()] });

/** A condition moved to another field: the first op that field allows, and that op's starting value. */
export function withField(c: DraftCondition, field: string): DraftCondition {
  const ref = parseSegmentField(field);
  const ops = ref ? opsOf(ref) : [];
  const op = ops.includes(c.op) && ref?.kind === parseSegmentField(c.field)?.kind ? c.op : (ops[0] ?? c.op);
  const keepValue = op === c.op && ref?.kind === parseSegmentField(c.field)?.kind;
  return { ...c, field, op, value: keepValue ? c.value : defaultValue(ref?.kind, op) };
}

/** A condition with another op: the value stays when it still fits (one text to another), else starts over. */
export function withOp(c: DraftCondition, op: SegmentOp): DraftCondition {
  const shape = (o: SegmentOp) => (o === 'in' ? 'list' : o === 'exists' ? 'flag' : 'one');
  return { ...c, op, value: shape(op) === shape(c.op) ? c.value : defaultValue(parseSegmentField(c.field)?.kind, op) };
}

export function fromDefinition(def: { match: SegmentMatch; rules: readonly (SegmentRule | Record<string, unknown>)[] }): DraftGroup {
  return {
    key: newKey(),
    match: def.match,
    rules: def.rules.map((r) => {
      const rule = r as SegmentRule;
      return isSegmentGroup(rule) ? fromDefinition(rule) : { key: newKey(), field: rule.field, op: rule.op, value: rule.value ?? (rule.op === 'exists' ? true : '') };
    }),
  };
}

/** What the API takes; an empty number is sent as null so the server names it. */
export function toDefinition(group: DraftGroup): { match: SegmentMatch; rules: Record<string, unknown>[] } {
  return {
    match: group.match,
    rules: group.rules.map((r) => (isDraftGroup(r) ? toDefinition(r) : { field: r.field, op: r.op, value: r.value === '' && isNumberField(r.field, r.op) ? null : r.value })),
  };
}

function isNumberField(field: string, op: SegmentOp): boolean {
  const kind = parseSegmentField(field)?.kind;
  return kind === 'days' || kind === 'count' || kind === 'amount' || kind === 'score' || (kind === 'custom' && ['gt', 'gte', 'lt', 'lte'].includes(op));
}

/** Replaces the node at `key` anywhere in the tree (null removes it). */
export function replaceRule(group: DraftGroup, key: string, replacement: DraftRule | null): DraftGroup {
  const rules: DraftRule[] = [];
  for (const r of group.rules) {
    if (r.key === key) {
      if (replacement) rules.push(replacement);
    } else rules.push(isDraftGroup(r) ? replaceRule(r, key, replacement) : r);
  }
  return { ...group, rules };
}

export type { SegmentFieldRef };
