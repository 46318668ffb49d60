import type { TFunction } from 'i18next';
import type { Broadcast } from '../../../../../src/contracts/index.js';

/** "Segmen Pelanggan setia" or "12 kontak": who a broadcast goes to, in one line. */
export function audienceLabel(t: TFunction, b: Pick<Broadcast, 'segmentId' | 'segmentName' | 'contactCount'>): string {
  if (b.segmentId) return t('broadcasts.audienceSegment', { name: b.segmentName ?? '—' });
  return t('broadcasts.audienceContacts', { count: b.contactCount ?? 0 });
}
