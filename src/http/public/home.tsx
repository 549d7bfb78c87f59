import { Hono, type Context } from 'hono';
import { POST_PAGES } from '../../domain/page-keys.ts';
import { listHomePage } from '../../services/posts.ts';
import { HomePage } from '../../views/pages/home-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePageNumber } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { notFound } from './not-found.tsx';

export function homeRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const home = async (c: Context<AppEnv>, pageParam: string | undefined) => {
    const page = parsePageNumber(pageParam);
    if (page === undefined) return notFound(c, deps);
    if (pageParam !== undefined && page === 1) return c.redirect('/', 301);
    const chrome = await pageChrome(deps);
    const list = await listHomePage(deps.database.db, page, chrome.settings.postsPerPage);
    c.set('pageKeys', [POST_PAGES]);
    return renderPage(c, <HomePage {...chrome} {...list} />);
  };
  app.get('/', (c) => home(c, undefined));
  app.get('/page/:page/', (c) => home(c, c.req.param('page')));
  return app;
}
