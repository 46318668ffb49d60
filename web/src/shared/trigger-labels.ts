import { isTriggerKey, TRIGGER_KEYS_IN_LIFECYCLE_ORDER, TRIGGERS, type TriggerKey } from '../../../src/domain/triggers.js';

/**
 * A trigger as people read it: the Indonesian label in the Indonesian UI, the seed's English label
 * in the English one. An unknown key is shown as it came (never hidden).
 */
export function triggerLabel(key: string | undefined | null, language: string): string {
  if (!key) return '';
  if (!isTriggerKey(key)) return key;
  return language === 'en' ? TRIGGERS[key].label : TRIGGERS[key].labelId;
}

export interface TriggerOption {
  value: TriggerKey;
  label: string;
  /** The seed's English label beside the Indonesian one (null in the English UI, where it is the label). */
  description: string | null;
}

/** The six triggers in the order an order lives them, for pickers. */
export function triggerOptions(language: string): TriggerOption[] {
  return TRIGGER_KEYS_IN_LIFECYCLE_ORDER.map((key) => ({
    value: key,
    label: triggerLabel(key, language),
    description: language === 'en' ? null : TRIGGERS[key].label,
  }));
}
