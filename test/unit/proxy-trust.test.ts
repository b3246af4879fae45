import { describe, expect, it } from 'vitest';
import { clientAddressBehind, parseProxyTrust, type ProxyTrust } from '#src/platform/proxy-trust.ts';

const oneHop: ProxyTrust = { kind: 'hops', hops: 1 };

describe('TRUST_PROXY', () => {
  it('reads off, a number of hops, or a list of proxy addresses', () => {
    expect(parseProxyTrust(undefined)).toEqual({ kind: 'none' });
    expect(parseProxyTrust('0')).toEqual({ kind: 'none' });
    expect(parseProxyTrust('off')).toEqual({ kind: 'none' });
    expect(parseProxyTrust('1')).toEqual({ kind: 'hops', hops: 1 });
    expect(parseProxyTrust('true')).toEqual({ kind: 'hops', hops: 1 });
    expect(parseProxyTrust('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseProxyTrust('10.0.0.0/8, 192.168.1.5,::1')).toEqual({ kind: 'proxies', proxies: ['10.0.0.0/8', '192.168.1.5', '::1'] });
  });

  it('refuses a value that is neither, so a typo stops the start', () => {
    expect(typeof parseProxyTrust('10.0.0.0/33')).toBe('string');
    expect(typeof parseProxyTrust('proxy.internal')).toBe('string');
    expect(typeof parseProxyTrust('99')).toBe('string');
  });
});

describe('the client address behind proxies', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressBehind({ kind: 'none' }, '203.0.113.9', '10.2.0.1')).toBe('203.0.113.9');
  });

  it('takes the entry the trusted proxy appended, never the client-written left', () => {
    // The client sent "X-Forwarded-For: 10.2.0.1"; nginx appended the address it saw.
    expect(clientAddressBehind(oneHop, '10.0.0.2', '10.2.0.1, 198.51.100.7')).toBe('198.51.100.7');
    expect(clientAddressBehind(oneHop, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts hops from the right through a chain of proxies', () => {
    const twoHops: ProxyTrust = { kind: 'hops', hops: 2 };
    // client → load balancer (10.0.0.1) → nginx (10.0.0.2) → portal
    expect(clientAddressBehind(twoHops, '10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.1')).toBe('198.51.100.7');
  });

  it('skips only the listed proxies and stops at the first address that is not one', () => {
    const listed: ProxyTrust = { kind: 'proxies', proxies: ['10.0.0.0/8'] };
    expect(clientAddressBehind(listed, '10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.1')).toBe('198.51.100.7');
    // A direct connection from outside the list: the header is the client's own words.
    expect(clientAddressBehind(listed, '198.51.100.7', '10.9.9.9')).toBe('198.51.100.7');
  });

  it('reads IPv4 on a dual-stack socket and ports in the header', () => {
    const listed: ProxyTrust = { kind: 'proxies', proxies: ['127.0.0.1'] };
    expect(clientAddressBehind(listed, '::ffff:127.0.0.1', '198.51.100.7:5123')).toBe('198.51.100.7');
    expect(clientAddressBehind(oneHop, '::1', '[2001:db8::5]:443')).toBe('2001:db8::5');
  });

  it('does not believe a hop that is not an address', () => {
    expect(clientAddressBehind(oneHop, '10.0.0.2', '198.51.100.7, <script>')).toBe('10.0.0.2');
  });
});
