/**
 * Segments: the rule language of product.md §3. A definition is a group of rules matched `all` or
 * `any`; a rule is a condition on one field or a nested group. Fields and ops are closed lists:
 * adapters/db/segment.sql.ts compiles a checked definition to SQL over these fields only.
 */

export const SEGMENT_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

export const SEGMENT_MATCHES = ['all', 'any'] as const;
export type SegmentMatch = (typeof SEGMENT_MATCHES)[number];

export interface SegmentCondition { readonly field: string; readonly op: SegmentOp; readonly value?: unknown }
export interface SegmentGroup { readonly match: SegmentMatch; readonly rules: readonly SegmentRule[] }
export type SegmentRule = SegmentCondition | SegmentGroup;
export type SegmentDefinition = SegmentGroup;

export const isSegmentGroup = (rule: SegmentRule): rule is SegmentGroup => 'rules' in rule;
