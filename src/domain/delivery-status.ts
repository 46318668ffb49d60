/**
 * Delivery status notifications (DSN, RFC 3464): the `message/delivery-status` part of a bounce a
 * mail server sends back. Pure: the text of that part in, what it says per recipient out.
 */

/** One recipient's fields of a DSN (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address from Final-Recipient (`rfc822;` stripped), lower-cased; null when absent. */
  readonly recipient: string | null;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (§2.3.3), lower-cased. */
  readonly action: string;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`; '' when absent. */
  readonly status: string;
  /** The remote server's own words (Diagnostic-Code without its type), when given. */
  readonly diagnostic: string | null;
}

/**
 * Reads the per-recipient groups of a delivery-status body: groups are separated by blank lines,
 * the first is per-message and skipped; folded lines (RFC 5322 §2.2.3) are joined.
 */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const unfolded = text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  const groups = unfolded.split(/\n\s*\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
    }
    return fields;
  });
  const out: DsnRecipient[] = [];
  for (const f of groups) {
    const action = f.get('action');
    if (action === undefined) continue; // the per-message group, or noise
    const final = f.get('final-recipient') ?? f.get('original-recipient');
    out.push({
      recipient: final ? addressOf(final) : null,
      action: action.toLowerCase(),
      status: (f.get('status') ?? '').split(/\s/)[0] ?? '',
      diagnostic: f.has('diagnostic-code') ? afterType(f.get('diagnostic-code')!) : null,
    });
  }
  return out;
}

/** A hard bounce: delivery failed for good (action `failed` with a 5.x.x status, RFC 3463 §3.1). */
export function isHardBounce(r: DsnRecipient): boolean {
  return r.action === 'failed' && /^5\.\d{1,3}\.\d{1,3}$/.test(r.status);
}

/** `rfc822; budi@example.com` → `budi@example.com` (the address type is optional in practice). */
function addressOf(value: string): string | null {
  const address = afterType(value).replace(/^<|>$/g, '').trim().toLowerCase();
  return address.includes('@') ? address : null;
}

function afterType(value: string): string {
  const semi = value.indexOf(';');
  return (semi >= 0 ? value.slice(semi + 1) : value).trim();
}
