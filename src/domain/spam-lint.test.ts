/**
 * The playbook's own examples (question 10): its four spam subjects each raise findings, its four
 * good ones raise none. Then one rule at a time, false positives on ordinary shop texts (order
 * confirmation, small discount, one `!`, short codes in capitals), and properties: it never
 * throws and every excerpt is a substring of the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spamLint, type SpamCode } from './spam-lint.js';

const codes = (text: string) => [...new Set(spamLint(text).map((f) => f.code))].sort();

describe('spamLint on the playbook examples', () => {
  it('flags each spam subject with the reasons the playbook shows', () => {
    expect(spamLint('Hanya tersedia sekarang! Beli sekarang dengan diskon 99%!')).toEqual(expect.arrayContaining([
      { code: 'spam.urgency', excerpt: 'Hanya tersedia sekarang' },
      { code: 'spam.urgency', excerpt: 'Beli sekarang' },
      { code: 'spam.big_percentage', excerpt: '99%' },
      { code: 'spam.exclamations', excerpt: '! Beli sekarang dengan diskon 99%!' },
    ]));
    expect(codes('Hanya hari ini! Diskon 90% untuk Produk Terlaris!')).toEqual(['spam.big_percentage', 'spam.exclamations', 'spam.urgency']);
    expect(spamLint('Pemenang Hadiah Langsung! Klik di Sini untuk Klaim Hadiahmu!')).toEqual(expect.arrayContaining([
      { code: 'spam.prize', excerpt: 'Pemenang' },
      { code: 'spam.prize', excerpt: 'Hadiah' },
      { code: 'spam.prize', excerpt: 'Hadiahmu' },
      { code: 'spam.click_here', excerpt: 'Klik di Sini' },
    ]));
    expect(spamLint('Penawaran Luar Biasa! Dapatkan Kekayaan dalam Semalam dengan Skema Cepat Kaya!')).toEqual(expect.arrayContaining([
      { code: 'spam.too_good', excerpt: 'Penawaran Luar Biasa' },
      { code: 'spam.get_rich', excerpt: 'Kekayaan dalam Semalam' },
      { code: 'spam.get_rich', excerpt: 'Cepat Kaya' },
    ]));
  });

  it('finds nothing in the good subjects', () => {
    for (const good of [
      'Rina, inilah struk pembelian Anda',
      'Inilah pilihan teratas kami untuk Anda',
      'Rina, sebuah item dalam daftar keinginan Anda baru saja di restok',
      'Langkah Baru untuk Produktivitas: Temukan Rahasia Mengelola Waktu dengan Lebih Efektif!',
    ]) expect(spamLint(good)).toEqual([]);
  });
});

describe('spamLint rules', () => {
  it('flags text mostly in capitals with its longest capital run', () => {
    expect(spamLint('PROMO BESAR AKHIR TAHUN untuk kamu')).toEqual([{ code: 'spam.all_caps', excerpt: 'PROMO BESAR AKHIR TAHUN' }]);
    expect(codes('DISKON SEMUA PRODUK')).toEqual(['spam.all_caps']);
    expect(spamLint('Belanja sekarang, SUPER HEMAT, di toko kami sampai akhir bulan')).toEqual([{ code: 'spam.all_caps', excerpt: 'SUPER HEMAT' }]);
  });

  it('ends the capital run before a capitalised word that follows it', () => {
    const found = spamLint('Halo Budi, DISKON 99% HANYA HARI INI!!! Klik di sini untuk hadiah Anda.').find((f) => f.code === 'spam.all_caps');
    expect(found?.excerpt).toBe('DISKON 99% HANYA HARI INI');
    expect(spamLint('PROMO BESAR Kakak')[0]).toEqual({ code: 'spam.all_caps', excerpt: 'PROMO BESAR' });
  });

  it('leaves short codes and a few acronyms in capitals alone', () => {
    expect(spamLint('Bayar COD atau via BCA, kirim pakai JNE ya')).toEqual([]);
    expect(spamLint('OK')).toEqual([]);
    expect(spamLint('Pakai kode HEMAT10 untuk potongan ongkir')).toEqual([]);
  });

  it('flags two or more exclamation marks, not one', () => {
    expect(spamLint('Terima kasih sudah belanja!')).toEqual([]);
    expect(spamLint('Promo!!!')).toEqual([{ code: 'spam.exclamations', excerpt: '!!!' }]);
    expect(spamLint('Ayo! Mampir!')).toEqual([{ code: 'spam.exclamations', excerpt: '! Mampir!' }]);
  });

  it('flags big percentages but not small discounts', () => {
    expect(spamLint('Diskon 10% untuk member')).toEqual([]);
    expect(spamLint('Potongan 50 % hari ini')).toEqual([{ code: 'spam.big_percentage', excerpt: '50 %' }]);
    expect(spamLint('Produk 100% asli, diskon 99,9%')).toEqual([
      { code: 'spam.big_percentage', excerpt: '100%' },
      { code: 'spam.big_percentage', excerpt: '99,9%' },
    ]);
    expect(spamLint('Diskon 30%', { percentageAtLeast: 25 })).toEqual([{ code: 'spam.big_percentage', excerpt: '30%' }]);
  });

  it('knows the words in Indonesian and English', () => {
    const cases: [string, SpamCode, string][] = [
      ['Dapatkan hadiahnya sekarang', 'spam.prize', 'hadiahnya'],
      ['Ongkir GRATIS ke seluruh Indonesia', 'spam.free', 'GRATIS'],
      ['Silakan klik  disini', 'spam.click_here', 'klik  disini'],
      ['Click here to claim', 'spam.click_here', 'Click here'],
      ['Hasil dijamin dalam 3 hari', 'spam.guarantee', 'dijamin'],
      ['Cara dapat uang mudah dari rumah', 'spam.get_rich', 'uang mudah'],
      ['Bisnis tanpa modal', 'spam.get_rich', 'tanpa modal'],
      ['Get rich with this trick', 'spam.get_rich', 'Get rich'],
      ['Buruan, stok tinggal sedikit', 'spam.urgency', 'Buruan'],
      ['You have won a phone', 'spam.prize', 'You have won'],
    ];
    for (const [text, code, excerpt] of cases) expect(spamLint(text)).toEqual([{ code, excerpt }]);
  });

  it('matches whole words only', () => {
    // "berhadiah" alone, "freelance", "kayak", "clicker" are not the flagged words.
    expect(spamLint('Kami cari desainer freelance, kayak tahun lalu')).toEqual([]);
    expect(codes('Kuis berhadiah')).toEqual([]);
  });

  it('does not flag an ordinary order confirmation or shipping notice', () => {
    for (const text of [
      'Halo Budi, pesanan #INV-2024-0012 sebesar Rp150.000 sudah kami terima. Kami kabari lagi saat paket dikirim. Terima kasih!',
      'Paket kamu sudah dikirim via JNE REG, nomor resi 0123456789. Estimasi tiba 2-3 hari.',
      'Hai Sari, item di keranjangmu masih menunggu. Stok tersisa 3.',
      'Your order #1042 has shipped. Track it in your account.',
    ]) expect(spamLint(text)).toEqual([]);
  });
});

describe('spamLint properties', () => {
  const pieces = fc.constantFrom('HADIAH', 'gratis', 'klik di sini', '!!', '99%', 'Diskon', ' ', 'ÉTÉ', '😀', '\n', 'ß', 'İ', 'ﬀ', 'cepat  kaya', '%', '1,5%', 'Mu', 'nya');
  const texts = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')));

  it('never throws and every excerpt occurs in the text', () => {
    fc.assert(fc.property(texts, (text) => {
      const findings = spamLint(text);
      for (const f of findings) {
        expect(f.excerpt.length).toBeGreaterThan(0);
        expect(text.includes(f.excerpt)).toBe(true);
      }
    }), { numRuns: 1000 });
  });

  it('is deterministic (no regular expression state leaks between calls)', () => {
    fc.assert(fc.property(texts, (text) => {
      expect(spamLint(text)).toEqual(spamLint(text));
    }), { numRuns: 300 });
  });
});
