/**
 * Which addresses a webhook may be delivered to (docs/webhooks.md, "Where deliveries may go"). Public
 * unicast only, unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lets loopback, private, link-local and CGNAT
 * through; cloud metadata, multicast, unspecified and reserved addresses are never reached.
 */
import { BlockList, isIP } from 'node:net';

interface Range {
  net: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  what: string;
  /** Reachable with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true. */
  private: boolean;
}

const v4 = (net: string, prefix: number, what: string, priv: boolean): Range => ({
  net,
  prefix,
  family: 'ipv4',
  what,
  private: priv,
});
const v6 = (net: string, prefix: number, what: string, priv: boolean): Range => ({
  net,
  prefix,
  family: 'ipv6',
  what,
  private: priv,
});

// Most specific first: the first range that holds an address names it.
const RANGES: Range[] = [
  v4('169.254.169.254', 32, 'a cloud metadata address', false),
  v6('fd00:ec2::254', 128, 'a cloud metadata address', false),
  v4('0.0.0.0', 8, 'an unspecified address', false),
  v4('127.0.0.0', 8, 'a loopback address', true),
  v4('10.0.0.0', 8, 'a private address', true),
  v4('172.16.0.0', 12, 'a private address', true),
  v4('192.168.0.0', 16, 'a private address', true),
  v4('100.64.0.0', 10, 'a carrier-grade NAT (CGNAT) address', true),
  v4('169.254.0.0', 16, 'a link-local address', true),
  v4('192.0.0.0', 24, 'a reserved address', false),
  v4('198.18.0.0', 15, 'a reserved address', false),
  v4('224.0.0.0', 4, 'a multicast address', false),
  v4('240.0.0.0', 4, 'a reserved address', false),
  v6('::', 128, 'an unspecified address', false),
  v6('::1', 128, 'a loopback address', true),
  v6('fc00::', 7, 'a private (unique local) address', true),
  v6('fe80::', 10, 'a link-local address', true),
  v6('ff00::', 8, 'a multicast address', false),
  v6('64:ff9b::', 96, 'a NAT64 address', false),
];

const lists = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.net, range.prefix, range.family);
  return { range, list };
});

/** An IPv4 address written as IPv6 (::ffff:a.b.c.d, or its hex form) as the IPv4 address it is. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = Number.parseInt(hex[1]!, 16);
    const low = Number.parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return address;
}

/** Why a delivery may not go to this address (e.g. "a loopback address"), or null when it may. */
export function refusedAddress(address: string, allowPrivateNetworks: boolean): string | null {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { range, list } of lists) {
    if (range.family !== type || !list.check(plain, type)) continue;
    return range.private && allowPrivateNetworks ? null : range.what;
  }
  return null;
}
