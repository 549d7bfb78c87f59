import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Pages live at addresses ending in "/", as in WordPress; "/source/iz" moves to "/source/iz/" so old links keep working. */
export function trailingSlash(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    const last = path.slice(path.lastIndexOf('/') + 1);
    // A path starting with two slashes would redirect to another host.
    if (last === '' || last.includes('.') || path.startsWith('//')) return next();
    // The REST API's routes are named without one, as in WordPress, and answer either way.
    if (path === '/wp-json' || path.startsWith('/wp-json/')) return next();
    const url = new URL(c.req.url);
    return c.redirect(`${url.pathname}/${url.search}`, 301);
  };
}
