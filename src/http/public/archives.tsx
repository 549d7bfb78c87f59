import { Hono, type Context } from 'hono';
import { periodPath, type Period } from '../../domain/posts.ts';
import { POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { isValidSlug } from '../../domain/slugs.ts';
import type { TermKind } from '../../domain/terms.ts';
import { getAuthorArchive, getDateArchive, getTermArchive, type PostListPage } from '../../services/posts.ts';
import { formatPeriod } from '../../views/format.ts';
import { ArchivePage, type ArchivePageProps } from '../../views/pages/archive-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePageNumber } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { notFound } from './not-found.tsx';

type ArchiveView = Omit<ArchivePageProps, keyof PostListPage | 'site' | 'stylesheet' | 'now'>;

/** Renders page N of a list at `base`, or answers 404 / 301 for a page number that is not a page. */
async function archive(
  c: Context<AppEnv>,
  deps: AppDeps,
  base: string,
  pageParam: string | undefined,
  load: (page: number, perPage: number, now: Date, timeZone: string) => Promise<PostListPage & { view: ArchiveView }>,
): Promise<Response> {
  const page = parsePageNumber(pageParam);
  if (page === undefined) return notFound(c, deps);
  if (pageParam !== undefined && page === 1) return c.redirect(base, 301);
  const chrome = await pageChrome(deps);
  const { view, ...list } = await load(page, chrome.settings.postsPerPage, chrome.now, chrome.settings.timezone);
  c.set('pageKeys', [POST_PAGES, ...list.posts.map((p) => postKey(p.id))]);
  return renderPage(c, <ArchivePage {...chrome} {...view} {...list} />);
}

const TERM_VIEWS: Record<TermKind, { kind: string; title: (name: string) => string; empty: string }> = {
  category: { kind: 'Category', title: (name) => name, empty: 'No posts in this category yet.' },
  tag: { kind: 'Tag', title: (name) => `Posts tagged ${name}`, empty: 'No posts with this tag yet.' },
};

/** Category, tag, author and date archives, each paginated at …/page/N/. */
export function archiveRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.database.db;

  for (const kind of ['category', 'tag'] as const) {
    const handler = (c: Context<AppEnv>) => {
      const slug = c.req.param('slug') ?? '';
      if (!isValidSlug(slug)) return notFound(c, deps);
      const base = `/${kind}/${encodeURIComponent(slug)}/`;
      return archive(c, deps, base, c.req.param('page'), async (page, perPage, now) => {
        const result = await getTermArchive(db, kind, slug, page, perPage, now);
        const v = TERM_VIEWS[kind];
        return {
          ...result,
          view: { kind: v.kind, heading: result.term.name, title: v.title(result.term.name), base, feedPath: `${base}feed/`, emptyText: v.empty },
        };
      });
    };
    app.get(`/${kind}/:slug/`, handler);
    app.get(`/${kind}/:slug/page/:page/`, handler);
  }

  const author = (c: Context<AppEnv>) => {
    const slug = c.req.param('slug') ?? '';
    if (!isValidSlug(slug)) return notFound(c, deps);
    const base = `/author/${encodeURIComponent(slug)}/`;
    return archive(c, deps, base, c.req.param('page'), async (page, perPage, now) => {
      const result = await getAuthorArchive(db, slug, page, perPage, now);
      const name = result.author.displayName;
      return {
        ...result,
        view: { kind: 'Author', heading: name, title: `Posts by ${name}`, base, feedPath: `${base}feed/`, emptyText: `${name} has no published posts yet.` },
      };
    });
  };
  app.get('/author/:slug/', author);
  app.get('/author/:slug/page/:page/', author);

  const dated = (c: Context<AppEnv>) => {
    const { year, month, day } = c.req.param() as { year: string; month?: string; day?: string };
    const period: Period = { year: Number(year), ...(month ? { month: Number(month) } : {}), ...(day ? { day: Number(day) } : {}) };
    const base = periodPath(period);
    return archive(c, deps, base, c.req.param('page'), async (page, perPage, now, timeZone) => {
      const result = await getDateArchive(db, period, page, perPage, now, timeZone);
      const name = formatPeriod(period);
      return { ...result, view: { kind: 'Archive', heading: name, title: `Posts from ${name}`, base, emptyText: '' } };
    });
  };
  const YEAR = '/:year{[0-9]{4}}';
  const MONTH = `${YEAR}/:month{[0-9]{2}}`;
  const DAY = `${MONTH}/:day{[0-9]{2}}`;
  for (const path of [YEAR, MONTH, DAY]) {
    app.get(`${path}/`, dated);
    app.get(`${path}/page/:page/`, dated);
  }
  return app;
}
