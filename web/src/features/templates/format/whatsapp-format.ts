/**
 * WhatsApp's text formatting, parsed into a tree the preview renders with React elements
 * (never as HTML): `*tebal*`, `_miring_`, `~coret~` and ```` ```mono``` ````.
 *
 * Rules as WhatsApp applies them: a marker opens only at the start or after a character that is
 * not a letter or digit, and before a non-space; it closes before the end or a non-letter/digit,
 * after a non-space; a styled run never spans a line break; monospace content is literal.
 * Every node keeps `start`, its offset in the source, so callers can mark source ranges.
 */
export type FormatStyle = 'bold' | 'italic' | 'strike';

export type FormatNode =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  | { readonly kind: 'mono'; readonly text: string; readonly start: number }
  | { readonly kind: FormatStyle; readonly children: readonly FormatNode[]; readonly start: number };

const STYLES: Readonly<Record<string, FormatStyle>> = { '*': 'bold', _: 'italic', '~': 'strike' };
export const MARKERS: Readonly<Record<FormatStyle, string>> = { bold: '*', italic: '_', strike: '~' };
const MONO = '```';
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || SPACE.test(ch);

/** Parses `text` into formatting nodes; concatenating the nodes with their markers gives `text` back. */
export function formatWhatsApp(text: string): FormatNode[] {
  return parseRange(text, 0, text.length);
}

function parseRange(s: string, from: number, to: number): FormatNode[] {
  const out: FormatNode[] = [];
  let textStart = from;
  const flush = (end: number) => {
    if (end > textStart) out.push({ kind: 'text', text: s.slice(textStart, end), start: textStart });
  };
  let i = from;
  while (i < to) {
    if (s.startsWith(MONO, i)) {
      const close = s.indexOf(MONO, i + MONO.length);
      if (close > i + MONO.length && close + MONO.length <= to) {
        flush(i);
        out.push({ kind: 'mono', text: s.slice(i + MONO.length, close), start: i });
        i = close + MONO.length;
        textStart = i;
        continue;
      }
    }
    const ch = s.charAt(i);
    const style = STYLES[ch];
    if (style && !isWord(i > from ? s[i - 1] : undefined) && !isSpace(s[i + 1])) {
      const close = findClose(s, ch, i + 1, to);
      if (close > 0) {
        flush(i);
        out.push({ kind: style, children: parseRange(s, i + 1, close), start: i });
        i = close + 1;
        textStart = i;
        continue;
      }
    }
    i++;
  }
  flush(to);
  return out;
}

/** The first `marker` after `from` (not past `to` or a line break) that can close a run, or -1. */
function findClose(s: string, marker: string, from: number, to: number): number {
  for (let j = from + 1; j < to; j++) {
    const ch = s[j];
    if (ch === '\n') return -1;
    if (ch === marker && !isSpace(s[j - 1]) && !isWord(j + 1 < to ? s[j + 1] : undefined)) return j;
  }
  return -1;
}

/** The source text again, markers included (the inverse of formatWhatsApp). */
export function unformat(nodes: readonly FormatNode[]): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text') return n.text;
      if (n.kind === 'mono') return `${MONO}${n.text}${MONO}`;
      return `${MARKERS[n.kind]}${unformat(n.children)}${MARKERS[n.kind]}`;
    })
    .join('');
}

/** The text a reader sees, markers removed. */
export function plainText(nodes: readonly FormatNode[]): string {
  return nodes.map((n) => (n.kind === 'text' || n.kind === 'mono' ? n.text : plainText(n.children))).join('');
}
