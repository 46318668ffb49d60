/** Natural-language lists in Bahasa Indonesia, as product.md §1 asks for product names. */

/** Joins items as `A`, `A dan B`, `A, B dan C` (no serial comma before `dan`); `''` for none. */
export function formatIndonesianList(items: readonly string[]): string {
  const n = items.length;
  if (n === 0) return '';
  if (n === 1) return items[0]!;
  return `${items.slice(0, n - 1).join(', ')} dan ${items[n - 1]!}`;
}
