import type { Context } from 'hono';
import { LEGACY_QUERY_PARAMETERS } from '../../domain/legacy-addresses.ts';
import { findLegacyLocation } from '../../services/legacy-addresses.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';

/** Whether the site's front page was asked for with a query that named something on the old WordPress site (?p=12, ?cat=3, ?feed=rss2). */
export function hasLegacyQuery(c: Context<AppEnv>): boolean {
  return [...LEGACY_QUERY_PARAMETERS, 'feed'].some((name) => c.req.query(name) !== undefined);
}

/**
 * A 301 to where an old WordPress address's content lives now, or undefined. Called only for
 * requests no route answered (and the front page's old queries), so pages served from the
 * cache never look anything up.
 */
export async function redirectLegacy(c: Context<AppEnv>, deps: AppDeps): Promise<Response | undefined> {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined;
  const url = new URL(c.req.url);
  const now = (deps.now ?? (() => new Date()))();
  const location = await findLegacyLocation(deps.database.db, url.pathname, url.searchParams, now);
  return location === undefined ? undefined : c.redirect(location, 301);
}
