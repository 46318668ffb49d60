/** Phone numbers to E.164 (product.md §3: default region ID, `0812…` → `+62812…`). */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: 'invalid_phone' };

// Digits and the separators people type; letters (`ext`, `WA:`) are refused rather than guessed around.
const PHONE_CHARS = /^\+?[0-9\s\-()./]+$/;

/**
 * Normalises a typed phone number to E.164 using full metadata (`/max`), so numbers that
 * are the right length but not assigned in the region's plan are refused too.
 * `62812…` without `+` is read as Indonesian with its country code, like libphonenumber does.
 */
export function normalizePhone(input: string, defaultRegion: string = 'ID'): PhoneResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '' || text.length > 40 || !PHONE_CHARS.test(text)) return { ok: false, reason: 'invalid_phone' };
  try {
    // An unknown region code is not an error of the input: `+` numbers still parse.
    const parsed = parsePhoneNumberFromString(text, defaultRegion.toUpperCase() as CountryCode);
    if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid_phone' };
    return { ok: true, e164: parsed.number };
  } catch {
    return { ok: false, reason: 'invalid_phone' };
  }
}

/** How a search text matches stored (E.164) phone numbers. */
export type PhoneSearch = { readonly kind: 'prefix'; readonly value: string } | { readonly kind: 'digits'; readonly value: string };

/**
 * A phone number as typed into a search box (`0812`, `62812`, `+62 812-34`), partial or whole,
 * turned into what to look for in stored E.164 numbers: a prefix when it starts like a whole
 * number (`0…` → `+62…`, `62…` → `+62…`, `+…`), otherwise its digits anywhere (`3456`).
 * Null when the text is not a phone number (letters) or has fewer than 3 digits.
 */
export function phoneSearch(input: string, countryCode = '62'): PhoneSearch | null {
  if (typeof input !== 'string') return null;
  const text = input.trim();
  if (text.length > 40 || !PHONE_CHARS.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3) return null;
  if (text.startsWith('+')) return { kind: 'prefix', value: `+${digits}` };
  if (digits.startsWith('0')) return { kind: 'prefix', value: `+${countryCode}${digits.slice(1)}` };
  if (digits.startsWith(countryCode)) return { kind: 'prefix', value: `+${digits}` };
  return { kind: 'digits', value: digits };
}
