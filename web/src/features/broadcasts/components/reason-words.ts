import type { TFunction } from 'i18next';
import { explainFailure } from '../../../../../src/domain/failure-reasons.js';

/**
 * A skip or failure reason of the stats in words: the broadcast's own reasons from the dictionary
 * (opted_out → "tidak bersedia menerima"), any other stored reason through the engine's failure words.
 */
export function reasonWords(t: TFunction, reason: string): string {
  const key = `broadcasts.reasons.${reason}`;
  const own = t(key, { defaultValue: '' });
  if (own !== '') return own;
  const words = explainFailure(reason).text;
  return t('app.lang') === 'en' ? words.en : words.id;
}
