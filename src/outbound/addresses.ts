/**
 * Which IP addresses a server-side request may reach: public unicast only. Loopback, private,
 * shared (CGN), link-local, benchmarking, documentation, multicast and reserved ranges are refused,
 * in IPv4 and IPv6 and in the IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4), so
 * `[::ffff:7f00:1]` is as closed as `127.0.0.1`.
 */
import { isIP } from 'node:net';

type Bytes = number[];

function ipv4Bytes(address: string): Bytes | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted IPv4 part), or undefined. */
export function ipv6Bytes(input: string): Bytes | undefined {
  let address = input.replace(/^\[|\]$/g, '').toLowerCase();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  let tail: Bytes = [];
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    const v4 = ipv4Bytes(address.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const bytes = all.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** Does `bytes` start with the first `bits` bits of `prefix`? */
function inPrefix(bytes: Bytes, prefix: Bytes, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const n = Math.min(8, bits - i);
    const mask = (0xff << (8 - n)) & 0xff;
    if (((bytes[i / 8]! ^ (prefix[i / 8] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

const cidr = (text: string): [Bytes, number] => {
  const [addr, bits] = text.split('/') as [string, string];
  return [(addr.includes(':') ? ipv6Bytes(addr) : ipv4Bytes(addr))!, Number(bits)];
};

/** IPv4 ranges that are not public unicast (IANA special-purpose registry and multicast/reserved). */
const V4_CLOSED = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.31.196.0/24', '192.52.193.0/24', '192.88.99.0/24', '192.168.0.0/16', '192.175.48.0/24',
  '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
].map(cidr);

/** IPv6 ranges inside 2000::/3 that are not public unicast (everything outside 2000::/3 is closed too). */
const V6_CLOSED = ['2001::/23', '2001:db8::/32', '3fff::/20', '5f00::/16'].map(cidr);
const V6_GLOBAL = cidr('2000::/3');
const V4_MAPPED = cidr('::ffff:0:0/96');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

function publicV4(bytes: Bytes): boolean {
  return !V4_CLOSED.some(([p, bits]) => inPrefix(bytes, p, bits));
}

/** True for a public unicast address (IPv4 or IPv6, any notation Node accepts); false for every other string. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return publicV4(ipv4Bytes(bare)!);
  if (family !== 6) return false;
  const bytes = ipv6Bytes(bare);
  if (!bytes) return false;
  // IPv4 carried in IPv6: the IPv4 address decides.
  if (inPrefix(bytes, ...V4_MAPPED) || inPrefix(bytes, ...NAT64)) return publicV4(bytes.slice(12));
  if (inPrefix(bytes, ...SIX_TO_FOUR)) return publicV4(bytes.slice(2, 6));
  if (!inPrefix(bytes, ...V6_GLOBAL)) return false;
  return !V6_CLOSED.some(([p, bits]) => inPrefix(bytes, p, bits));
}
