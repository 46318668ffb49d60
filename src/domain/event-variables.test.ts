/**
 * Edge cases: each trigger fills only its own variables; {documentnumber} reads the
 * trigger's order field (number / invoiceNumber / trackingNumber); several products
 * become an Indonesian list, blanks dropped and duplicates once; null/blank names and a
 * missing order or user give undefined; failure reasons name the source; sample data
 * follows the trigger; the seed examples render end to end from an event.
 */
import { describe, expect, it } from 'vitest';
import { missingValueReason, resolveEventVariables, sampleValues } from './event-variables.js';
import { compileTemplate, parseTemplate, renderTemplate } from './template/index.js';

const event = {
  contact: { name: 'Budi' },
  order: { number: 'SO-1001', invoiceNumber: 'INV-1001', trackingNumber: 'JNE0012345', items: [{ name: 'Kopi Arabika' }] },
  user: { name: 'Sari' },
};

describe('resolveEventVariables', () => {
  it('fills order.created with the sales code', () => {
    expect(resolveEventVariables('order.created', event)).toEqual({
      values: { contactname: 'Budi', productname: 'Kopi Arabika', username: 'Sari', documentnumber: 'SO-1001' },
      sources: { contactname: 'contact.name', productname: 'order.items', username: 'user.name', documentnumber: 'order.number' },
    });
  });

  it.each([
    ['order.delivery', 'JNE0012345', 'order.trackingNumber'],
    ['order.followup_delivery', 'JNE0012345', 'order.trackingNumber'],
    ['order.paid', 'INV-1001', 'order.invoiceNumber'],
    ['order.received', 'SO-1001', 'order.number'],
  ] as const)('%s reads {documentnumber} from %s', (trigger, value, source) => {
    const { values, sources } = resolveEventVariables(trigger, event);
    expect(values.documentnumber).toBe(value);
    expect(sources.documentnumber).toBe(source);
  });

  it('gives contact.created only contactname and username', () => {
    expect(resolveEventVariables('contact.created', event)).toEqual({
      values: { contactname: 'Budi', username: 'Sari' },
      sources: { contactname: 'contact.name', username: 'user.name' },
    });
  });

  it('leaves productname out of order.paid', () => {
    expect(Object.keys(resolveEventVariables('order.paid', event).values)).toEqual(['contactname', 'username', 'documentnumber']);
  });

  it('lists several products in Indonesian, dropping blanks and repeats', () => {
    const items = [{ name: 'Kopi Arabika' }, { name: ' ' }, { name: 'Teh Melati' }, { name: 'Kopi Arabika' }, { name: 'Gula Aren ' }];
    expect(resolveEventVariables('order.created', { ...event, order: { ...event.order, items } }).values.productname).toBe('Kopi Arabika, Teh Melati dan Gula Aren');
  });

  it('leaves absent, null and blank fields undefined', () => {
    const { values } = resolveEventVariables('order.delivery', { contact: { name: null }, order: { number: 'SO-1', trackingNumber: '  ', items: [] }, user: null });
    expect(values).toEqual({ contactname: undefined, productname: undefined, username: undefined, documentnumber: undefined });
    expect(resolveEventVariables('order.created', { contact: {}, order: null }).values.documentnumber).toBeUndefined();
  });

  it('trims values', () => {
    expect(resolveEventVariables('contact.created', { contact: { name: '  Budi Santoso ' } }).values.contactname).toBe('Budi Santoso');
  });

  it('renders the seed delivery example from an event', () => {
    const template = 'Hai {contactname}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.';
    const { values } = resolveEventVariables('order.delivery', event);
    const result = renderTemplate(compileTemplate(parseTemplate(template)), values);
    expect(result.ok && result.text).toBe('Hai Budi, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah JNE0012345. Terima kasih telah berbelanja di toko kami.');
  });

  it('fails a render with a reason naming the missing field', () => {
    const { values, sources } = resolveEventVariables('order.delivery', { ...event, order: { ...event.order, trackingNumber: undefined } });
    const result = renderTemplate(compileTemplate(parseTemplate('Resi {documentnumber}')), values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(missingValueReason(result.missing, sources)).toBe('missing_value: documentnumber (order.trackingNumber)');
  });
});

describe('missingValueReason', () => {
  it('joins several with "; " and omits unknown sources', () => {
    expect(missingValueReason(['contactname', 'kota', 'documentnumber'], { contactname: 'contact.name', documentnumber: 'order.number' })).toBe(
      'missing_value: contactname (contact.name); missing_value: kota; missing_value: documentnumber (order.number)',
    );
  });
  it('does not read inherited properties as sources', () => {
    expect(missingValueReason(['constructor'], {})).toBe('missing_value: constructor');
  });
  it('is empty for nothing missing', () => {
    expect(missingValueReason([], {})).toBe('');
  });
});

describe('sampleValues', () => {
  it('gives every variable (the four of the seed, then the referral ones) without a trigger', () => {
    expect(sampleValues()).toEqual({
      contactname: 'Budi Santoso', productname: 'Kopi Arabika dan Teh Melati', username: 'Sari', documentnumber: 'SO-1001',
      referralcode: 'BUDI7K3M', referrallink: 'https://sapa.example/r/BUDI7K3M', referredname: 'Ani Lestari', referralreward: 'Rp50.000',
    });
  });
  it('fills referral.reward_earned from the event\'s referral part, and names the field of a missing one', () => {
    const r = resolveEventVariables('referral.reward_earned', {
      contact: { name: 'Ani' }, referral: { code: 'ANI23456', link: null, referredName: 'Budi', reward: 'Rp50.000' },
    });
    expect(r.values).toEqual({ contactname: 'Ani', referredname: 'Budi', referralreward: 'Rp50.000', referralcode: 'ANI23456', referrallink: undefined });
    expect(missingValueReason(['referrallink'], r.sources)).toBe('missing_value: referrallink (referral.link)');
  });
  it.each([
    ['order.created', 'SO-1001'],
    ['order.received', 'SO-1001'],
    ['order.paid', 'INV-1001'],
    ['order.delivery', 'JNE0012345'],
    ['order.followup_delivery', 'JNE0012345'],
  ] as const)('matches {documentnumber} to %s', (trigger, doc) => {
    expect(sampleValues(trigger).documentnumber).toBe(doc);
  });
  it('gives a trigger only the variables it allows', () => {
    expect(sampleValues('contact.created')).toEqual({ contactname: 'Budi Santoso', username: 'Sari' });
    expect(sampleValues('order.paid').productname).toBeUndefined();
  });
});
