import { Hono, type Context } from 'hono';
import { MAX_PAGE_DEPTH, pageKey } from '../../domain/pages.ts';
import { isValidSlug } from '../../domain/slugs.ts';
import { findPublicPage } from '../../services/pages.ts';
import { NotFoundPage } from '../../views/pages/not-found-page.tsx';
import { StaticPage } from '../../views/pages/static-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { pageChrome, renderPage } from '../render.ts';
import { notFound } from './not-found.tsx';

/** The path of a page from a request's path ("/about/team/" → "about/team"), or undefined when it cannot name one. */
function pagePathOf(requestPath: string): string | undefined {
  if (!requestPath.startsWith('/') || !requestPath.endsWith('/') || requestPath.length < 3) return undefined;
  const segments = requestPath.slice(1, -1).split('/');
  if (segments.length > MAX_PAGE_DEPTH) return undefined;
  const slugs: string[] = [];
  for (const segment of segments) {
    let slug: string;
    try {
      slug = decodeURIComponent(segment).normalize('NFC');
    } catch {
      return undefined;
    }
    if (!isValidSlug(slug)) return undefined;
    slugs.push(slug);
  }
  return slugs.join('/');
}

/**
 * Static pages at /<slug>/ and /<parent>/<child>/, asked last: every address the site answers
 * itself is matched before, and page slugs may not take their first segments. A page that moved
 * answers at its old address with a 301; a deleted page's addresses answer 410 Gone.
 */
export function staticPageRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const show = async (c: Context<AppEnv>) => {
    const path = pagePathOf(new URL(c.req.url).pathname);
    if (path === undefined) return notFound(c, deps);
    const [found, chrome] = await Promise.all([findPublicPage(deps.database.db, path), pageChrome(deps)]);
    if (!found) return notFound(c, deps);
    if (found.kind === 'moved') return c.redirect(found.location, 301);
    // A deleted page is gone for good: search engines drop it, and nothing redirects to nowhere.
    if (found.kind === 'gone') return renderPage(c, <NotFoundPage {...chrome} />, 410);
    c.set('pageKeys', [pageKey(found.page.id), ...found.parents.map((p) => pageKey(p.id))]);
    return renderPage(c, <StaticPage {...chrome} page={found.page} parents={found.parents.map((p) => ({ title: p.title, path: p.path }))} />);
  };
  app.get('*', show);
  return app;
}
