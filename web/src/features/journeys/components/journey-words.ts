import type { JourneyDefinition } from '../../../../../src/domain/journeys/definition.js';
import { triggerLabel } from '../../../shared/trigger-labels.js';

/** A journey's trigger as people read it: the trigger table's label for a trigger key, the event type otherwise. */
export function triggerText(trigger: JourneyDefinition['trigger'], language: string): string {
  if (trigger.kind === 'segment') return language === 'en' ? 'Enters a segment' : 'Masuk segmen';
  return triggerLabel(trigger.eventType, language);
}
