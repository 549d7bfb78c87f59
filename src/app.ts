import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './http/app-env.ts';
import { adminRoutes } from './http/admin/admin-routes.ts';
import { handleErrors } from './http/errors.tsx';
import { healthRoutes } from './http/health.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { sameOriginPosts } from './http/middleware/same-origin.ts';
import { securityHeadersMiddleware } from './http/security-headers.ts';
import { trailingSlash } from './http/middleware/trailing-slash.ts';
import { archiveRoutes } from './http/public/archives.tsx';
import { assetRoutes } from './http/public/assets.ts';
import { identityRoutes } from './http/public/identity.ts';
import { feedRoutes } from './http/public/feeds.ts';
import { homeRoutes } from './http/public/home.tsx';
import { defaultMedia, mediaRoutes } from './http/public/media.ts';
import { notFound } from './http/public/not-found.tsx';
import { postRoutes } from './http/public/posts.tsx';
import { discoveryLink } from './http/rest/discovery-link.ts';
import { restRoutes } from './http/rest/rest-routes.ts';
import { sitemapRoutes } from './http/public/sitemaps.ts';
import { sourceRoutes } from './http/public/sources.tsx';
import { staticPageRoutes } from './http/public/static-pages.tsx';
import { subscriptionRoutes } from './http/public/subscriptions.tsx';

/** Methods the site answers; anything else gets 405 rather than a page. */
const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];
/** The REST API also updates and deletes, with WordPress's methods. */
const REST_METHODS = [...ALLOWED_METHODS, 'PUT', 'PATCH', 'DELETE'];

function isRestRequest(path: string, url: string): boolean {
  return path === '/wp-json' || path.startsWith('/wp-json/') || (path === '/' && url.includes('rest_route='));
}

export type { AppDeps } from './http/app-env.ts';
export { createPageCache } from './http/page-cache.ts';
export { startHttpServer } from './http/server.ts';

export function buildApp(deps: AppDeps): Hono<AppEnv> {
  deps.media ??= defaultMedia();
  const app = new Hono<AppEnv>();
  app.use(requestLog(deps.logger));
  app.use(securityHeadersMiddleware(() => deps.siteUrl));
  app.use(async (c, next) => {
    const allowed = isRestRequest(c.req.path, c.req.url) ? REST_METHODS : ALLOWED_METHODS;
    if (!allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return c.text('Method Not Allowed', 405);
    }
    return next();
  });
  app.use(sameOriginPosts(deps.siteUrl));
  app.route('/', healthRoutes(deps));
  app.use(trailingSlash());
  if (deps.pageCache) app.use(deps.pageCache.middleware);
  app.use(discoveryLink(() => deps.siteUrl));
  app.route('/', restRoutes(deps));
  app.route('/', assetRoutes());
  app.route('/', mediaRoutes(deps, deps.media));
  app.route('/', identityRoutes(deps));
  app.route('/', homeRoutes(deps));
  app.route('/', postRoutes(deps));
  app.route('/', sourceRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.route('/', sitemapRoutes(deps));
  app.route('/', subscriptionRoutes(deps));
  app.route('/', archiveRoutes(deps));
  app.route('/', adminRoutes(deps));
  // Last: a page may be at any address the site does not answer itself.
  app.route('/', staticPageRoutes(deps));
  app.notFound((c) => notFound(c, deps));
  app.onError(handleErrors(deps));
  return app;
}
