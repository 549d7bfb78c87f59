/** Signing in: passwords, sessions, setup and reset links, and how often one may try. */
/** Shortest password accepted: NIST SP 800-63B's minimum for a user-chosen secret. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest: argon2 takes any length, but a cap stops a megabyte "password" from costing a hash. */
export const MAX_PASSWORD_LENGTH = 256;

/** How long a signed-in session lasts without signing in again. */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
/** How long a setup or invitation link works. */
export const SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Failed logins allowed for one account or one address within the window before it must wait. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** How long a "Lost your password?" link works: long enough to open the mail, short enough that an old mailbox opens nothing. */
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;
/** Reset mails per address within the window: enough for a lost message or two, too few to flood a mailbox. */
export const RESET_REQUEST_LIMIT_PER_EMAIL = 3;
/** Reset requests from one IP address within the window, whatever addresses they name. */
export const RESET_REQUEST_LIMIT_PER_IP = 10;
export const RESET_REQUEST_WINDOW_MS = 60 * 60 * 1000;

/**
 * After `limit` events within `windowMs`, how long until the oldest one that counts leaves the
 * window, so the next attempt is allowed: a pause, never a permanent lockout.
 */
export function retryAfterMs(times: readonly Date[], now: Date, limit: number, windowMs: number): number {
  const windowStart = now.getTime() - windowMs;
  const recent = times
    .map((t) => t.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => b - a);
  if (recent.length < limit) return 0;
  // The attempt is allowed again once fewer than `limit` events remain in the window.
  const blocking = recent[limit - 1]!;
  return blocking + windowMs - now.getTime();
}

/** After too many failed logins for an account or address, how long until the next attempt is allowed. */
export function loginRetryAfterMs(failureTimes: readonly Date[], now: Date): number {
  return retryAfterMs(failureTimes, now, LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS);
}
