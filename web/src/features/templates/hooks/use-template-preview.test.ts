import { describe, expect, it } from 'vitest';
import { previewMessage } from './use-template-preview.js';

const SEED = 'Terima kasih, {contactname}, pesanan Anda untuk produk {productname} dengan kode {documentnumber} telah berhasil kami proses.';

describe('previewMessage (the editor live preview)', () => {
  it('renders the seed example with sample data and lists its variables', () => {
    const r = previewMessage(SEED, 'order.created');
    expect(r.errors).toEqual([]);
    expect(r.variables).toEqual(['contactname', 'productname', 'documentnumber']);
    expect(r.text).toBe('Terima kasih, Budi Santoso, pesanan Anda untuk produk Kopi Arabika dan Teh Melati dengan kode SO-1001 telah berhasil kami proses.');
  });

  it('uses the trigger meaning of {documentnumber}', () => {
    expect(previewMessage('Resi {documentnumber}', 'order.delivery').text).toBe('Resi JNE0012345');
    expect(previewMessage('Invoice {documentnumber}', 'order.paid').text).toBe('Invoice INV-1001');
  });

  it('flags an unknown variable at its position with a suggestion and no text', () => {
    const r = previewMessage('Halo {contactnama}!', null);
    expect(r.text).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ field: 'message', reason: 'template.unknown_variable', index: 5, variable: 'contactnama', suggestion: 'contactname' })]);
  });

  it('refuses a variable the trigger lacks, naming the trigger', () => {
    const r = previewMessage('Produk {productname}', 'order.paid');
    expect(r.errors).toEqual([expect.objectContaining({ reason: 'template.variable_not_allowed', variable: 'productname', trigger: 'order.paid' })]);
  });
});
