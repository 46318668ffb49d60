/**
 * Edge cases: body only; image/document headers need their example; TEXT/VIDEO/LOCATION headers,
 * footers, non-quick-reply buttons and unknown components are refused naming the part; more than
 * three quick replies; the first problem found is the one named.
 */
import { describe, expect, it } from 'vitest';
import { importShape, type MetaTemplateShape } from './whatsapp-import.js';

const plain: MetaTemplateShape = { headerFormat: null, headerExample: null, hasFooter: false, buttons: [], otherComponents: [] };
const qr = (text: string) => ({ type: 'QUICK_REPLY', text });

describe('importShape', () => {
  it('takes a body, an image or document header with its example, and up to three quick replies', () => {
    expect(importShape(plain)).toEqual({ ok: true, header: null, buttons: [] });
    expect(importShape({ ...plain, headerFormat: 'image', headerExample: 'https://x/a.png', buttons: [qr('Ya'), qr('Tidak'), qr('Nanti')] }))
      .toEqual({ ok: true, header: { type: 'image', example: 'https://x/a.png' }, buttons: ['Ya', 'Tidak', 'Nanti'] });
    expect(importShape({ ...plain, headerFormat: 'DOCUMENT', headerExample: 'https://x/a.pdf' })).toMatchObject({ ok: true, header: { type: 'document' } });
  });

  it('refuses what Sapa cannot send, naming the part', () => {
    expect(importShape({ ...plain, headerFormat: 'IMAGE', headerExample: null })).toEqual({ ok: false, reason: 'header_example_missing' });
    for (const format of ['TEXT', 'VIDEO', 'LOCATION']) expect(importShape({ ...plain, headerFormat: format })).toEqual({ ok: false, reason: 'unsupported_header', part: format });
    expect(importShape({ ...plain, hasFooter: true })).toEqual({ ok: false, reason: 'unsupported_footer' });
    expect(importShape({ ...plain, buttons: [qr('Ya'), { type: 'url', text: 'Lacak' }] })).toEqual({ ok: false, reason: 'unsupported_button', part: 'URL' });
    expect(importShape({ ...plain, buttons: [qr('a'), qr('b'), qr('c'), qr('d')] })).toEqual({ ok: false, reason: 'too_many_buttons' });
    expect(importShape({ ...plain, otherComponents: ['CAROUSEL'], headerFormat: 'VIDEO' })).toEqual({ ok: false, reason: 'unsupported_component', part: 'CAROUSEL' });
    expect(importShape({ ...plain, otherComponents: ['<script>'] })).toEqual({ ok: false, reason: 'unsupported_component', part: 'SCRIPT' });
  });
});
