import { Hono } from 'hono';
import { toNewsSitemap, toSitemapIndex, toUrlSet } from '../../feeds/sitemap.ts';
import { POST_EDITS, POST_PAGES } from '../../domain/page-keys.ts';
import { PAGE_LISTS } from '../../domain/pages.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { countPostSitemaps, getArchiveSitemap, getNewsSitemap, getPageSitemap, getPostSitemap, SITEMAP_MAX_URLS } from '../../services/sitemaps.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { originForLinks } from '../site-origin.ts';

const XML = 'application/xml; charset=utf-8';

/** /sitemap-posts-N.xml, N from 1. */
const POST_SITEMAP = /^sitemap-posts-([1-9][0-9]{0,5})\.xml$/;

export interface SitemapOptions {
  /** URLs per post sitemap; the protocol's limit unless a test needs a small one. */
  maxUrlsPerSitemap?: number;
}

/** The sitemap index, the post and archive sitemaps, the Google News sitemap and robots.txt that names them. */
export function sitemapRoutes(deps: AppDeps, options: SitemapOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.database.db;
  const maxUrls = options.maxUrlsPerSitemap ?? SITEMAP_MAX_URLS;
  const now = deps.now ?? (() => new Date());

  app.get('/sitemap.xml', async (c) => {
    const count = await countPostSitemaps(db, now(), maxUrls);
    const origin = originForLinks(c, deps);
    c.set('pageKeys', [POST_PAGES, POST_EDITS]);
    c.header('Content-Type', XML);
    const posts = Array.from({ length: count }, (_, i) => ({ url: `${origin}/sitemap-posts-${i + 1}.xml` }));
    return c.body(toSitemapIndex([...posts, { url: `${origin}/sitemap-archives.xml` }, { url: `${origin}/sitemap-pages.xml` }]));
  });

  app.get('/sitemap-archives.xml', async (c) => {
    const { timeZone, urls } = await getArchiveSitemap(db, now(), maxUrls);
    const origin = originForLinks(c, deps);
    c.set('pageKeys', [POST_PAGES, POST_EDITS]);
    c.header('Content-Type', XML);
    return c.body(
      toUrlSet(
        urls.map((u) => ({ url: `${origin}${u.path}`, lastModified: u.lastModified })),
        timeZone,
      ),
    );
  });

  // The static pages (About, Corrections policy…), dated by their last change.
  app.get('/sitemap-pages.xml', async (c) => {
    const { timeZone, urls } = await getPageSitemap(db);
    const origin = originForLinks(c, deps);
    c.set('pageKeys', [PAGE_LISTS]);
    c.header('Content-Type', XML);
    return c.body(
      toUrlSet(
        urls.map((u) => ({ url: `${origin}${u.path}`, lastModified: u.lastModified })),
        timeZone,
      ),
    );
  });

  app.get('/:file{sitemap-posts-[1-9][0-9]{0,5}\\.xml}', async (c) => {
    const n = Number(POST_SITEMAP.exec(c.req.param('file'))![1]);
    const { timeZone, urls } = await getPostSitemap(db, n, now(), maxUrls);
    const origin = originForLinks(c, deps);
    c.set('pageKeys', [POST_PAGES, POST_EDITS]);
    c.header('Content-Type', XML);
    return c.body(
      toUrlSet(
        urls.map((u) => ({ url: `${origin}${u.path}`, lastModified: u.lastModified })),
        timeZone,
      ),
    );
  });

  // Not kept in the page cache: which posts it lists changes with the clock, not only with posts.
  app.get('/news-sitemap.xml', async (c) => {
    const { site, posts } = await getNewsSitemap(db, now());
    const origin = originForLinks(c, deps);
    c.header('Content-Type', XML);
    return c.body(
      toNewsSitemap(
        { name: site.title, language: site.language },
        posts.map((p) => ({ url: `${origin}${permalinkOf(p, site.timezone)}`, title: p.title, published: p.publishedAt })),
        site.timezone,
      ),
    );
  });

  app.get('/robots.txt', (c) => {
    const origin = originForLinks(c, deps);
    // It shows nothing from the database: only a change to every page drops it.
    c.set('pageKeys', []);
    c.header('Content-Type', 'text/plain; charset=utf-8');
    return c.body(['User-agent: *', 'Disallow: /admin/', '', `Sitemap: ${origin}/sitemap.xml`, `Sitemap: ${origin}/news-sitemap.xml`, ''].join('\n'));
  });
  return app;
}
