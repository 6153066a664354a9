// Outbound safety for webhook targets: which addresses may be called, and a DNS lookup that checks the address it
// returns, so the connection goes to the address that was checked (no DNS rebinding between check and connect).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface NetworkPolicy {
  /** null when the address may be called; otherwise why not. `plainHttp`: http:// targets need an allowlisted address. */
  refusal(address: string, plainHttp: boolean): string | null;
  /** A `lookup` for http.request that resolves once and fails unless every resolved address is allowed. */
  lookup(plainHttp: boolean): (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void;
  /** A URL's refusal decidable without DNS (scheme, credentials, an IP-literal host); hostnames are checked when resolved. */
  urlRefusal(url: string): string | null;
}

/** Parses WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs or single addresses. Throws on a bad entry. */
export function parseNetworks(value: string): Cidr[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (s.includes('/')) return ipaddr.parseCIDR(s) as Cidr;
      const a = ipaddr.parse(s);
      return [a, a.kind() === 'ipv4' ? 32 : 128] as Cidr;
    });
}

const NAT64_LOCAL_USE: Cidr = ipaddr.parseCIDR('64:ff9b:1::/48') as Cidr; // RFC 8215: the IPv4 address's place depends on the prefix length
const EMBEDDING: Array<[Cidr, (p: number[]) => number[][]]> = [
  [ipaddr.parseCIDR('::/96') as Cidr, (p) => [[p[6], p[7]]]], // IPv4-compatible (deprecated, RFC 4291)
  [ipaddr.parseCIDR('::ffff:0:0:0/96') as Cidr, (p) => [[p[6], p[7]]]], // IPv4-translated (RFC 6145)
  [ipaddr.parseCIDR('64:ff9b::/96') as Cidr, (p) => [[p[6], p[7]]]], // NAT64 well-known prefix (RFC 6052)
  [ipaddr.parseCIDR('2002::/16') as Cidr, (p) => [[p[1], p[2]]]], // 6to4 (RFC 3056): bits 16-48
  // Teredo (RFC 4380): the server at bits 32-64, the client at bits 96-128 XOR 0xffffffff; both must be allowed.
  [ipaddr.parseCIDR('2001::/32') as Cidr, (p) => [[p[2], p[3]], [p[6] ^ 0xffff, p[7] ^ 0xffff]]],
];

/** The IPv4 addresses an IPv6 address carries (IPv4-mapped is left to ipaddr.process); none for ::, ::1 or a plain IPv6 address. */
export function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = addr.parts;
  const range = addr.range();
  if (range === 'unspecified' || range === 'loopback') return [];
  for (const [cidr, extract] of EMBEDDING) {
    if (!addr.match(cidr as [ipaddr.IPv6, number])) continue;
    return extract(p).map(([hi, lo]) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]));
  }
  return [];
}

export class TargetRefused extends Error {
  code = 'ETARGETREFUSED';
}

export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export function createNetworkPolicy(allowed: string): NetworkPolicy {
  const networks = parseNetworks(allowed);
  const inAllowlist = (addr: ipaddr.IPv4 | ipaddr.IPv6) =>
    networks.some(([net, bits]) => net.kind() === addr.kind() && addr.match([net, bits] as never));

  const refusal = (address: string, plainHttp: boolean): string | null => {
    if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
    const addr = ipaddr.process(address); // IPv4-mapped IPv6 is judged as the IPv4 address it maps
    if (inAllowlist(addr)) return null;
    if (addr.kind() === 'ipv6') {
      const v6 = addr as ipaddr.IPv6;
      if (v6.match(NAT64_LOCAL_USE)) return `${address} is a local-use NAT64 address (64:ff9b:1::/48); list its network in WEBHOOK_ALLOWED_NETWORKS to allow it`;
      // An IPv6 form that carries an IPv4 address reaches that IPv4 address: it gets the IPv4 address's answer.
      for (const v4 of embeddedIPv4(v6)) {
        const why = refusal(v4.toString(), plainHttp);
        if (why) return `${address} embeds ${v4.toString()}: ${why}`;
      }
      if (embeddedIPv4(v6).length > 0) return null;
    }
    const range = addr.range();
    if (range !== 'unicast') return `${address} is a ${range} address; list its network in WEBHOOK_ALLOWED_NETWORKS to allow it`;
    if (plainHttp) return `http:// is only allowed to addresses in WEBHOOK_ALLOWED_NETWORKS (${address} is not); use https://`;
    return null;
  };

  return {
    refusal,
    lookup: (plainHttp) => (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '');
        const list = addresses as LookupAddress[];
        for (const a of list) {
          const why = refusal(a.address, plainHttp);
          if (why) return callback(new TargetRefused(`refused: ${hostname} resolves to ${why}`), '');
        }
        if (list.length === 0) return callback(new TargetRefused(`refused: ${hostname} has no address`), '');
        if (options.all) callback(null, list);
        else callback(null, list[0].address, list[0].family);
      });
    },
    urlRefusal(value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'is not an absolute URL';
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// URL (or http:// to an address in WEBHOOK_ALLOWED_NETWORKS)';
      if (url.username || url.password) return 'must not carry credentials';
      if (url.hash) return 'must not have a fragment';
      const host = hostOf(url);
      if (isIP(host)) {
        const why = refusal(host, url.protocol === 'http:');
        return why ? `is refused: ${why}` : null;
      }
      if (url.protocol === 'http:' && networks.length === 0) return 'must be https:// (http:// needs the address in WEBHOOK_ALLOWED_NETWORKS)';
      return null;
    },
  };
}
