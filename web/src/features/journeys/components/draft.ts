/**
 * Editing a journey's steps as data: adding a step links it after the last one that ends the
 * flow, removing one clears every reference to it, so the flow stays a valid graph while people edit.
 */
import type { JourneyDefinition, JourneyStep, JourneyStepKind } from '../../../../../src/domain/journeys/definition.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Draft = { name: string; definition: JourneyDefinition };

function freshId(steps: readonly JourneyStep[], kind: JourneyStepKind): string {
  for (let n = 1; ; n++) {
    const id = `${kind.replace(/_/g, '-')}-${n}`;
    if (!steps.some((s) => s.id === id)) return id;
  }
}

function blank(kind: JourneyStepKind, id: string, templateId: string): JourneyStep {
  switch (kind) {
    case 'send': return { id, kind, templateId, channels: ['whatsapp'], next: null };
    case 'wait': return { id, kind, wait: { minutes: 60 }, next: null };
    case 'wait_for_event': return { id, kind, eventTypes: ['order.created'], timeoutMinutes: 1440, onEvent: null, onTimeout: null };
    case 'branch': return { id, kind, condition: { kind: 'ordered_since_entry' }, yes: null, no: null };
    case 'split': return { id, kind, branches: [{ weight: 50, next: null }, { weight: 50, next: null }] };
    case 'exit': return { id, kind };
  }
}

/** Appends a step; the last step that ended the flow (send or wait with no next) now leads to it. */
export function addStep(def: JourneyDefinition, kind: JourneyStepKind, defaultTemplateId: string): JourneyDefinition {
  const id = freshId(def.steps, kind);
  const steps = def.steps.map((s) => s);
  const last = steps[steps.length - 1];
  if (last && (last.kind === 'send' || last.kind === 'wait') && last.next === null) steps[steps.length - 1] = { ...last, next: id };
  return { ...def, steps: [...steps, blank(kind, id, defaultTemplateId)] };
}

/** Removes a step and every reference to it (they end the flow instead). */
export function removeStep(def: JourneyDefinition, id: string): JourneyDefinition {
  const clear = (n: string | null) => (n === id ? null : n);
  const steps = def.steps.filter((s) => s.id !== id).map((s): JourneyStep => {
    switch (s.kind) {
      case 'send':
      case 'wait': return { ...s, next: clear(s.next) };
      case 'wait_for_event': return { ...s, onEvent: clear(s.onEvent), onTimeout: clear(s.onTimeout) };
      case 'branch': return { ...s, yes: clear(s.yes), no: clear(s.no) };
      case 'split': return { ...s, branches: s.branches.map((b) => ({ ...b, next: clear(b.next) })) };
      case 'exit': return s;
    }
  });
  return { ...def, steps };
}

/** Replaces one step (same id). */
export function replaceStep(def: JourneyDefinition, step: JourneyStep): JourneyDefinition {
  return { ...def, steps: def.steps.map((s) => (s.id === step.id ? step : s)) };
}

/** Moves a step up or down the list (the first step is where runs start). */
export function moveStep(def: JourneyDefinition, id: string, by: -1 | 1): JourneyDefinition {
  const i = def.steps.findIndex((s) => s.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= def.steps.length) return def;
  const steps = [...def.steps];
  [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  return { ...def, steps };
}

export const EMPTY_JOURNEY: JourneyDefinition = {
  trigger: { kind: 'event', eventType: 'cart.abandoned' },
  steps: [{ id: 'wait-1', kind: 'wait', wait: { minutes: 60 }, next: null }],
  exit: { eventTypes: ['order.created'], onOptOut: true },
  allowReentry: false,
};
