import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, pushLinkStartsWell, renderChannelContent, type ChannelTemplate } from './channel-content.js';

const base: ChannelTemplate = { code: 'Promo', whatsappName: null, whatsappLanguage: 'id' };
const values = { contactname: 'Budi <b>&"\'', username: 'Sari' };

describe('renderChannelContent', () => {
  it('renders the email subject with the same values and escapes values in the HTML body', () => {
    const r = renderChannelContent('email', { ...base, subject: 'Halo {contactname}', html: '<p>Halo {contactname}</p>' }, values, []);
    expect(r).toEqual({ ok: true, content: { channel: 'email', subject: 'Halo Budi <b>&"\'', html: '<p>Halo Budi &lt;b&gt;&amp;&quot;&#39;</p>' } });
  });

  it('keeps the HTML of the template itself (only values are escaped)', () => {
    const r = renderChannelContent('email', { ...base, subject: 'S', html: '<a href="https://toko.id">{username}</a>' }, values, []);
    expect(r.ok && r.content.channel === 'email' && r.content.html).toBe('<a href="https://toko.id">Sari</a>');
  });

  it('refuses an email without a subject instead of sending one blank', () => {
    expect(renderChannelContent('email', { ...base, subject: null }, values, [])).toEqual({ ok: false, missing: [], reason: 'email_subject_missing' });
    expect(renderChannelContent('email', { ...base, subject: '   ' }, values, [])).toEqual({ ok: false, missing: [], reason: 'email_subject_missing' });
  });

  it('fails on a missing value in the subject, and uses its fallback when there is one', () => {
    expect(renderChannelContent('email', { ...base, subject: 'Untuk {custom_kota}' }, values, [])).toEqual({ ok: false, missing: ['custom_kota'] });
    const r = renderChannelContent('email', { ...base, subject: 'Untuk {custom_kota|Anda}' }, values, []);
    expect(r.ok && r.content.channel === 'email' && r.content.subject).toBe('Untuk Anda');
  });

  it('puts a subject or title on one line (a line break would end the mail header)', () => {
    const r = renderChannelContent('email', { ...base, subject: 'A {contactname} B' }, { contactname: 'x\r\nBcc: evil@example.com' }, []);
    expect(r.ok && r.content.channel === 'email' && r.content.subject).toBe('A x Bcc: evil@example.com B');
    const p = renderChannelContent('push', { ...base, title: 'Hai\n{username}' }, values, []);
    expect(p).toEqual({ ok: true, content: { channel: 'push', title: 'Hai Sari', url: null } });
  });

  it('gives push an empty title when the template has none, and sms/in-app nothing beyond the text', () => {
    expect(renderChannelContent('push', base, values, [])).toEqual({ ok: true, content: { channel: 'push', title: '', url: null } });
    expect(renderChannelContent('sms', base, values, [])).toEqual({ ok: true, content: { channel: 'sms' } });
    expect(renderChannelContent('inapp', base, values, [])).toEqual({ ok: true, content: { channel: 'inapp' } });
  });

  it('gives push the link it opens, each value URL-encoded so it fills a path or query and nothing else', () => {
    const r = renderChannelContent('push', { ...base, link: 'https://toko.id/pesanan/{documentnumber}?nama={contactname}' }, { documentnumber: 'SO 1/2', contactname: 'Budi & Ani?#' }, []);
    expect(r).toEqual({ ok: true, content: { channel: 'push', title: '', url: 'https://toko.id/pesanan/SO%201%2F2?nama=Budi%20%26%20Ani%3F%23' } });
    expect(renderChannelContent('push', { ...base, link: 'https://toko.id/{custom_kota}' }, values, [])).toEqual({ ok: false, missing: ['custom_kota'] });
  });

  it('accepts a push link only when its scheme and host come before any variable', () => {
    for (const ok of ['https://toko.id', 'https://toko.id/', 'http://localhost:8080/a?b={x}', 'https://shop.toko.co.id#top', ' https://toko.id/{x} ']) expect(pushLinkStartsWell(ok), ok).toBe(true);
    for (const bad of ['{link}', 'https://{host}/x', 'javascript:alert(1)', 'toko.id', 'https://', 'https://toko.id{x}', 'ftp://toko.id', 'https://toko.id:123456/', 'https://to ko.id']) {
      expect(pushLinkStartsWell(bad), bad).toBe(false);
    }
  });

  it('gives WhatsApp its template and parameters', () => {
    const r = renderChannelContent('whatsapp', { ...base, whatsappName: 'promo_1' }, values, ['Budi']);
    expect(r).toEqual({ ok: true, content: { channel: 'whatsapp', params: ['Budi'], template: { name: 'promo_1', language: 'id' } } });
  });
});

describe('escapeHtml', () => {
  it('leaves no markup characters unescaped', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const e = escapeHtml(s);
      expect(e).not.toMatch(/[<>"']/);
      expect(e.replace(/&(lt|gt|quot|#39|amp);/g, '')).not.toContain('&');
    }));
  });
});
