import { Hono, type Context } from 'hono';
import { periodPath, type Period } from '../../domain/posts.ts';
import { POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { isValidSlug } from '../../domain/slugs.ts';
import type { TermKind } from '../../domain/terms.ts';
import { getAuthorArchive, getDateArchive, getTermArchive, type PostListPage } from '../../services/posts.ts';
import type { PageLocale } from '../../views/format.ts';
import { ArchivePage, type ArchivePageProps } from '../../views/pages/archive-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePageNumber } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { notFound } from './not-found.tsx';

type ArchiveView = Omit<ArchivePageProps, keyof PostListPage | 'site' | 'stylesheet' | 'now' | 'i18n'>;

/** Renders page N of a list at `base`, or answers 404 / 301 for a page number that is not a page. */
async function archive(
  c: Context<AppEnv>,
  deps: AppDeps,
  base: string,
  pageParam: string | undefined,
  load: (page: number, perPage: number, now: Date, i18n: PageLocale) => Promise<PostListPage & { view: ArchiveView }>,
): Promise<Response> {
  const page = parsePageNumber(pageParam);
  if (page === undefined) return notFound(c, deps);
  if (pageParam !== undefined && page === 1) return c.redirect(base, 301);
  const chrome = await pageChrome(deps);
  const { view, ...list } = await load(page, chrome.settings.postsPerPage, chrome.now, chrome.i18n);
  c.set('pageKeys', [POST_PAGES, ...list.posts.map((p) => postKey(p.id))]);
  return renderPage(c, <ArchivePage {...chrome} {...view} {...list} />);
}

const TERM_VIEWS: Record<TermKind, (name: string, i18n: PageLocale) => { kind: string; title: string; empty: string }> = {
  category: (name, { t }) => ({ kind: t('archive.category.kind'), title: name, empty: t('archive.category.empty') }),
  tag: (name, { t }) => ({ kind: t('archive.tag.kind'), title: t('archive.tag.title', { name }), empty: t('archive.tag.empty') }),
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
      return archive(c, deps, base, c.req.param('page'), async (page, perPage, now, i18n) => {
        const result = await getTermArchive(db, kind, slug, page, perPage, now);
        const v = TERM_VIEWS[kind](result.term.name, i18n);
        return {
          ...result,
          view: { kind: v.kind, heading: result.term.name, title: v.title, base, feedPath: `${base}feed/`, emptyText: v.empty },
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
    return archive(c, deps, base, c.req.param('page'), async (page, perPage, now, { t }) => {
      const result = await getAuthorArchive(db, slug, page, perPage, now);
      const name = result.author.displayName;
      return {
        ...result,
        view: {
          kind: t('archive.author.kind'),
          heading: name,
          title: t('archive.author.title', { name }),
          base,
          feedPath: `${base}feed/`,
          emptyText: t('archive.author.empty', { name }),
        },
      };
    });
  };
  app.get('/author/:slug/', author);
  app.get('/author/:slug/page/:page/', author);

  const dated = (c: Context<AppEnv>) => {
    const { year, month, day } = c.req.param() as { year: string; month?: string; day?: string };
    const period: Period = { year: Number(year), ...(month ? { month: Number(month) } : {}), ...(day ? { day: Number(day) } : {}) };
    const base = periodPath(period);
    return archive(c, deps, base, c.req.param('page'), async (page, perPage, now, i18n) => {
      const result = await getDateArchive(db, period, page, perPage, now, i18n.timeZone);
      const name = i18n.period(period);
      return {
        ...result,
        view: { kind: i18n.t('archive.date.kind'), heading: name, title: i18n.t('archive.date.title', { period: name }), base, emptyText: '' },
      };
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
