/**
 * Edge cases: allowed variables pass; unknown names get a did-you-mean only when close;
 * suggestions prefer allowed names; seed variables missing from the trigger's row are
 * `variable_not_allowed` naming variable and trigger (even with a fallback); one error
 * per occurrence; syntax errors are included and everything is sorted by position;
 * custom `known` lists; invalid names get a suggestion from the allowed names.
 */
import { describe, expect, it } from 'vitest';
import { allowedVariables } from '../triggers.js';
import { checkTemplate, templateVariables } from './check.js';
import { parseTemplate } from './parse.js';
import { validateTemplate } from './validate.js';

const created = { allowed: allowedVariables('order.created'), trigger: 'order.created' as const };

describe('validateTemplate', () => {
  it('accepts the seed example on order.created', () => {
    const text = 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.';
    expect(validateTemplate(parseTemplate(text), created)).toEqual([]);
  });

  it('flags an unknown variable with position and a did-you-mean', () => {
    const errors = validateTemplate(parseTemplate('Halo {contactnama}!'), created);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'template.unknown_variable', index: 5, length: 13, variable: 'contactnama', suggestion: 'contactname' }),
    ]);
    expect(errors[0]?.message).toContain('did you mean {contactname}');
  });

  it('suggests for transpositions and missing letters', () => {
    const suggest = (name: string): string | undefined => validateTemplate(parseTemplate(`{${name}}`), created)[0]?.suggestion;
    expect(suggest('contcatname')).toBe('contactname');
    expect(suggest('documentnumbr')).toBe('documentnumber');
    expect(suggest('usename')).toBe('username');
  });

  it('gives no suggestion for a name far from every candidate', () => {
    const [error] = validateTemplate(parseTemplate('{alamat}'), created);
    expect(error?.code).toBe('template.unknown_variable');
    expect(error?.suggestion).toBeUndefined();
  });

  it('refuses {productname} on order.paid, naming variable and trigger', () => {
    const errors = validateTemplate(parseTemplate('Terima kasih {contactname} atas {productname}'), { allowed: allowedVariables('order.paid'), trigger: 'order.paid' });
    expect(errors).toEqual([
      expect.objectContaining({ code: 'template.variable_not_allowed', index: 32, variable: 'productname', trigger: 'order.paid' }),
    ]);
    expect(errors[0]?.message).toBe('{productname} is not available on trigger order.paid.');
  });

  it('refuses a not-allowed variable even when it has a fallback', () => {
    const errors = validateTemplate(parseTemplate('{documentnumber|-}'), { allowed: allowedVariables('contact.created'), trigger: 'contact.created' });
    expect(errors.map((e) => e.code)).toEqual(['template.variable_not_allowed']);
  });

  it('reports every occurrence and merges syntax errors in position order', () => {
    const errors = validateTemplate(parseTemplate('{foo} { {foo}'), created);
    expect(errors.map((e) => [e.code, e.index])).toEqual([
      ['template.unknown_variable', 0],
      ['template.unclosed_brace', 6],
      ['template.unknown_variable', 8],
    ]);
  });

  it('prefers an allowed name over a known-but-not-allowed one', () => {
    // "usernama" is 1 edit from username (allowed) and far from the others.
    const errors = validateTemplate(parseTemplate('{usernama}'), { allowed: ['username'], known: ['username', 'contactname'] });
    expect(errors[0]?.suggestion).toBe('username');
  });

  it('uses custom known names (contact fields for broadcasts)', () => {
    const opts = { allowed: ['contactname', 'kota'], known: ['contactname', 'kota', 'productname'] };
    expect(validateTemplate(parseTemplate('{kota} {kotta} {productname}'), opts).map((e) => [e.code, e.suggestion])).toEqual([
      ['template.unknown_variable', 'kota'],
      ['template.variable_not_allowed', undefined],
    ]);
  });

  it('says "here" when no trigger is named', () => {
    const [error] = validateTemplate(parseTemplate('{productname}'), { allowed: ['contactname'] });
    expect(error?.message).toBe('{productname} is not available here.');
    expect(error?.trigger).toBeUndefined();
  });

  it('suggests an allowed name for an invalid one', () => {
    expect(validateTemplate(parseTemplate('{contact name}'), created)[0]?.suggestion).toBe('contactname');
    expect(validateTemplate(parseTemplate('{contact nama}'), created)[0]?.suggestion).toBe('contactname');
    expect(validateTemplate(parseTemplate('{xy zq}'), created)[0]?.suggestion).toBeUndefined();
  });
});

describe('checkTemplate / templateVariables', () => {
  it('lists distinct variables in order of first appearance', () => {
    expect(templateVariables(parseTemplate('{b} {a} {b|x} {c}'))).toEqual(['b', 'a', 'c']);
  });

  it('returns parse, errors and variables in one call', () => {
    const check = checkTemplate('Halo {contactname} {productname', created);
    expect(check.variables).toEqual(['contactname']);
    expect(check.errors.map((e) => e.code)).toEqual(['template.unclosed_brace']);
    expect(check.parsed.nodes.length).toBeGreaterThan(0);
  });
});
