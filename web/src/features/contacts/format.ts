/** Dates and amounts on the contact page, one format per language (as the contact list's dates). */
export const localeOf = (language: string) => (language === 'en' ? 'en-GB' : 'id-ID');

export function formatDate(iso: string, language: string): string {
  return new Date(iso).toLocaleDateString(localeOf(language), { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(localeOf(language), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** `Rp 100.000` in Indonesian, `IDR 100,000` in English; a currency code Intl does not know is shown as it came. */
export function formatMoney(amount: number, currency: string, language: string): string {
  try {
    return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${currency} ${amount.toLocaleString(localeOf(language))}`;
  }
}
