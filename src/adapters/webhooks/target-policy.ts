/**
 * Where outbound webhooks may go. Sapa posts wherever a workspace admin points it, so without a
 * rule a subscription could reach the server's own network (cloud metadata at 169.254.169.254, a
 * database's admin port, other tenants' services). The rule:
 * - https only; plain http only to loopback, and only where loopback is allowed;
 * - the address the name resolves to is checked at connect time (not only when the URL is saved:
 *   DNS may change later, and a name may resolve to a private address on purpose), and private,
 *   loopback, link-local, CGNAT, multicast and reserved ranges are refused;
 * - loopback (127.0.0.0/8, ::1, `localhost`) is allowed outside production (tests, local dev:
 *   SAPA_WEBHOOK_ALLOW_LOOPBACK, default true unless NODE_ENV=production).
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export interface TargetPolicy {
  /** Null when the URL may be subscribed, else a reason code (`scheme`, `host`, `private_address`, `credentials`, `invalid`). */
  checkUrl(url: string): string | null;
  /** True when a connection to this address is allowed. */
  allowsAddress(address: string): boolean;
  /** A dns.lookup for http(s).request that refuses names resolving to a refused address. */
  lookup: typeof dnsLookup;
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');
const bareHost = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

export function createTargetPolicy(options: { allowLoopback: boolean }): TargetPolicy {
  const allowsAddress = (address: string): boolean => {
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 one.
    const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
    if (mapped) return allowsAddress(mapped);
    if (LOOPBACK.check(address, type)) return options.allowLoopback;
    return !PRIVATE.check(address, type);
  };
  const lookup = ((hostname: string, opts: unknown, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    const o = (typeof opts === 'object' && opts !== null ? opts : {}) as { all?: boolean };
    dnsLookup(hostname, { ...o, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !allowsAddress(a.address));
      if (refused || list.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`webhook target ${hostname} resolves to a refused address ${refused?.address ?? '(none)'}`);
        e.code = 'EADDRNOTALLOWED';
        return callback(e, '', 0);
      }
      if (o.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as typeof dnsLookup;
  return {
    allowsAddress,
    lookup,
    checkUrl(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return 'invalid';
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
      if (url.username !== '' || url.password !== '') return 'credentials';
      const host = bareHost(url.hostname);
      if (host === '') return 'host';
      const loopbackHost = isLoopbackName(host) || (isIP(host) !== 0 && LOOPBACK.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6'));
      if (url.protocol === 'http:') return loopbackHost && options.allowLoopback ? null : 'scheme';
      if (url.protocol !== 'https:') return 'scheme';
      if (isLoopbackName(host)) return options.allowLoopback ? null : 'private_address';
      if (isIP(host) !== 0 && !allowsAddress(host)) return 'private_address';
      return null;
    },
  };
}
