/**
 * Edge cases: empty text; text only; variable at start/end; adjacent variables;
 * `{{`/`}}` escapes (alone, around a variable, odd runs like `{{{x}}}`); fallbacks
 * (plain, empty, containing `|`, spaces trimmed); case-insensitive names; spaces inside
 * braces; unclosed `{` at end / before a newline / before another `{`; lone `}`;
 * `{}` and `{|x}`; invalid names with a cleaned-up suggestion; offsets are source offsets.
 */
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse.js';

const codes = (text: string): string[] => parseTemplate(text).errors.map((e) => e.code);

describe('parseTemplate', () => {
  it('parses empty text to nothing', () => {
    expect(parseTemplate('')).toEqual({ nodes: [], errors: [] });
  });

  it('keeps plain text as one node with its span', () => {
    expect(parseTemplate('Halo kak').nodes).toEqual([{ kind: 'text', value: 'Halo kak', start: 0, end: 8 }]);
  });

  it('parses the seed example into text and variable nodes with source offsets', () => {
    const { nodes, errors } = parseTemplate('Hai {contactname}, resi {documentnumber}.');
    expect(errors).toEqual([]);
    expect(nodes).toEqual([
      { kind: 'text', value: 'Hai ', start: 0, end: 4 },
      { kind: 'variable', name: 'contactname', fallback: null, start: 4, end: 17 },
      { kind: 'text', value: ', resi ', start: 17, end: 24 },
      { kind: 'variable', name: 'documentnumber', fallback: null, start: 24, end: 40 },
      { kind: 'text', value: '.', start: 40, end: 41 },
    ]);
  });

  it('parses adjacent variables and variables at both ends', () => {
    const { nodes } = parseTemplate('{a}{b}');
    expect(nodes.map((n) => (n.kind === 'variable' ? n.name : n.value))).toEqual(['a', 'b']);
  });

  it('reads {{ and }} as literal braces merged into the surrounding text', () => {
    expect(parseTemplate('a {{b}} c')).toEqual({ nodes: [{ kind: 'text', value: 'a {b} c', start: 0, end: 9 }], errors: [] });
  });

  it('reads escapes greedily: {{{x}}} is a literal brace around a variable', () => {
    const { nodes, errors } = parseTemplate('{{{x}}}');
    expect(errors).toEqual([]);
    expect(nodes).toEqual([
      { kind: 'text', value: '{', start: 0, end: 2 },
      { kind: 'variable', name: 'x', fallback: null, start: 2, end: 5 },
      { kind: 'text', value: '}', start: 5, end: 7 },
    ]);
  });

  it('parses fallbacks, trimming spaces, allowing empty and | inside', () => {
    const vars = parseTemplate('{contactname|Kak}{ username | tim kami }{x|}{y|a|b}').nodes;
    expect(vars.map((n) => (n.kind === 'variable' ? [n.name, n.fallback] : null))).toEqual([
      ['contactname', 'Kak'],
      ['username', 'tim kami'],
      ['x', ''],
      ['y', 'a|b'],
    ]);
  });

  it('lowercases names and ignores spaces inside the braces', () => {
    const [node] = parseTemplate('{ ContactName }').nodes;
    expect(node).toEqual({ kind: 'variable', name: 'contactname', fallback: null, start: 0, end: 15 });
  });

  it('reports an unclosed { at its position, at the end of text', () => {
    const { errors, nodes } = parseTemplate('Halo {contactname');
    expect(errors).toEqual([expect.objectContaining({ code: 'template.unclosed_brace', index: 5, length: 1 })]);
    expect(nodes).toEqual([{ kind: 'text', value: 'Halo {contactname', start: 0, end: 17 }]);
  });

  it('treats a line break before } as an unclosed brace', () => {
    expect(parseTemplate('Halo {contactname\nBye}').errors.map((e) => [e.code, e.index])).toEqual([
      ['template.unclosed_brace', 5],
      ['template.unmatched_close', 21],
    ]);
  });

  it('reports the outer { when another { opens before the close', () => {
    const { errors, nodes } = parseTemplate('{a {b}');
    expect(errors.map((e) => [e.code, e.index])).toEqual([['template.unclosed_brace', 0]]);
    expect(nodes.at(-1)).toEqual({ kind: 'variable', name: 'b', fallback: null, start: 3, end: 6 });
  });

  it('reports a lone } and keeps it as text', () => {
    const { errors, nodes } = parseTemplate('a } b');
    expect(errors).toEqual([expect.objectContaining({ code: 'template.unmatched_close', index: 2, length: 1 })]);
    expect(nodes).toEqual([{ kind: 'text', value: 'a } b', start: 0, end: 5 }]);
  });

  it('reports a trailing } after a variable ({x}})', () => {
    expect(parseTemplate('{x}}').errors.map((e) => [e.code, e.index])).toEqual([['template.unmatched_close', 3]]);
  });

  it('reports {} and {|x} and {  } as empty variables spanning the braces', () => {
    expect(parseTemplate('a {} b').errors).toEqual([expect.objectContaining({ code: 'template.empty_variable', index: 2, length: 2 })]);
    expect(codes('{|x}')).toEqual(['template.empty_variable']);
    expect(codes('{   }')).toEqual(['template.empty_variable']);
  });

  it('reports an invalid name with the span and a cleaned-up suggestion', () => {
    const { errors, nodes } = parseTemplate('Hi {contact name}!');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'template.invalid_variable_name', index: 3, length: 14, variable: 'contact name', suggestion: 'contactname' }),
    ]);
    expect(nodes).toEqual([{ kind: 'text', value: 'Hi {contact name}!', start: 0, end: 18 }]);
  });

  it('gives no suggestion when nothing valid remains of the name', () => {
    const [error] = parseTemplate('{%%}').errors;
    expect(error?.code).toBe('template.invalid_variable_name');
    expect(error?.suggestion).toBeUndefined();
  });

  it('refuses non-ASCII letters in names', () => {
    expect(codes('{namä}')).toEqual(['template.invalid_variable_name']);
  });

  it('collects several errors in source order without stopping', () => {
    expect(codes('} {} {a b} {x')).toEqual(['template.unmatched_close', 'template.empty_variable', 'template.invalid_variable_name', 'template.unclosed_brace']);
  });
});
