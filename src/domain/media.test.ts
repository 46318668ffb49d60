import { describe, expect, it } from 'vitest';
import { checkMedia, cleanFilename, sniffMediaType } from './media.js';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
const pdf = new TextEncoder().encode('%PDF-1.7\n...');

describe('media', () => {
  it('knows a type by its bytes', () => {
    expect(sniffMediaType(png)).toBe('image/png');
    expect(sniffMediaType(jpeg)).toBe('image/jpeg');
    expect(sniffMediaType(pdf)).toBe('application/pdf');
    expect(sniffMediaType(new TextEncoder().encode('<svg>'))).toBeNull();
    expect(sniffMediaType(new Uint8Array())).toBeNull();
    expect(sniffMediaType(Uint8Array.from([0x89, 0x50]))).toBeNull();
  });

  it('refuses an empty file, unknown bytes, a declared type the bytes contradict, and a too-big image', () => {
    expect(checkMedia(new Uint8Array(), 'image/png', 'a.png')).toMatchObject({ ok: false, code: 'media.empty' });
    expect(checkMedia(new TextEncoder().encode('GIF89a'), 'image/png', 'a.png')).toMatchObject({ ok: false, code: 'media.unsupported_type' });
    expect(checkMedia(pdf, 'image/png', 'a.png')).toMatchObject({ ok: false, code: 'media.type_mismatch' });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(png);
    expect(checkMedia(big, 'image/png', 'a.png')).toMatchObject({ ok: false, code: 'media.too_large' });
    // A generic declared type is no contradiction: the bytes decide.
    expect(checkMedia(pdf, 'application/octet-stream', null)).toMatchObject({ ok: true, type: 'application/pdf', kind: 'document', filename: 'file.pdf' });
  });

  it('cleans names: NUL, control characters and separators out; the extension added', () => {
    expect(cleanFilename('inv\u0000oice\n../../etc/passwd', 'pdf')).toBe('inv oice .. .. etc passwd.pdf');
    expect(cleanFilename('Katalog.PDF', 'pdf')).toBe('Katalog.PDF');
    expect(cleanFilename('..', 'png')).toBe('file.png');
    expect(cleanFilename('x'.repeat(300), 'jpg').length).toBe(204);
  });
});
