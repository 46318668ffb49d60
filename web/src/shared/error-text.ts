import type { TFunction } from 'i18next';
import type { FieldError } from '../../../src/contracts/index.js';
import { ApiError } from './api-client.js';
import { triggerLabel } from './trigger-labels.js';

const braced = (name: string | undefined) => (name === undefined ? '' : `{${name}}`);

/** One field error in the user's language, with position and "did you mean" where the server gave them. */
export function fieldErrorText(t: TFunction, e: FieldError): string {
  const key = `errors.${e.reason}`;
  const values = {
    variable: braced(e.variable),
    // Positions are shown 1-based: people count characters from one.
    position: e.index === undefined ? '?' : e.index + 1,
    // The dictionary in use says which language `t` speaks.
    trigger: triggerLabel(e.trigger, t('app.lang')),
    brace: e.reason === 'template.unmatched_close' ? '}' : '{',
  };
  let text: string;
  if (t(key, { defaultValue: '' }) !== '') text = t(key, values);
  else if (/required|too_small|invalid_type/.test(e.reason)) text = t('errors.required');
  else text = e.message ?? t('errors.validation');
  if (e.suggestion) text += ` ${t('errors.suggestion', { suggestion: braced(e.suggestion) })}`;
  return text;
}

/** The headline text of any error thrown by an API call. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    if (t(key, { defaultValue: '' }) !== '' && typeof t(key, { returnObjects: true }) === 'string') return t(key);
    return err.message || t('errors.unknown');
  }
  return err instanceof Error ? err.message : t('errors.unknown');
}

/** Field errors grouped by field name, already translated. */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.errors) (out[e.field] ??= []).push(fieldErrorText(t, e));
  return out;
}
