import { parseTemplate } from '../../../../../src/domain/template/index.js';

/** A half-open range [start, end) of a string. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** Preview text for a message that has errors, with the ranges of that text to mark as wrong. */
export interface MarkedPreview {
  readonly text: string;
  readonly marks: readonly Range[];
}

/**
 * The preview of a message the checker refused: good variables show their sample value (or
 * fallback, or `[name]` as the renderer does), each bad one stays as written and is marked,
 * so the author sees the message and exactly what is wrong in it at once.
 */
export function markedPreview(source: string, errors: readonly { index: number; length: number }[], sample: Readonly<Record<string, string>>): MarkedPreview {
  const hits = (start: number, end: number) => errors.filter((e) => e.index < end && e.index + Math.max(e.length, 1) > start);
  let text = '';
  const marks: Range[] = [];
  for (const node of parseTemplate(source).nodes) {
    const at = text.length;
    const found = hits(node.start, node.end);
    if (node.kind === 'variable') {
      if (found.length > 0) {
        text += source.slice(node.start, node.end);
        marks.push({ start: at, end: text.length });
      } else {
        const value = sample[node.name];
        text += value ? value : (node.fallback ?? `[${node.name}]`);
      }
      continue;
    }
    text += node.value;
    for (const e of found) {
      // Escapes ({{ → {) shorten a text node: mark all of it when offsets no longer line up.
      const exact = node.value.length === node.end - node.start;
      const start = exact ? at + Math.max(e.index - node.start, 0) : at;
      const end = exact ? at + Math.min(e.index + Math.max(e.length, 1), node.end) - node.start : text.length;
      marks.push({ start, end });
    }
  }
  return { text, marks };
}

/** `text` (found at `offset` of the whole) cut into pieces inside and outside `marks`. */
export function splitByMarks(text: string, offset: number, marks: readonly Range[]): { text: string; marked: boolean }[] {
  const pieces: { text: string; marked: boolean }[] = [];
  const end = offset + text.length;
  const inside = marks
    .map((m) => ({ start: Math.max(m.start, offset), end: Math.min(m.end, end) }))
    .filter((m) => m.start < m.end)
    .sort((a, b) => a.start - b.start);
  let at = offset;
  for (const m of inside) {
    if (m.end <= at) continue;
    const from = Math.max(m.start, at);
    if (from > at) pieces.push({ text: text.slice(at - offset, from - offset), marked: false });
    pieces.push({ text: text.slice(from - offset, m.end - offset), marked: true });
    at = m.end;
  }
  if (at < end) pieces.push({ text: text.slice(at - offset), marked: false });
  return pieces;
}
