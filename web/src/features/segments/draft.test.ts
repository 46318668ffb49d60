// The rule builder's working copy: round trip to the API's definition, and field/op changes that
// never leave an op the field does not allow or a value of the wrong shape.
import { describe, expect, it } from 'vitest';
import { checkSegment } from '../../../../src/domain/segment.js';
import { opsOf, parseSegmentField } from '../../../../src/domain/segment-fields.js';
import { fromDefinition, newCondition, replaceRule, toDefinition, withField, withOp, type DraftCondition } from './draft.js';

const def = {
  match: 'all' as const,
  rules: [
    { field: 'tags', op: 'contains' as const, value: 'vip' },
    { match: 'any' as const, rules: [{ field: 'orders.count', op: 'gte' as const, value: 2 }, { field: 'email', op: 'exists' as const }] },
  ],
};

describe('segment draft', () => {
  it('round-trips a definition (exists without a value becomes exists: true)', () => {
    const back = toDefinition(fromDefinition(def));
    expect(back).toEqual({ match: 'all', rules: [def.rules[0], { match: 'any', rules: [(def.rules[1] as { rules: unknown[] }).rules[0], { field: 'email', op: 'exists', value: true }] }] });
    expect(checkSegment(back).ok).toBe(true);
  });

  it('moving to another field picks an op it allows and a fresh value', () => {
    const c: DraftCondition = { ...newCondition(), value: 'vip' };
    for (const field of ['orders.count', 'consent.whatsapp', 'orders.product', 'custom.kota', 'created_days_ago']) {
      const moved = withField(c, field);
      expect(opsOf(parseSegmentField(field)!)).toContain(moved.op);
      expect(moved.value).not.toBe('vip');
    }
    expect(withField(c, 'consent.email')).toMatchObject({ op: 'eq', value: 'opted_in' });
    // Same kind (text to text): op and value stay.
    expect(withField({ ...c, field: 'name', op: 'contains', value: 'bud' }, 'email')).toMatchObject({ op: 'contains', value: 'bud' });
  });

  it('changing the op keeps a value of the same shape, else starts over; an empty number is sent as null', () => {
    const c: DraftCondition = { key: 'k', field: 'name', op: 'contains', value: 'bud' };
    expect(withOp(c, 'eq').value).toBe('bud');
    expect(withOp(c, 'in').value).toEqual([]);
    expect(withOp(c, 'exists').value).toBe(true);
    const n = fromDefinition({ match: 'all', rules: [{ field: 'orders.count', op: 'gt', value: '' }] });
    expect(toDefinition(n).rules[0]).toEqual({ field: 'orders.count', op: 'gt', value: null });
  });

  it('replaces or removes a rule anywhere in the tree', () => {
    const d = fromDefinition(def);
    const nested = d.rules[1] as { rules: DraftCondition[] };
    const removed = replaceRule(d, nested.rules[0]!.key, null);
    expect(toDefinition(removed).rules[1]).toEqual({ match: 'any', rules: [{ field: 'email', op: 'exists', value: true }] });
  });
});
