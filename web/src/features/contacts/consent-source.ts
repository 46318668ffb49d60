import type { TFunction } from 'i18next';

/** Where a consent came from, in words: typed in Sapa, sent over the API, the demo, or a customer's reply (STOP). */
export function consentSource(t: TFunction, source: string): string {
  if (source === 'ui' || source === 'api' || source === 'import' || source === 'demo') return t(`contacts.consentSources.${source}`);
  if (source.startsWith('inbound:')) return t('contacts.consentSources.inbound', { word: source.slice('inbound:'.length) });
  return t('contacts.consentSources.other', { source });
}

/** Who made a consent change: the member or API key named, else the contact themself (a reply) or the system. */
export function consentActor(t: TFunction, actor: string | null, source: string): string {
  if (actor !== null) return actor;
  return source.startsWith('inbound:') ? t('pdp.history.byContact') : t('pdp.history.bySystem');
}
