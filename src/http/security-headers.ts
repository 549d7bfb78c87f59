import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * What public pages may load and do. Scripts only from this site (no page has an inline script
 * or handler; the JSON-LD block is data, not script), styles only from this site, images also
 * from any https address (an article's lead image), no plugins, forms only back to this site,
 * framed only by this site.
 */
export const PUBLIC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** The admin: the same, never framed (clickjacking a signed-in editor). */
export const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** HSTS for a site served over https: a year, as browsers' preload lists expect at the least. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every response carries, as name/value pairs (the page cache's fast path writes
 * them without Hono). HSTS only when the site's address is https: sent over plain http it
 * would be ignored, and it must never pin a site that has no certificate.
 */
export function securityHeaders(siteUrl: string | undefined): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['Content-Security-Policy', PUBLIC_CSP],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  ];
  if (siteUrl?.startsWith('https:')) headers.push(['Strict-Transport-Security', HSTS]);
  return headers;
}

/**
 * Adds the security headers to every response the app makes, unless a route chose its own
 * (the admin sets a stricter policy and DENY for framing). Headers are set on the finished
 * response in place.
 */
export function securityHeadersMiddleware(siteUrl: () => string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of securityHeaders(siteUrl())) if (!headers.has(name)) headers.set(name, value);
  };
}
