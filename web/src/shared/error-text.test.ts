import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { id } from '../i18n/id.js';
import { ApiError } from './api-client.js';
import { errorText, fieldErrorText, fieldErrors } from './error-text.js';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { id: { translation: id }, en: { translation: en } }, lng: 'id', interpolation: { escapeValue: false }, nsSeparator: false });
});

describe('error codes to text', () => {
  it('shows an unknown variable with its 1-based position and a did-you-mean, in both languages', () => {
    const e = { field: 'message', reason: 'template.unknown_variable', index: 5, variable: 'contactnama', suggestion: 'contactname' };
    expect(fieldErrorText(i18n.getFixedT('id'), e)).toBe('Variabel {contactnama} tidak dikenal (posisi 6). Mungkin maksud Anda {contactname}?');
    expect(fieldErrorText(i18n.getFixedT('en'), e)).toBe('Unknown variable {contactnama} at position 6. Did you mean {contactname}?');
  });

  it('names each variable and the trigger label for automation.variable_not_allowed', () => {
    const err = new ApiError(422, 'automation.variable_not_allowed', 'x', [
      { field: 'templateId', reason: 'automation.variable_not_allowed', variable: 'productname', trigger: 'order.paid' },
    ]);
    expect(fieldErrors(i18n.getFixedT('id'), err)).toEqual({ templateId: ['Variabel {productname} tidak tersedia untuk pemicu Pesanan dibayar'] });
    expect(fieldErrors(i18n.getFixedT('en'), err)).toEqual({ templateId: ['Variable {productname} is not available for trigger Contact Order Paid'] });
  });

  it('translates known codes and falls back to the server message for unknown ones', () => {
    const t = i18n.getFixedT('id');
    expect(errorText(t, new ApiError(401, 'auth.invalid_credentials', 'Invalid credentials'))).toBe('Email atau kata sandi salah.');
    expect(errorText(t, new ApiError(409, 'something.new', 'Server says no'))).toBe('Server says no');
    expect(fieldErrorText(t, { field: 'x', reason: 'weird', message: 'raw text' })).toBe('raw text');
  });

  it('keeps English and Indonesian dictionaries in step', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [p + k] : keys(v as object, `${p}${k}.`)));
    expect(keys(en).sort()).toEqual(keys(id).sort());
  });
});
