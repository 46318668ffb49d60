/**
 * Properties (fast-check): the parser never throws and every error lies inside the text;
 * text nodes cover non-overlapping increasing spans; error-free templates survive
 * parse → serialize → parse; a template without variables renders to its text with
 * escapes resolved; rendering with all values present never fails and yields one param per slot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse.js';
import { compileTemplate, renderTemplate } from './render.js';
import { escapeTemplateText, serializeTemplate } from './serialize.js';
import type { TemplateNode } from './types.js';
import { validateTemplate } from './validate.js';

// Biased towards the characters that matter to the grammar.
const templateish = fc.string({ unit: fc.oneof(fc.constantFrom('{', '}', '|', ' ', '\n', 'a', '_', '1', 'Z', '{{', '}}'), fc.string({ maxLength: 1 })), maxLength: 60 });
const name = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
const plain = fc.string({ maxLength: 20 });
const fallback = fc.option(fc.string({ maxLength: 10 }).filter((s) => !/[{}\n\r]/.test(s)).map((s) => s.trim()), { nil: null });
const piece = fc.oneof(
  plain.map((value) => ({ kind: 'text' as const, value })),
  fc.record({ kind: fc.constant('variable' as const), name, fallback }),
);

const shape = (nodes: readonly TemplateNode[]) => nodes.map((n) => (n.kind === 'text' ? { kind: n.kind, value: n.value } : { kind: n.kind, name: n.name, fallback: n.fallback }));

describe('template properties', () => {
  it('never throws, and every error lies inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(templateish, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        const parsed = parseTemplate(text);
        const all = validateTemplate(parsed, { allowed: ['contactname'] });
        for (const e of all) {
          expect(e.index).toBeGreaterThanOrEqual(0);
          expect(e.index).toBeLessThan(Math.max(1, text.length));
          expect(e.length).toBeGreaterThanOrEqual(1);
          expect(e.index + e.length).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('nodes tile the source in order', () => {
    fc.assert(
      fc.property(templateish, (text) => {
        let at = 0;
        for (const node of parseTemplate(text).nodes) {
          expect(node.start).toBe(at);
          expect(node.end).toBeGreaterThan(node.start);
          at = node.end;
        }
        expect(at).toBe(text.length);
      }),
    );
  });

  it('round-trips error-free templates through serialize', () => {
    fc.assert(
      fc.property(templateish, (text) => {
        const first = parseTemplate(text);
        fc.pre(first.errors.length === 0);
        const again = parseTemplate(serializeTemplate(first.nodes));
        expect(again.errors).toEqual([]);
        expect(shape(again.nodes)).toEqual(shape(first.nodes));
      }),
    );
  });

  it('round-trips generated node lists (text merged) through serialize → parse', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const source = pieces.map((p) => (p.kind === 'text' ? escapeTemplateText(p.value) : p.fallback === null ? `{${p.name}}` : `{${p.name}|${p.fallback}}`)).join('');
        const parsed = parseTemplate(source);
        expect(parsed.errors).toEqual([]);
        const expected: { kind: string; value?: string; name?: string; fallback?: string | null }[] = [];
        for (const p of pieces) {
          const last = expected.at(-1);
          if (p.kind === 'text') {
            if (p.value === '') continue;
            if (last?.kind === 'text') last.value += p.value;
            else expected.push({ kind: 'text', value: p.value });
          } else expected.push({ kind: 'variable', name: p.name, fallback: p.fallback });
        }
        expect(shape(parsed.nodes)).toEqual(expected);
      }),
    );
  });

  it('renders a template without variables to its text with escapes resolved', () => {
    fc.assert(
      fc.property(fc.string(), (literal) => {
        const result = renderTemplate(compileTemplate(parseTemplate(escapeTemplateText(literal))), {});
        expect(result).toEqual({ ok: true, text: literal, params: [] });
      }),
    );
  });

  it('renders every slot when all values are present', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.stringMatching(/^[A-Za-z][ -~]{0,10}$/), (pieces, value) => {
        const source = pieces.map((p) => (p.kind === 'text' ? escapeTemplateText(p.value) : `{${p.name}}`)).join('');
        const compiled = compileTemplate(parseTemplate(source));
        const values = Object.fromEntries(compiled.names.map((n) => [n, value]));
        const result = renderTemplate(compiled, values);
        const expectedText = pieces.map((p) => (p.kind === 'text' ? p.value : value)).join('');
        expect(result).toEqual({ ok: true, text: expectedText, params: compiled.names.map(() => value) });
      }),
    );
  });
});
