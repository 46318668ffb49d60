/**
 * Phone numbers as a shop owner writes them: Indonesian numbers in national form
 * (`+6281234567890` → `0812-3456-7890`), others left in E.164. Dependency-free so the web app can
 * import it without libphonenumber's metadata; the unit test checks mobiles against libphonenumber.
 */

/** The national display form of a stored (E.164) number; anything else is returned as given. */
export function formatPhoneNational(e164: string | null | undefined): string {
  if (typeof e164 !== 'string') return '';
  const m = /^\+62(\d{6,13})$/.exec(e164);
  if (!m) return e164;
  const national = `0${m[1]!}`;
  // Mobile numbers (08…) group 4-4-rest, the short ones 4-3-rest; landlines stay ungrouped.
  if (!national.startsWith('08')) return national;
  const second = national.length <= 10 ? 3 : 4;
  return [national.slice(0, 4), national.slice(4, 4 + second), national.slice(4 + second)].filter((p) => p !== '').join('-');
}
