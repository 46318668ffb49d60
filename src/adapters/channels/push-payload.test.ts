/** The push payload stays within what push services accept (4096 bytes encrypted), cutting the text with … by whole characters. */
import { describe, expect, it } from 'vitest';
import { buildPushPayload, MAX_PUSH_PAYLOAD_BYTES } from './push.channel.js';

describe('buildPushPayload', () => {
  it('keeps a short message whole, with the url only when there is one', () => {
    expect(JSON.parse(buildPushPayload({ title: 'Hai', body: 'Halo Rina' }))).toEqual({ title: 'Hai', body: 'Halo Rina' });
    expect(JSON.parse(buildPushPayload({ title: 'Hai', body: 'x', url: 'https://toko.example/o/1' }))).toEqual({ title: 'Hai', body: 'x', url: 'https://toko.example/o/1' });
  });

  it.each([
    ['ascii', 'a'.repeat(10_000)],
    ['emoji (4 bytes, 2 UTF-16 units each)', '📦'.repeat(3000)],
    ['characters JSON escapes', '"\\\n'.repeat(3000)],
  ])('cuts a long %s body to fit, ending in …, without splitting a character', (_what, body) => {
    const payload = buildPushPayload({ title: 'Pesanan', body });
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
    const parsed = JSON.parse(payload) as { body: string };
    expect(parsed.body.endsWith('…')).toBe(true);
    expect(body.startsWith(parsed.body.slice(0, -1))).toBe(true);
    expect(parsed.body.length).toBeGreaterThan(500);
    expect(parsed.body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('cuts the title too when the title alone is too long', () => {
    const payload = buildPushPayload({ title: 'T'.repeat(8000), body: 'Halo' });
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
  });
});
