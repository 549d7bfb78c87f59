import { isIPv4, isIPv6 } from 'node:net';

/**
 * How fast one sender may comment. Flood control is WordPress's rule (a second comment from the
 * same address or email within 15 seconds is refused); the hourly limits per address and per
 * network (/24 for IPv4, /48 for IPv6: one household, office or small hosting block) stop the
 * bursts that spread over many addresses of one network. 0 turns a limit off.
 */
export interface CommentPace {
  floodIntervalMs: number;
  perAddressPerHour: number;
  perNetworkPerHour: number;
}

/** WordPress's flood interval (wp_check_comment_flood: 15 s) and limits no real reader reaches. */
export const DEFAULT_COMMENT_PACE: CommentPace = { floodIntervalMs: 15_000, perAddressPerHour: 30, perNetworkPerHour: 120 };

/** No limits: for load tests and sites behind their own rate limiting. */
export const UNLIMITED_COMMENT_PACE: CommentPace = { floodIntervalMs: 0, perAddressPerHour: 0, perNetworkPerHour: 0 };

export const HOUR_MS = 60 * 60 * 1000;

/** What the database knows of a sender's recent comments (any status: spam counts too). */
export interface SenderActivity {
  /** The newest comment from the same address or the same email, if any. */
  lastAt: Date | undefined;
  /** Comments from the same address in the last hour. */
  fromAddress: number;
  /** Comments from the same network in the last hour. */
  fromNetwork: number;
}

export type PaceVerdict = { ok: true } | { ok: false; retryAfterMs: number; message: string };

/** The message WordPress gives for a flood, word for word, so readers and plugins recognise it. */
export const FLOOD_MESSAGE = 'You are posting comments too quickly. Slow down.';

export function checkCommentPace(activity: SenderActivity, pace: CommentPace, now: Date): PaceVerdict {
  if (pace.floodIntervalMs > 0 && activity.lastAt) {
    const wait = activity.lastAt.getTime() + pace.floodIntervalMs - now.getTime();
    if (wait > 0) return { ok: false, retryAfterMs: wait, message: FLOOD_MESSAGE };
  }
  if (pace.perAddressPerHour > 0 && activity.fromAddress >= pace.perAddressPerHour) {
    return {
      ok: false,
      retryAfterMs: HOUR_MS,
      message: 'Too many comments have come from your address in the last hour. Please try again later; your text is still in the form.',
    };
  }
  if (pace.perNetworkPerHour > 0 && activity.fromNetwork >= pace.perNetworkPerHour) {
    return {
      ok: false,
      retryAfterMs: HOUR_MS,
      message: 'Too many comments have come from your network in the last hour. Please try again later; your text is still in the form.',
    };
  }
  return { ok: true };
}

/**
 * The network an address belongs to, for per-network limits: "203.0.113.0/24" or
 * "2001:db8:1::/48". An IPv4 address written as IPv6 (::ffff:203.0.113.7) counts as IPv4.
 * Null for anything that is not an IP address.
 */
export function networkOf(address: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const groups = expandIPv6(ip);
  return `${groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/48`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex. */
function expandIPv6(ip: string): string[] {
  const [head = '', tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::ffff:1.2.3.4 was handled above; 64:ff9b::1.2.3.4 is not) is two groups.
  const toGroups = (parts: string[]) =>
    parts.flatMap((p) => {
      if (!p.includes('.')) return [p];
      const [a, b, c, d] = p.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const l = toGroups(left);
  const r = toGroups(right);
  const fill = tail === undefined ? [] : new Array<string>(8 - l.length - r.length).fill('0');
  return [...l, ...fill, ...r].map((g) => g.padStart(1, '0'));
}
