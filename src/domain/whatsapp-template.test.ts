// Sapa's template language ↔ Meta's BODY text: slots in order, fallbacks, literal braces, limits.
import { describe, expect, it } from 'vitest';
import { fromWhatsAppBody, toWhatsAppBody, unapprovedTemplateReason, whatsappReasonFromMeta, whatsappNeedsResubmit, whatsappStatusFromMeta } from './whatsapp-template.js';

const sample = { contactname: 'Budi', documentnumber: 'SO-1' };

describe('toWhatsAppBody', () => {
  it('numbers every slot in order, a repeated variable twice, fallbacks included', () => {
    const body = toWhatsAppBody('Halo {contactname|Kak}, pesanan {documentnumber} siap. Terima kasih {contactname}!', sample);
    expect(body).toEqual({
      ok: true,
      text: 'Halo {{1}}, pesanan {{2}} siap. Terima kasih {{3}}!',
      slots: ['contactname', 'documentnumber', 'contactname'],
      examples: ['Budi', 'SO-1', 'Budi'],
      dangling: false,
    });
  });

  it('examples fall back to the fallback, then the name', () => {
    const body = toWhatsAppBody('Hai {kota|Jakarta} dan {warna} ya', {});
    expect(body.ok && body.examples).toEqual(['Jakarta', 'warna']);
  });

  it('single literal braces pass through; doubled ones or ones against a variable are refused', () => {
    expect(toWhatsAppBody('Kode {{A}} untuk {contactname} ya', sample)).toMatchObject({ ok: true, text: 'Kode {A} untuk {{1}} ya' });
    expect(toWhatsAppBody('Kode {{{{A}}}} ya {contactname} x', sample)).toMatchObject({ ok: false, problems: [{ code: 'whatsapp.literal_braces' }] });
    expect(toWhatsAppBody('Kode {{{contactname} ya', sample)).toMatchObject({ ok: false, problems: [{ code: 'whatsapp.literal_braces' }] });
    expect(toWhatsAppBody('Kode {contactname}}} ya', sample)).toMatchObject({ ok: false, problems: [{ code: 'whatsapp.literal_braces' }] });
  });

  it('refuses an invalid template and a body over 1024 characters', () => {
    expect(toWhatsAppBody('Halo {contactname', sample)).toMatchObject({ ok: false, problems: [{ code: 'template.invalid' }] });
    expect(toWhatsAppBody('a'.repeat(1025), sample)).toMatchObject({ ok: false, problems: [{ code: 'whatsapp.body_too_long' }] });
    expect(toWhatsAppBody('a'.repeat(1024), sample).ok).toBe(true);
  });

  it('flags a body that starts or ends with a variable', () => {
    expect(toWhatsAppBody('{contactname}, halo', sample)).toMatchObject({ ok: true, dangling: true });
    expect(toWhatsAppBody('Halo {contactname}\n', sample)).toMatchObject({ ok: true, dangling: true });
    expect(toWhatsAppBody('Halo {contactname}.', sample)).toMatchObject({ ok: true, dangling: false });
    expect(toWhatsAppBody('Halo semua', sample)).toMatchObject({ ok: true, dangling: false, slots: [] });
  });
});

describe('fromWhatsAppBody', () => {
  it('maps positional placeholders to the given variables and escapes braces', () => {
    expect(fromWhatsAppBody('Halo {{1}}, kode {A} pesanan {{2}}.', ['contactname', 'documentnumber']))
      .toEqual({ message: 'Halo {contactname}, kode {{A}} pesanan {documentnumber}.', placeholders: 2 });
  });
  it('maps named placeholders to variables of that name', () => {
    expect(fromWhatsAppBody('Halo {{contactname}}!')).toEqual({ message: 'Halo {contactname}!', placeholders: 1 });
  });
  it('is null when a positional placeholder has no variable', () => {
    expect(fromWhatsAppBody('Halo {{1}} dan {{2}}', ['contactname'])).toBeNull();
  });
  it('round-trips with toWhatsAppBody', () => {
    const message = 'Halo {contactname}, pesanan {documentnumber} {{ok}} siap.';
    const body = toWhatsAppBody(message, sample);
    if (!body.ok) throw new Error('not ok');
    expect(fromWhatsAppBody(body.text, body.slots)?.message).toBe(message);
  });
});

describe('statuses', () => {
  it('maps Meta statuses and webhook events', () => {
    expect(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'REINSTATED', 'IN_APPEAL', 'FLAGGED', 'DELETED'].map(whatsappStatusFromMeta))
      .toEqual(['approved', 'pending', 'rejected', 'paused', 'disabled', 'approved', 'pending', null, 'disabled']);
    expect(whatsappReasonFromMeta('NONE')).toBeNull();
    expect(whatsappReasonFromMeta('INVALID_FORMAT')).toBe('INVALID_FORMAT');
  });
  it('refuses an unapproved template only for a real account, outside the window, for a Template Chat', () => {
    const base = { strict: true, windowOpen: false, templateId: 't', status: 'pending' as const };
    expect(unapprovedTemplateReason(base)).toBe('whatsapp_template_not_approved: pending');
    expect(unapprovedTemplateReason({ ...base, status: null })).toBe('whatsapp_template_not_approved: not_submitted');
    expect(unapprovedTemplateReason({ ...base, status: 'approved' })).toBeNull();
    expect(unapprovedTemplateReason({ ...base, strict: false })).toBeNull();
    expect(unapprovedTemplateReason({ ...base, windowOpen: true })).toBeNull();
    expect(unapprovedTemplateReason({ ...base, templateId: null })).toBeNull();
  });
});

describe('whatsappNeedsResubmit', () => {
  const base = { message: 'Halo {contactname}, apa kabar?', whatsappStatus: 'approved' as const, whatsappSubmittedBody: 'Halo {{1}}, apa kabar?' };
  it('asks again for another body, or other button labels when the submitted ones are known', () => {
    expect(whatsappNeedsResubmit(base)).toBe(false);
    expect(whatsappNeedsResubmit({ ...base, message: 'Halo {contactname}!' })).toBe(true);
    expect(whatsappNeedsResubmit({ ...base, buttons: [{ text: 'Ya' }], whatsappSubmittedButtons: ['Ya'] })).toBe(false);
    expect(whatsappNeedsResubmit({ ...base, buttons: [{ text: 'Ya' }, { text: 'Tidak' }], whatsappSubmittedButtons: ['Ya'] })).toBe(true);
    expect(whatsappNeedsResubmit({ ...base, buttons: [], whatsappSubmittedButtons: ['Ya'] })).toBe(true);
    // Imported (labels unknown): only the body decides.
    expect(whatsappNeedsResubmit({ ...base, buttons: [{ text: 'Ya' }], whatsappSubmittedButtons: null })).toBe(false);
    expect(whatsappNeedsResubmit({ ...base, whatsappStatus: null, message: 'lain' })).toBe(false);
  });
});
