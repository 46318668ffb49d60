// Where webhooks may go: edge cases of the URL rule and the address rule, with and without loopback.
import { describe, expect, it } from 'vitest';
import { createTargetPolicy } from './target-policy.js';

const prod = createTargetPolicy({ allowLoopback: false });
const dev = createTargetPolicy({ allowLoopback: true });

describe('checkUrl', () => {
  it('allows https to public names and addresses', () => {
    for (const u of ['https://example.com/hook', 'https://8.8.8.8/x', 'https://[2606:4700::1111]/x', 'https://example.com:8443/a?b=c']) expect(prod.checkUrl(u), u).toBeNull();
  });
  it('allows plain http and https to loopback only where loopback is allowed', () => {
    for (const u of ['http://localhost:3000/h', 'http://127.0.0.1:9/h', 'http://[::1]:9/h', 'https://localhost/h']) {
      expect(dev.checkUrl(u), u).toBeNull();
      expect(prod.checkUrl(u), u).not.toBeNull();
    }
  });
  it('refuses other schemes, private ranges, credentials and nonsense', () => {
    const cases: [string, string][] = [
      ['http://example.com/h', 'scheme'], ['ftp://example.com/h', 'scheme'], ['file:///etc/passwd', 'scheme'], ['javascript:alert(1)', 'scheme'],
      ['https://10.1.2.3/h', 'private_address'], ['https://172.16.0.1/h', 'private_address'], ['https://192.168.1.1/h', 'private_address'],
      ['https://169.254.169.254/latest/meta-data', 'private_address'], ['https://100.64.0.1/h', 'private_address'], ['https://0.0.0.0/h', 'private_address'],
      ['https://[fd12::1]/h', 'private_address'], ['https://[fe80::1]/h', 'private_address'], ['https://[::ffff:10.0.0.1]/h', 'private_address'],
      ['https://224.0.0.1/h', 'private_address'], ['https://u:p@example.com/h', 'credentials'], ['not a url', 'invalid'],
    ];
    for (const [u, reason] of cases) expect(dev.checkUrl(u), u).toBe(reason);
  });
  it('reads decimal and hex forms of an address as the address they are', () => {
    // WHATWG URL parsing turns these into 127.0.0.1 and 10.0.0.1.
    expect(prod.checkUrl('https://2130706433/h')).not.toBeNull();
    expect(prod.checkUrl('https://0x0a000001/h')).toBe('private_address');
  });
});

describe('allowsAddress and lookup', () => {
  it('refuses a name that resolves to loopback when loopback is not allowed', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => prod.lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err?.code).toBe('EADDRNOTALLOWED');
    const ok = await new Promise<NodeJS.ErrnoException | null>((resolve) => dev.lookup('localhost', {}, (e) => resolve(e)));
    expect(ok).toBeNull();
  });
  it('classifies addresses', () => {
    expect(prod.allowsAddress('93.184.216.34')).toBe(true);
    expect(prod.allowsAddress('127.0.0.1')).toBe(false);
    expect(dev.allowsAddress('127.0.0.1')).toBe(true);
    expect(dev.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(dev.allowsAddress('::ffff:192.168.0.1')).toBe(false);
    expect(dev.allowsAddress('not-an-ip')).toBe(false);
  });
});
