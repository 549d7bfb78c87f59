import { Hono, type Context } from 'hono';
import { POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { getSourceArchive } from '../../services/posts.ts';
import { isValidSlug } from '../../domain/slugs.ts';
import { SourcePage } from '../../views/pages/source-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePageNumber } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { notFound } from './not-found.tsx';

export function sourceRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const archive = async (c: Context<AppEnv>, slug: string, pageParam: string | undefined) => {
    const page = parsePageNumber(pageParam);
    if (page === undefined || !isValidSlug(slug)) return notFound(c, deps);
    if (pageParam !== undefined && page === 1) return c.redirect(`/source/${encodeURIComponent(slug)}/`, 301);
    const chrome = await pageChrome(deps);
    const result = await getSourceArchive(deps.database.db, slug, page, chrome.settings.postsPerPage, chrome.now);
    c.set('pageKeys', [POST_PAGES, ...result.posts.map((p) => postKey(p.id))]);
    return renderPage(c, <SourcePage {...chrome} {...result} />);
  };
  app.get('/source/:slug/', (c) => archive(c, c.req.param('slug'), undefined));
  app.get('/source/:slug/page/:page/', (c) => archive(c, c.req.param('slug'), c.req.param('page')));
  return app;
}
