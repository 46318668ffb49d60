/**
 * JSON.parse without losing integers beyond 2^53: Meta writes some ids as JSON numbers (e.g. a
 * template status webhook's `message_template_id`), and ids of 16 digits and more may exceed
 * Number.MAX_SAFE_INTEGER, where JSON.parse would round them to another id. Such integer literals
 * are read as strings of their exact digits; everything else parses as JSON.parse does.
 * (Node 20 has no reviver `context.source`, so the text is scanned once, outside strings.)
 */

/** Digits from which an integer literal may be unsafe: 9007199254740991 has 16. */
const UNSAFE_DIGITS = 16;

/** The JSON text with every integer literal of UNSAFE_DIGITS digits or more quoted (a string of its digits). */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) { inString = true; continue; }
    const minus = c === 0x2d;
    if (!minus && (c < 0x30 || c > 0x39)) continue;
    let j = minus ? i + 1 : i;
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const digits = j - (minus ? i + 1 : i);
    const integerEnd = j;
    // A fraction or an exponent is not an id: the whole literal is left to JSON.parse (its
    // fraction's digits must not be taken for another integer).
    const isDigit = (k: number) => k < text.length && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39;
    let fractional = false;
    if (text[j] === '.') {
      fractional = true;
      j++;
      while (isDigit(j)) j++;
    }
    if (text[j] === 'e' || text[j] === 'E') {
      fractional = true;
      j++;
      if (text[j] === '+' || text[j] === '-') j++;
      while (isDigit(j)) j++;
    }
    if (digits >= UNSAFE_DIGITS && !fractional) {
      out += `${text.slice(last, i)}"${text.slice(i, integerEnd)}"`;
      last = integerEnd;
    }
    i = j - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** JSON.parse, with integers of 16 digits or more as strings of their exact digits. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

/** A provider's answer body as JSON, or undefined when it is not JSON (an HTML error page, an empty body). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
