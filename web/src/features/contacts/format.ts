/** Amounts on the contact page, one format per language (dates: shared/format-time). */
const localeOf = (language: string) => (language === 'en' ? 'en-GB' : 'id-ID');

/** `Rp 100.000` in Indonesian, `IDR 100,000` in English; a currency code Intl does not know is shown as it came. */
export function formatMoney(amount: number, currency: string, language: string): string {
  try {
    return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${currency} ${amount.toLocaleString(localeOf(language))}`;
  }
}
