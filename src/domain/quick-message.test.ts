/**
 * Edge cases: the latest order fills {productname} (repeated and blank names dropped) and
 * {documentnumber}; no order leaves both missing; the agent's name is {username}; a custom field
 * never shadows a built-in; a missing value is shown as `{name}` and listed, never rendered as a hole.
 */
import { describe, expect, it } from 'vitest';
import { compileTemplate, parseTemplate } from './template/index.js';
import { quickMessageValues, renderQuickMessage } from './quick-message.js';

const compile = (text: string) => compileTemplate(parseTemplate(text));

describe('quick message values and rendering', () => {
  it('renders the seed example with the latest order and the agent name', () => {
    const values = quickMessageValues({
      contact: { name: 'Budi', customFields: { contactname: 'bukan ini', kota: 'Bogor' } },
      order: { number: 'SO-1001', items: [{ name: 'Kopi Arabika' }, { name: 'Kopi Arabika' }, { name: ' ' }, { name: 'Teh' }] },
      agentName: 'Sari',
    });
    const r = renderQuickMessage(compile('Halo {contactname}, {productname} ({documentnumber}) dari {username} di {kota}'), values);
    expect(r).toEqual({ ok: true, text: 'Halo Budi, Kopi Arabika dan Teh (SO-1001) dari Sari di Bogor', params: ['Budi', 'Kopi Arabika dan Teh', 'SO-1001', 'Sari', 'Bogor'] });
  });
  it('without an order, the order variables are missing and shown as {name}', () => {
    const values = quickMessageValues({ contact: { name: 'Budi', customFields: {} }, order: null, agentName: 'Sari' });
    const r = renderQuickMessage(compile('Halo {contactname}, pesanan {documentnumber} berisi {productname}'), values);
    expect(r).toEqual({ ok: false, text: 'Halo Budi, pesanan {documentnumber} berisi {productname}', missing: ['documentnumber', 'productname'] });
  });
  it('a fallback fills a missing value', () => {
    const values = quickMessageValues({ contact: { name: '', customFields: {} }, order: null, agentName: 'Sari' });
    expect(renderQuickMessage(compile('Halo {contactname|Kak}'), values)).toMatchObject({ ok: true, text: 'Halo Kak' });
  });
});
