import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env.ts';

/**
 * Refuses state-changing requests that a browser says come from another site. Browsers send
 * Sec-Fetch-Site or Origin with every form POST, so this needs no token, no cookie and no
 * JavaScript; a request without either header is not from a browser form, so not a cross-site
 * forgery, and is let through to the form's own validation. Origins are compared by host, so
 * a TLS-terminating proxy in front (https outside, http inside) does not break the form.
 */
/** The one address that takes POSTs from anywhere (http/public/subscriptions.tsx). */
const ONE_CLICK_UNSUBSCRIBE_PATH = '/subscriptions/unsubscribe/';

export function sameOriginPosts(siteUrl: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    // RFC 8058: a mail program's one-click unsubscribe comes from wherever the reader reads mail.
    // The signed link is its authority, and all it can do is stop mail.
    if (c.req.path === ONE_CLICK_UNSUBSCRIBE_PATH) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
      throw new HTTPException(403, { message: 'This form can only be sent from this site.' });
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      if (origin !== siteUrl && hostOf(origin) !== c.req.header('host')) {
        throw new HTTPException(403, { message: 'This form can only be sent from this site.' });
      }
    }
    return next();
  };
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
