/** The shop's clock when the session does not say otherwise (product: time zone Asia/Jakarta). */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'id-ID');

/**
 * One date-and-time format per language ("25 Nov 2026, 10.03" / "25 Nov 2026, 10:03"), in the
 * workspace's time zone — not the browser's, so a shop owner travelling or a server in UTC reads
 * the shop's own times.
 */
export function formatDateTime(iso: string, lang: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Date(iso).toLocaleString(locale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

export function formatDate(iso: string, lang: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Date(iso).toLocaleDateString(locale(lang), { dateStyle: 'medium', timeZone });
}
