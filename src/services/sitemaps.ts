import { NotFoundError } from '../domain/errors.ts';
import { pageHref } from '../domain/pages.ts';
import { permalinkOf, type PostSummary } from '../domain/posts.ts';
import type { SiteSettings } from '../domain/settings.ts';
import type { Db, Executor } from '../storage/db.ts';
import { listAuthorsWithPosts } from '../storage/authors.ts';
import { listPublishedPages } from './pages.ts';
import { countPublishedPosts, listPublishedPostDates, listPublishedPosts } from '../storage/posts.ts';
import { listSourcesWithPosts } from '../storage/sources.ts';
import { listTermsWithPosts } from '../storage/terms.ts';
import { loadSiteSettings } from './settings.ts';

/** The sitemap protocol's limit of URLs in one sitemap file (sitemaps.org/protocol.html). */
export const SITEMAP_MAX_URLS = 50_000;

/** Google News lists articles published in the last two days; older ones are left out of a news sitemap. */
export const NEWS_SITEMAP_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Google News reads at most 1,000 URLs from a news sitemap. */
export const NEWS_SITEMAP_MAX_URLS = 1_000;

function onOneConnection<T>(db: Db, read: (conn: Executor) => Promise<T>): Promise<T> {
  return db.connection().execute(read);
}

/** How many post sitemaps there are: at least one, so the index never points nowhere. */
export async function countPostSitemaps(db: Db, now: Date, maxUrls = SITEMAP_MAX_URLS): Promise<number> {
  return Math.max(1, Math.ceil((await countPublishedPosts(db, now)) / maxUrls));
}

export interface SitemapUrl {
  /** Path of the page; the caller makes it absolute. */
  path: string;
  lastModified: Date;
}

/** A sitemap's pages and the site's time zone, in which their addresses and dates are written. */
export interface SitemapUrls {
  timeZone: string;
  urls: SitemapUrl[];
}

/** The posts of sitemap number n (from 1), oldest first; NotFoundError past the last one. */
export function getPostSitemap(db: Db, n: number, now: Date, maxUrls = SITEMAP_MAX_URLS): Promise<SitemapUrls> {
  return onOneConnection(db, async (conn) => {
    const { timezone } = await loadSiteSettings(conn);
    const posts = await listPublishedPostDates(conn, { limit: maxUrls, offset: (n - 1) * maxUrls, now });
    if (n > 1 && posts.length === 0) throw new NotFoundError('Sitemap');
    return {
      timeZone: timezone,
      urls: posts.map((p) => ({ path: permalinkOf(p, timezone), lastModified: p.updatedAt > p.publishedAt ? p.updatedAt : p.publishedAt })),
    };
  });
}

/** The posts published in the two days before now, newest first, for a Google News sitemap. */
export function getNewsSitemap(db: Db, now: Date): Promise<{ site: SiteSettings; posts: PostSummary[] }> {
  return onOneConnection(db, async (conn) => ({
    site: await loadSiteSettings(conn),
    posts: await listPublishedPosts(conn, {
      now,
      limit: NEWS_SITEMAP_MAX_URLS,
      publishedFrom: new Date(now.getTime() - NEWS_SITEMAP_WINDOW_MS),
    }),
  }));
}

/**
 * The archives that list published posts (categories, tags, authors, sources), each dated by
 * its newest post. One sitemap: a site with more than the limit of archives loses the newest
 * ones past it, which its post sitemaps still lead to.
 */
export function getArchiveSitemap(db: Db, now: Date, maxUrls = SITEMAP_MAX_URLS): Promise<SitemapUrls> {
  return onOneConnection(db, async (conn) => {
    const { timezone } = await loadSiteSettings(conn);
    const terms = await listTermsWithPosts(conn, maxUrls, now);
    const authors = await listAuthorsWithPosts(conn, maxUrls, now);
    const sources = await listSourcesWithPosts(conn, maxUrls, now);
    const urls = [
      ...terms.map((t) => ({ path: `/${t.kind}/${encodeURIComponent(t.slug)}/`, lastModified: t.lastPublishedAt })),
      ...authors.map((a) => ({ path: `/author/${encodeURIComponent(a.slug)}/`, lastModified: a.lastPublishedAt })),
      ...sources.map((s) => ({ path: `/source/${encodeURIComponent(s.slug)}/`, lastModified: s.lastPublishedAt })),
    ].slice(0, maxUrls);
    return { timeZone: timezone, urls };
  });
}

/** The site's published static pages, dated by their last change. */
export function getPageSitemap(db: Db): Promise<SitemapUrls> {
  return onOneConnection(db, async (conn) => {
    const { timezone } = await loadSiteSettings(conn);
    const pages = await listPublishedPages(conn);
    return { timeZone: timezone, urls: pages.map((p) => ({ path: pageHref(p.path), lastModified: p.updatedAt })) };
  });
}
