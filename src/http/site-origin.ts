import type { Context } from 'hono';
import type { AppDeps } from './app-env.ts';

/**
 * The origin that absolute links (feeds, sitemaps, robots.txt, canonical and OpenGraph links,
 * admin invitations) are made from: SITE_URL, or the listening address standing in for it
 * (config.ts), else the request's own. In the second case the Host header is the client's to
 * choose, so the page is marked unshared: the page cache validates it but never keeps it for
 * other clients (a forged Host would otherwise be served to everyone).
 */
export function originForLinks(c: Context, deps: AppDeps): string {
  if (deps.siteUrl) return deps.siteUrl;
  c.set('pageUnshared', true);
  return new URL(c.req.url).origin;
}
