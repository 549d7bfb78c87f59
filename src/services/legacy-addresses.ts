import { legacyLocation, legacyRequestOf } from '../domain/legacy-addresses.ts';
import { libraryPath } from '../domain/media.ts';
import { pageHref } from '../domain/pages.ts';
import { permalinkOf } from '../domain/posts.ts';
import type { Executor } from '../storage/db.ts';
import { findLegacyTarget, type LegacyTarget } from '../storage/legacy-addresses.ts';
import { loadSiteSettings } from './settings.ts';

/** Where a target lives on this site now; undefined when readers cannot see it (a draft, a post still scheduled). */
function pathOf(target: LegacyTarget, now: Date, timeZone: string): string | undefined {
  switch (target.kind) {
    case 'post':
      if (target.status !== 'published' || target.publishedAt === null || target.publishedAt > now) return undefined;
      return permalinkOf({ slug: target.slug, publishedAt: target.publishedAt }, timeZone);
    case 'page':
      return target.status === 'published' ? pageHref(target.path) : undefined;
    case 'media':
      // The photo's own address, which always leads to its current largest size for a page column.
      return libraryPath(target.id);
    case 'category':
    case 'tag':
    case 'author':
      return `/${target.kind}/${encodeURIComponent(target.slug)}/`;
  }
}

/**
 * Where an address of the site's WordPress past leads now (a path of this site), or undefined.
 * One lookup by primary key at most; asked only for requests nothing else answered.
 */
export async function findLegacyLocation(db: Executor, path: string, query: URLSearchParams, now: Date): Promise<string | undefined> {
  const wanted = legacyRequestOf(path, query);
  if (wanted.kind === 'none') return undefined;
  if (wanted.kind === 'fixed') return wanted.location;
  const target = await findLegacyTarget(db, wanted.address);
  if (!target) return undefined;
  // A photo has no feed: "…/photo.jpg/feed/" was never an address.
  if (target.kind === 'media' && wanted.feed !== null) return undefined;
  const found = pathOf(target, now, (await loadSiteSettings(db)).timezone);
  return found === undefined ? undefined : legacyLocation(found, wanted.feed);
}
