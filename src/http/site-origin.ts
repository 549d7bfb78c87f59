import type { Context } from 'hono';
import type { AppDeps, AppEnv } from './app-env.ts';

/**
 * The origin that absolute links (feeds, sitemaps, robots.txt) are made from: the configured
 * site URL, else the request's own. In the second case the Host header is the client's to
 * choose, so the page is marked unshared: the page cache validates it but never keeps it for
 * other clients (a forged Host would otherwise be served to everyone).
 */
export function originForLinks(c: Context<AppEnv>, deps: AppDeps): string {
  if (deps.siteUrl) return deps.siteUrl;
  c.set('pageUnshared', true);
  return new URL(c.req.url).origin;
}
