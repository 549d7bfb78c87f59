import { Hono, type Context } from 'hono';
import { PINNED_POSTS, POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { parseSearchQuery } from '../../domain/search.ts';
import { listHomePage } from '../../services/posts.ts';
import { searchPosts } from '../../services/search.ts';
import { HomePage } from '../../views/pages/home-page.tsx';
import { SearchPage } from '../../views/pages/search-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePageNumber } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { originForLinks } from '../site-origin.ts';
import { hasLegacyQuery } from './legacy.ts';
import { notFound } from './not-found.tsx';

/** `/page/N/?s=words`, or page 1 at `/?s=words`: WordPress's addresses of search results. */
function searchPath(page: number, words: string): string {
  return `${page === 1 ? '/' : `/page/${page}/`}?s=${encodeURIComponent(parseSearchQuery(words).text)}`;
}

export function homeRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Search results are not given page keys, so the page cache never keeps them; it also never
  // looks at an address with a query string, so /page/2/?s=x is never taken for /page/2/.
  const search = async (c: Context<AppEnv>, words: string, page: number) => {
    const chrome = await pageChrome(deps);
    const results = await searchPosts(deps.database, parseSearchQuery(words), {
      page,
      perPage: chrome.settings.postsPerPage,
      language: chrome.settings.language,
      now: chrome.now,
    });
    // A search stopped at the time limit is a friendly page, not an error, but not a success either.
    return renderPage(c, <SearchPage {...chrome} {...results} />, results.timedOut ? 503 : 200);
  };

  const home = async (c: Context<AppEnv>, pageParam: string | undefined) => {
    const page = parsePageNumber(pageParam);
    if (page === undefined) return notFound(c, deps);
    // ?p=12, ?cat=3, ?feed=rss2: the old WordPress site's addresses, sent on (or not found).
    if (pageParam === undefined && hasLegacyQuery(c)) return notFound(c, deps);
    const words = c.req.query('s');
    if (words !== undefined) {
      // WordPress also takes the page as ?paged=N; its own links use /page/N/.
      const paged = c.req.query('paged');
      if (pageParam === undefined && paged !== undefined) {
        const n = parsePageNumber(paged);
        if (n === undefined) return notFound(c, deps);
        return c.redirect(searchPath(n, words), 301);
      }
      if (pageParam !== undefined && page === 1) return c.redirect(searchPath(1, words), 301);
      return search(c, words, page);
    }
    if (pageParam !== undefined && page === 1) return c.redirect('/', 301);
    const chrome = await pageChrome(deps);
    const list = await listHomePage(deps.database.db, page, chrome.settings.postsPerPage, chrome.now);
    const shown = [...list.pinned, ...list.posts].map((p) => postKey(p.id));
    c.set('pageKeys', page === 1 ? [POST_PAGES, PINNED_POSTS, ...shown] : [POST_PAGES, ...shown]);
    return renderPage(c, <HomePage {...chrome} {...list} origin={originForLinks(c, deps)} />);
  };
  app.get('/', (c) => home(c, undefined));
  app.get('/page/:page/', (c) => home(c, c.req.param('page')));
  return app;
}
