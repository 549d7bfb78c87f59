import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { REST_ROOT } from './present-post.ts';

/** The link relation WordPress clients look for to find a site's REST API (node-wpapi's WPAPI.discover). */
const API_REL = 'https://api.w.org/';

/**
 * Every public HTML page names the REST API's root in a Link header, as WordPress's pages do.
 * The address is absolute from SITE_URL; without one it is relative (RFC 8288 resolves it
 * against the page), so that the header never depends on the request's Host and cached pages
 * stay shared. Runs inside the page cache, which keeps the header with the page.
 */
export function discoveryLink(siteUrl: () => string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return;
    if (c.res.status !== 200 || c.req.path.startsWith('/admin') || c.res.headers.has('Link')) return;
    if (!c.res.headers.get('Content-Type')?.startsWith('text/html')) return;
    c.res.headers.set('Link', `<${siteUrl() ?? ''}${REST_ROOT}/>; rel="${API_REL}"`);
  };
}
