import type { Context, MiddlewareHandler } from 'hono';
import { checkApplicationPassword } from '../../services/application-passwords.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { clientAddress } from '../client-address.ts';
import { restError } from './rest-response.ts';

/** The same answer for every wrong credential, so it tells a guesser nothing about which part was wrong. */
const WRONG_CREDENTIALS = 'The email address or the application password is not right.';

/** HTTP Basic credentials (RFC 7617), or undefined when the header is not Basic. */
function basicCredentials(header: string): { username: string; password: string } | 'malformed' | undefined {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=]*)[ \t]*$/i.exec(header);
  if (!match) return /^Basic\b/i.test(header) ? 'malformed' : undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Signs a REST request in with an application password sent as HTTP Basic credentials, as
 * WordPress does; only the REST API reads them (the admin knows sessions alone). Credentials
 * that are sent must be right, even on a route anonymous readers may use: a client is told
 * at once that its password was revoked. Other schemes are left alone, as WordPress leaves them.
 */
export function restAuthentication(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const now = deps.now ?? (() => new Date());
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) return next();
    const credentials = basicCredentials(header);
    if (credentials === undefined) return next();
    if (credentials === 'malformed') return restError(c, 401, 'rest_authentication_failed', WRONG_CREDENTIALS);
    const ip = clientAddress(c, deps.trustedProxies) ?? 'unknown';
    const result = await checkApplicationPassword(deps.database.db, { ...credentials, ip }, now());
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      return restError(c, 429, 'rest_too_many_attempts', 'Too many failed attempts to sign in. Wait a while and try again.');
    }
    if (result.kind === 'wrong') return restError(c, 401, 'rest_authentication_failed', WRONG_CREDENTIALS);
    c.set('restUser', result.user);
    return next();
  };
}

/** WordPress's status for a refusal: 401 to an anonymous client (sign in and it may work), 403 to a signed-in one. */
export function refusalStatus(c: Context<AppEnv>): 401 | 403 {
  return c.get('restUser') ? 403 : 401;
}
