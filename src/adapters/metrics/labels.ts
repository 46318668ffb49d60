/**
 * Label values for Prometheus: every distinct value is a new time series kept for the life of the
 * process, so values from outside (failure reasons, sender ids) are reduced to a short token and
 * capped in number.
 */

/** Distinct values one label keeps before further new ones are reported as `other`. */
export const MAX_LABEL_VALUES = 100;

/**
 * A failure reason as a bounded label: its leading code, without the free text after it.
 * `missing_value: documentnumber (order.trackingNumber)` → `missing_value`,
 * `whatsapp:131026` → `whatsapp:131026`, null → `none`.
 */
export function reasonToken(reason: string | null): string {
  if (reason === null || reason.trim() === '') return 'none';
  const head = reason.trim().split(/\s/, 1)[0]!.replace(/:+$/, '');
  return token(head);
}

/** Lower-case letters, digits and `_ . : -`, at most 48 characters; anything else becomes `_`. */
export function token(value: string): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9_.:-]/g, '_').slice(0, 48);
  return cleaned === '' ? 'unknown' : cleaned;
}

/** Remembers the values a label has taken; past `max` distinct ones, new values map to `other`. */
export function labelCap(max = MAX_LABEL_VALUES): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}
