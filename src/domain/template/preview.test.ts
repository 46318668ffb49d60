import { describe, expect, it } from 'vitest';
import { sampleValues } from '../event-variables.js';
import { allowedVariables } from '../triggers.js';
import { previewTemplate } from './preview.js';

// Edge cases: errors give no text; fallback beats the placeholder; an unknown sample shows as [name].
describe('previewTemplate', () => {
  it('renders with the trigger sample data', () => {
    const p = previewTemplate('Halo {contactname}, resi {documentnumber}.', { allowed: allowedVariables('order.delivery'), sample: sampleValues('order.delivery') });
    expect(p.errors).toEqual([]);
    expect(p.text).toMatch(/^Halo .+, resi .+\.$/);
    expect(p.variables).toEqual(['contactname', 'documentnumber']);
  });

  it('returns every error once and no text', () => {
    const p = previewTemplate('Halo {contactnama} {documentnumber', { allowed: allowedVariables('order.created'), sample: {} });
    expect(p.text).toBeNull();
    expect(p.errors.map((e) => e.code)).toEqual(['template.unknown_variable', 'template.unclosed_brace']);
  });

  it('uses a fallback before a placeholder, and a placeholder for a value nobody has', () => {
    const p = previewTemplate('{kota|Indonesia} / {hobi}', { allowed: ['kota', 'hobi'], sample: {} });
    expect(p.text).toBe('Indonesia / [hobi]');
    expect(p.missing).toEqual(['hobi']);
  });
});
