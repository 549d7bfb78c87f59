import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES): addresses and CIDR ranges,
 * already checked by config.ts. Empty: the header is ignored and the socket's address counts.
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** Whether an address (as a socket reports it) is one of the trusted proxies. */
export function isTrusted(list: BlockList | undefined, raw: string): boolean {
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; the list holds them as IPv4.
  const address = raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const version = isIP(address);
  return list !== undefined && version !== 0 && list.check(address, version === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The address the request came from. The socket's peer, unless that peer is a trusted proxy:
 * then X-Forwarded-For is read from the right (each proxy appends the address it saw), skipping
 * trusted proxies, and the first address that is not one is the client. Anything a client wrote
 * further left is never believed. Null when it cannot be told.
 */
export function clientAddress(c: Context, trustedProxies?: BlockList): string | null {
  let peer: string | null;
  try {
    peer = getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
  if (peer === null || !isTrusted(trustedProxies, peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (isIP(hop) === 0) return peer; // a malformed hop: believe nothing further left
    if (!isTrusted(trustedProxies, hop)) return hop;
  }
  return forwarded[0] ?? peer;
}
