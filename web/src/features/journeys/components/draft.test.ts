/** The editor's step edits keep the flow a graph: a new step is linked after the open end, a removed one leaves no dangling reference. */
import { describe, expect, it } from 'vitest';
import { addStep, EMPTY_JOURNEY, moveStep, removeStep } from './draft.js';

describe('journey draft edits', () => {
  it('links a new step after the last open send/wait, names it uniquely, and leaves a branch end alone', () => {
    const one = addStep(EMPTY_JOURNEY, 'send', 'tpl');
    expect(one.steps.map((s) => s.id)).toEqual(['wait-1', 'send-1']);
    expect(one.steps[0]).toMatchObject({ next: 'send-1' });
    const two = addStep(one, 'send', 'tpl');
    expect(two.steps.map((s) => s.id)).toEqual(['wait-1', 'send-1', 'send-2']);
    const branch = addStep(two, 'branch', 'tpl');
    const after = addStep(branch, 'exit', 'tpl');
    expect(after.steps.find((s) => s.id === 'branch-1')).toMatchObject({ yes: null, no: null });
  });
  it('clears every reference to a removed step', () => {
    const d = addStep(addStep(EMPTY_JOURNEY, 'split', 'tpl'), 'exit', 'tpl');
    const split = { ...d, steps: d.steps.map((s) => (s.kind === 'split' ? { ...s, branches: [{ weight: 1, next: 'exit-1' }, { weight: 1, next: 'exit-1' }] } : s)) };
    const removed = removeStep(split, 'exit-1');
    expect(removed.steps.find((s) => s.id === 'split-1')).toMatchObject({ branches: [{ weight: 1, next: null }, { weight: 1, next: null }] });
    expect(removeStep(addStep(EMPTY_JOURNEY, 'send', 't'), 'send-1').steps).toEqual([{ ...EMPTY_JOURNEY.steps[0], next: null }]);
  });
  it('moves a step within bounds only', () => {
    const d = addStep(EMPTY_JOURNEY, 'exit', 't');
    expect(moveStep(d, 'exit-1', -1).steps.map((s) => s.id)).toEqual(['exit-1', 'wait-1']);
    expect(moveStep(d, 'exit-1', 1)).toBe(d);
  });
});
