import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { WebhookDeliveryError, type WebhookSender } from '../domain/webhooks.ts';

/** How long a receiver has to answer; the claim's lease (services/webhooks.ts) is far longer. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Addresses a webhook may not reach unless the operator allows it (WEBHOOK_ALLOW_PRIVATE=1):
 * loopback, private networks, link-local (cloud metadata services live there), carrier-grade NAT,
 * "this network", multicast and their IPv6 counterparts, so that whoever can add a webhook
 * cannot make the server call into its own network.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? PRIVATE.check(mapped[1]!, 'ipv4') : PRIVATE.check(address, 'ipv6');
}

/**
 * Resolves the host as the connection will use it and refuses private addresses then, not only
 * when the URL was typed: a name can resolve elsewhere later (DNS rebinding), and the address
 * checked is the one connected to.
 */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(new WebhookDeliveryError(`${hostname} resolves to ${refused.address}, a private address`, true), '', 4);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** Sends deliveries as JSON POSTs, only to public addresses unless `allowPrivate`. */
export function createWebhookSender(options: { allowPrivate: boolean; userAgent: string }): WebhookSender {
  const lookup = checkedLookup(options.allowPrivate);
  return {
    send: ({ url, body, headers }) =>
      new Promise<number>((resolve, reject) => {
        const target = new URL(url);
        if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new WebhookDeliveryError('Only http and https addresses', true));
        // A literal address never goes through the lookup, so it is checked here.
        const literal = target.hostname.replace(/^\[|\]$/g, '');
        if (isIP(literal) && !options.allowPrivate && isPrivateAddress(literal)) {
          return reject(new WebhookDeliveryError(`${literal} is a private address`, true));
        }
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(
          target,
          {
            method: 'POST',
            lookup,
            timeout: REQUEST_TIMEOUT_MS,
            headers: { ...headers, 'User-Agent': options.userAgent, 'Content-Length': String(Buffer.byteLength(body)) },
          },
          (res) => {
            // The answer's body is not needed; it is read and dropped so the socket is freed.
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`No answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
        req.on('error', reject);
        req.end(body);
      }),
  };
}
