// checkSegment: the edges (each op per kind, value bounds, depth and rule count, hostile text)
// and two properties: any generated valid definition passes unchanged; an unknown field or op
// anywhere is refused with an error at its exact path naming it.
import fc from 'fast-check';
import { RFM_SEGMENTS } from './insights/rfm-segments.js';
import { describe, expect, it } from 'vitest';
import { checkSegment, type SegmentDefinition, type SegmentRule } from './segment.js';
import { FIXED_SEGMENT_FIELDS, OPS_BY_KIND, opsOf, parseSegmentField, SEGMENT_LIMITS, SEGMENT_STAGES } from './segment-fields.js';
import { CONSENT_CHANNELS, CONSENT_STATUSES } from './vocabulary.js';

const errorsOf = (input: unknown) => {
  const r = checkSegment(input);
  return r.ok ? [] : r.errors;
};
const one = (rule: unknown) => ({ match: 'all', rules: [rule] });

describe('checkSegment', () => {
  it('passes the spec example and answers the definition rebuilt (extra keys dropped)', () => {
    const input = {
      match: 'all', extra: 1,
      rules: [
        { field: 'tags', op: 'contains', value: 'vip', note: 'x' },
        { match: 'any', rules: [{ field: 'orders.count', op: 'gte', value: 3 }, { field: 'custom.kota', op: 'eq', value: 'Bandung' }] },
        { field: 'consent.whatsapp', op: 'neq', value: 'opted_out' },
        { field: 'email', op: 'exists' },
      ],
    };
    expect(checkSegment(input)).toEqual({
      ok: true,
      definition: {
        match: 'all',
        rules: [
          { field: 'tags', op: 'contains', value: 'vip' },
          { match: 'any', rules: [{ field: 'orders.count', op: 'gte', value: 3 }, { field: 'custom.kota', op: 'eq', value: 'Bandung' }] },
          { field: 'consent.whatsapp', op: 'neq', value: 'opted_out' },
          { field: 'email', op: 'exists' },
        ],
      },
    });
  });

  it('names an unknown field and an unknown op at their paths, with a suggestion when one is close', () => {
    expect(errorsOf({ match: 'all', rules: [{ field: 'name', op: 'eq', value: 'a' }, { match: 'any', rules: [{ field: 'orders.cout', op: 'gt', value: 1 }] }] }))
      .toEqual([{ field: 'rules[1].rules[0].field', reason: 'segment.unknown_field', message: 'Unknown field "orders.cout"', suggestion: 'orders.count' }]);
    expect(errorsOf(one({ field: 'name', op: 'like', value: 'a' }))).toEqual([{ field: 'rules[0].op', reason: 'segment.unknown_op', message: 'Unknown op "like"', suggestion: 'lte' }]);
    expect(errorsOf(one({ field: 'consent.fax', op: 'eq', value: 'opted_in' }))[0]).toMatchObject({ field: 'rules[0].field', reason: 'segment.unknown_field' });
    expect(errorsOf(one({ field: 'custom.Kota', op: 'eq', value: 'x' }))[0]).toMatchObject({ field: 'rules[0].field', reason: 'segment.unknown_field' });
    expect(errorsOf(one({ field: 'rfm.segmen', op: 'eq', value: 'champions' }))[0]).toMatchObject({ reason: 'segment.unknown_field', message: 'Unknown field "rfm.segmen"', suggestion: 'rfm.segment' });
    // A known RFM field with a segment name that is not one of the eleven.
    expect(errorsOf(one({ field: 'rfm.segment', op: 'eq', value: 'champion' }))[0]).toMatchObject({ field: 'rules[0].value', reason: 'segment.invalid_value', suggestion: 'champions' });
    expect(errorsOf(one({ field: 'rfm.r', op: 'gte', value: 6 }))[0]).toMatchObject({ field: 'rules[0].value', reason: 'segment.invalid_value' });
    // Both at once: both named.
    expect(errorsOf(one({ field: 'zzz', op: 'qqq' })).map((e) => e.field)).toEqual(['rules[0].field', 'rules[0].op']);
  });

  it('refuses an op the field does not allow, naming both', () => {
    expect(errorsOf(one({ field: 'orders.count', op: 'contains', value: '1' }))).toEqual([{
      field: 'rules[0].op', reason: 'segment.op_not_allowed', message: 'Field "orders.count" does not allow op "contains"; it allows eq, neq, gt, gte, lt, lte',
    }]);
    expect(errorsOf(one({ field: 'name', op: 'gt', value: 1 }))[0]).toMatchObject({ reason: 'segment.op_not_allowed' });
    expect(errorsOf(one({ field: 'consent.email', op: 'exists' }))[0]).toMatchObject({ reason: 'segment.op_not_allowed' });
  });

  it('checks values by kind and bounds', () => {
    const bad: [unknown, string][] = [
      [{ field: 'orders.count', op: 'gt', value: 1.5 }, 'rules[0].value'],
      [{ field: 'orders.count', op: 'gt', value: -1 }, 'rules[0].value'],
      [{ field: 'orders.count', op: 'gt', value: '3' }, 'rules[0].value'],
      [{ field: 'orders.total_spent', op: 'gte', value: 1e308 }, 'rules[0].value'],
      [{ field: 'orders.total_spent', op: 'gte', value: 1e17 }, 'rules[0].value'],
      [{ field: 'created_days_ago', op: 'lt', value: 36_501 }, 'rules[0].value'],
      [{ field: 'custom.umur', op: 'gt', value: 1e16 }, 'rules[0].value'],
      [{ field: 'name', op: 'contains', value: '' }, 'rules[0].value'],
      [{ field: 'name', op: 'contains', value: 'x'.repeat(201) }, 'rules[0].value'],
      [{ field: 'name', op: 'eq', value: 5 }, 'rules[0].value'],
      [{ field: 'tags', op: 'in', value: [] }, 'rules[0].value'],
      [{ field: 'tags', op: 'in', value: 'vip' }, 'rules[0].value'],
      [{ field: 'tags', op: 'in', value: ['vip', 7] }, 'rules[0].value[1]'],
      [{ field: 'tags', op: 'in', value: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'rules[0].value'],
      [{ field: 'email', op: 'exists', value: 'yes' }, 'rules[0].value'],
      [{ field: 'consent.whatsapp', op: 'eq', value: 'subscribed' }, 'rules[0].value'],
      [{ field: 'consent.sms', op: 'in', value: ['opted_in', 'nope'] }, 'rules[0].value[1]'],
    ];
    for (const [rule, field] of bad) expect(errorsOf(one(rule)), JSON.stringify(rule).slice(0, 80)).toEqual([expect.objectContaining({ field, reason: 'segment.invalid_value' })]);
  });

  it('refuses NUL and lone surrogates in text values with the contracts\' reasons', () => {
    expect(errorsOf(one({ field: 'name', op: 'contains', value: 'a\u0000b' }))).toEqual([expect.objectContaining({ field: 'rules[0].value', reason: 'text.nul' })]);
    expect(errorsOf(one({ field: 'tags', op: 'in', value: ['ok', 'x\uD800'] }))).toEqual([expect.objectContaining({ field: 'rules[0].value[1]', reason: 'text.lone_surrogate' })]);
  });

  it('takes custom numbers as text for eq and in, and keeps SQL-looking text as plain data', () => {
    const r = checkSegment({ match: 'any', rules: [{ field: 'custom.umur', op: 'eq', value: 30 }, { field: 'custom.kode', op: 'in', value: [1, "'; drop table contacts; --"] }] });
    expect(r).toEqual({ ok: true, definition: { match: 'any', rules: [{ field: 'custom.umur', op: 'eq', value: '30' }, { field: 'custom.kode', op: 'in', value: ['1', "'; drop table contacts; --"] }] } });
  });

  it('allows empty groups (all = everyone, any = no one) and refuses a bad match', () => {
    expect(checkSegment({ match: 'all', rules: [] }).ok).toBe(true);
    expect(errorsOf({ match: 'some', rules: [] })).toEqual([expect.objectContaining({ field: 'match', reason: 'segment.invalid_match' })]);
    expect(errorsOf({ match: 'all', rules: [{ match: 'x', rules: [] }] })).toEqual([expect.objectContaining({ field: 'rules[0].match', reason: 'segment.invalid_match' })]);
    expect(errorsOf({ match: 'all', rules: 'x' })[0]).toMatchObject({ field: 'rules', reason: 'segment.invalid_rule' });
    expect(errorsOf(null)[0]).toMatchObject({ reason: 'segment.invalid_rule' });
    expect(errorsOf(one(7))[0]).toMatchObject({ field: 'rules[0]', reason: 'segment.invalid_rule' });
  });

  it('limits depth to 5 and rules to 100, without walking a hostile body to its end', () => {
    const nest = (levels: number): unknown => (levels === 1 ? { match: 'all', rules: [{ field: 'name', op: 'exists' }] } : { match: 'all', rules: [nest(levels - 1)] });
    expect(checkSegment(nest(5)).ok).toBe(true);
    expect(errorsOf(nest(6))).toEqual([expect.objectContaining({ field: 'rules[0].rules[0].rules[0].rules[0].rules[0]', reason: 'segment.too_deep' })]);
    expect(errorsOf(nest(5000))[0]).toMatchObject({ reason: 'segment.too_deep' });
    const many = (n: number) => ({ match: 'all', rules: Array.from({ length: n }, () => ({ field: 'tags', op: 'contains', value: 'vip' })) });
    expect(checkSegment(many(100)).ok).toBe(true);
    expect(errorsOf(many(101))).toEqual([expect.objectContaining({ field: 'rules', reason: 'segment.too_many_rules' })]);
    const hostile = errorsOf(many(10_000).rules.map(() => ({ field: 'x', op: 'y' })).reduce((g, r) => ({ ...g, rules: [...g.rules, r] }), { match: 'all', rules: [] as unknown[] }));
    expect(hostile.length).toBeLessThanOrEqual(20);
  });
});

/** Valid leaf rules: every field kind with every op it allows and a value it accepts. */
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\u0000'));
const fieldName = fc.oneof(
  fc.constantFrom(...Object.keys(FIXED_SEGMENT_FIELDS)),
  fc.constantFrom(...CONSENT_CHANNELS).map((c) => `consent.${c}`),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/).map((k) => `custom.${k}`),
);
const validCondition: fc.Arbitrary<SegmentRule> = fieldName.chain((field) => {
  const ref = parseSegmentField(field)!;
  return fc.constantFrom(...opsOf(ref)).chain((op) => {
    const num = ref.kind === 'score' ? fc.integer({ min: 1, max: 5 }) : ref.kind === 'days' ? fc.integer({ min: 0, max: SEGMENT_LIMITS.maxDays })
      : ref.kind === 'count' ? fc.integer({ min: 0, max: 1000 })
        : ref.kind === 'amount' ? fc.double({ min: 0, max: 1e12, noNaN: true })
          : fc.double({ min: -1e9, max: 1e9, noNaN: true });
    const status = ref.kind === 'stage' ? fc.constantFrom<string>(...SEGMENT_STAGES) : fc.constantFrom<string>(...CONSENT_STATUSES);
    const segmentName = fc.constantFrom<string>(...RFM_SEGMENTS);
    const value: fc.Arbitrary<unknown> =
      op === 'exists' ? fc.constantFrom(true, false)
        : op === 'in' ? fc.uniqueArray(ref.kind === 'consent' || ref.kind === 'stage' ? status : ref.kind === 'rfm_segment' ? segmentName : text, { minLength: 1, maxLength: 5 })
          : ['gt', 'gte', 'lt', 'lte'].includes(op) ? num
            : ref.kind === 'consent' || ref.kind === 'stage' ? status
              : ref.kind === 'rfm_segment' ? segmentName
                : ['days', 'count', 'amount', 'score'].includes(ref.kind) ? num
                : text;
    return value.map((v) => ({ field, op, value: v }));
  });
});
const validDefinition: fc.Arbitrary<SegmentDefinition> = fc.letrec((tie) => ({
  group: fc.record({ match: fc.constantFrom('all' as const, 'any' as const), rules: fc.array(tie('rule') as fc.Arbitrary<SegmentRule>, { maxLength: 4 }) }),
  rule: fc.oneof({ depthSize: 'small', maxDepth: 3 }, validCondition, tie('group')),
})).group as fc.Arbitrary<SegmentDefinition>;

/** The path of every condition in a definition. */
function conditionPaths(group: SegmentDefinition, path = ''): string[] {
  return group.rules.flatMap((r, i) => {
    const at = `${path ? `${path}.` : ''}rules[${i}]`;
    return 'rules' in r ? conditionPaths(r, at) : [at];
  });
}

describe('checkSegment properties', () => {
  it('any valid definition passes, unchanged', () => {
    fc.assert(fc.property(validDefinition, (def) => {
      const r = checkSegment(def);
      expect(r).toEqual({ ok: true, definition: def });
    }), { numRuns: 300 });
  });

  it('an unknown field or op anywhere is refused, naming it at its path', () => {
    const unknownName = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => parseSegmentField(s) === null);
    const unknownOp = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !Object.values(OPS_BY_KIND).flat().includes(s as never));
    const withPaths = validDefinition.filter((d) => conditionPaths(d).length > 0);
    fc.assert(fc.property(withPaths, fc.nat(), fc.boolean(), unknownName, unknownOp, (def, pick, badField, name, op) => {
      const paths = conditionPaths(def);
      const target = paths[pick % paths.length]!;
      const broken = structuredClone(def) as unknown as Record<string, unknown>;
      // Walk to the chosen condition and break it.
      const steps = [...target.matchAll(/rules\[(\d+)\]/g)].map((m) => Number(m[1]));
      let node = broken as { rules: Record<string, unknown>[] };
      for (const s of steps.slice(0, -1)) node = node.rules[s] as unknown as { rules: Record<string, unknown>[] };
      const leaf = node.rules[steps.at(-1)!]!;
      if (badField) leaf.field = name; else leaf.op = op;
      const r = checkSegment(broken);
      expect(r.ok).toBe(false);
      const errors = r.ok ? [] : r.errors;
      const expected = badField ? { field: `${target}.field`, reason: 'segment.unknown_field' } : { field: `${target}.op`, reason: 'segment.unknown_op' };
      expect(errors).toContainEqual(expect.objectContaining({ ...expected, message: expect.stringContaining(JSON.stringify(badField ? name : op).slice(1, -1).slice(0, 20)) }));
    }), { numRuns: 300 });
  });
});
