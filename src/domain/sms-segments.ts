/**
 * How many SMS a text costs, as the editor shows it ("2 SMS · 140 sisa") and the SMS adapter
 * reports it.
 *
 * Wire format followed: 3GPP TS 23.038 (GSM 7-bit default alphabet and its extension table;
 * UCS-2 otherwise) and 3GPP TS 23.040 (concatenated SMS: the 6-byte user-data header leaves
 * 153 septets or 67 UCS-2 units per part). Twilio's "What the heck is a segment?" and its
 * Message Segment Calculator count the same way.
 *
 * - GSM-7: every character of the basic table costs 1 septet; the extension table characters
 *   (form feed, `^ { } \ [ ~ ] |` and `€`) cost 2 (an escape plus the character). One SMS holds
 *   160 septets; a concatenated one 153 per part, and an escaped character is never split over
 *   two parts (it moves whole to the next part).
 * - UCS-2: as soon as one character lies outside GSM-7 the whole text is UCS-2. Units are UTF-16
 *   code units, so a character outside the BMP (most emoji) counts 2; 70 fit in one SMS, 67 per
 *   part, and a part never ends between the two halves of a surrogate pair.
 *
 * The empty text is 0 segments. Pure: no I/O.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** Septets (gsm7) or UTF-16 code units (ucs2) of the whole text. */
  readonly units: number;
  /** How many SMS the text is sent as (0 for the empty text). */
  readonly segments: number;
  /** Units per segment at this length: 160/153 (gsm7) or 70/67 (ucs2). */
  readonly perSegment: number;
  /** Units still free in the last segment before one more segment is needed. */
  readonly remaining: number;
}

export const SMS_LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

// 3GPP TS 23.038 §6.2.1, basic character set (0x1B, the escape, is not a character).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// §6.2.1.1, the extension table reachable through the escape: 2 septets each.
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

/** Septets of one character in GSM-7, or undefined when it has none. */
export function gsm7Septets(ch: string): 1 | 2 | undefined {
  if (BASIC.has(ch)) return 1;
  if (EXTENSION.has(ch)) return 2;
  return undefined;
}

/** Costs of the text's characters in units of the encoding it needs. */
function costs(text: string): { encoding: SmsEncoding; costs: number[] } {
  const gsm: number[] = [];
  let isGsm = true;
  for (const ch of text) {
    const s = gsm7Septets(ch);
    if (s === undefined) { isGsm = false; break; }
    gsm.push(s);
  }
  if (isGsm) return { encoding: 'gsm7', costs: gsm };
  // UCS-2: iterating by code point keeps a surrogate pair together (length 2); a lone
  // surrogate is one unit.
  const ucs: number[] = [];
  for (const ch of text) ucs.push(ch.length);
  return { encoding: 'ucs2', costs: ucs };
}

export function smsSegments(text: string): SmsSegments {
  const { encoding, costs: unitCosts } = costs(text);
  const limits = SMS_LIMITS[encoding];
  const units = unitCosts.reduce((a, b) => a + b, 0);
  if (units === 0) return { encoding, units: 0, segments: 0, perSegment: limits.single, remaining: limits.single };
  if (units <= limits.single) return { encoding, units, segments: 1, perSegment: limits.single, remaining: limits.single - units };
  // Concatenated: fill parts greedily; a character that does not fit whole opens the next part.
  let segments = 1;
  let used = 0;
  for (const c of unitCosts) {
    if (used + c > limits.part) { segments += 1; used = 0; }
    used += c;
  }
  return { encoding, units, segments, perSegment: limits.part, remaining: limits.part - used };
}
