import { describe, expect, it } from 'vitest';
import { templateSpamWarnings } from './template-lint.js';

describe('templateSpamWarnings', () => {
  it('checks the subject of any template', () => {
    const w = templateSpamWarnings({ category: 'utility', message: 'GRATIS!!! KLIK DI SINI', subject: 'Klaim Hadiahmu!!!' });
    expect(w.every((x) => x.field === 'subject')).toBe(true);
    expect(w.map((x) => x.code)).toEqual(expect.arrayContaining(['spam.prize', 'spam.exclamations']));
  });
  it('checks the message and title of a marketing template, naming the excerpt', () => {
    const w = templateSpamWarnings({ category: 'marketing', message: 'GRATIS!!! KLIK DI SINI', title: 'Diskon 99%' });
    expect(w).toEqual(expect.arrayContaining([
      { field: 'message', code: 'spam.free', excerpt: 'GRATIS' },
      { field: 'message', code: 'spam.click_here', excerpt: 'KLIK DI SINI' },
      expect.objectContaining({ field: 'title', code: 'spam.big_percentage' }),
    ]));
  });
  it('has nothing to say about an ordinary message or empty fields', () => {
    expect(templateSpamWarnings({ category: 'marketing', message: 'Halo {contactname}, pesanan Anda sudah dikirim.', subject: null, title: '' })).toEqual([]);
  });
});
