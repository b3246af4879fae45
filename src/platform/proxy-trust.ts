import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the portal may tell it the client's address.
 * `hops`: that many proxies, each appending to X-Forwarded-For (nginx's
 * `$proxy_add_x_forwarded_for`, most load balancers); `proxies`: the
 * addresses (or CIDR ranges) of the proxies themselves.
 */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'proxies'; proxies: string[] };

const off = new Set(['', '0', 'false', 'no', 'off']);
const on = new Set(['true', 'yes', 'on']);

/**
 * Reads TRUST_PROXY: off/0 (none), a number of hops (`1`, `2`; `true` means
 * one), or a comma-separated list of proxy addresses and CIDR ranges.
 * Returns a message for anything else, so a typo stops the start.
 */
export function parseProxyTrust(raw: string | undefined): ProxyTrust | string {
  const value = (raw ?? '').trim().toLowerCase();
  if (off.has(value)) return { kind: 'none' };
  if (on.has(value)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 10 ? { kind: 'hops', hops } : 'a number of proxy hops from 0 to 10';
  }
  const proxies = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const wrong = proxies.filter((p) => !isAddressOrRange(p));
  if (wrong.length > 0 || proxies.length === 0) return `not a number of hops nor proxy addresses: ${wrong.join(', ') || value}`;
  return { kind: 'proxies', proxies };
}

function isAddressOrRange(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 on a dual-stack socket; `[::1]:80` and `1.2.3.4:80` lose their port. */
function plainAddress(text: string): string {
  let a = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

function trustedList(proxies: string[]): BlockList {
  const list = new BlockList();
  for (const p of proxies) {
    const [address, prefix] = p.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * The client's address given the socket's and the X-Forwarded-For header.
 *
 * The header is read from the right: each trusted proxy appends the address
 * it received the request from, so the entries a client wrote itself are
 * always on the left and are never believed (ASVS 5.0 15.3.4). With `hops`,
 * the socket is the nearest proxy and the n-th entry from the right is the
 * client; with `proxies`, entries are skipped while they are trusted proxies.
 */
export function clientAddressBehind(trust: ProxyTrust, socket: string, forwardedFor: string | null | undefined): string {
  const direct = plainAddress(socket);
  if (trust.kind === 'none' || !forwardedFor) return direct;
  const chain = forwardedFor
    .split(',')
    .map(plainAddress)
    .filter((a) => a !== '');
  // Nearest first: the socket, then the header from its right end.
  const nearestFirst = [direct, ...chain.reverse()];
  let index: number;
  if (trust.kind === 'hops') {
    index = Math.min(trust.hops, nearestFirst.length - 1);
  } else {
    const trusted = trustedList(trust.proxies);
    const isTrusted = (a: string) => isIP(a) !== 0 && trusted.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4');
    index = 0;
    while (index < nearestFirst.length - 1 && isTrusted(nearestFirst[index]!)) index++;
  }
  // A hop that is not an address at all (a proxy misconfigured) is not believed.
  for (let i = index; i >= 0; i--) if (isIP(nearestFirst[i]!) !== 0) return nearestFirst[i]!;
  return direct;
}
