import type { Context } from 'hono';
import { NotFoundPage } from '../../views/pages/not-found-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { fallbackChrome, pageChrome, renderPage } from '../render.ts';
import { redirectLegacy } from './legacy.ts';

/** The 404 page; first, an address the site had before it moved from WordPress is sent on to where its content lives now. */
export async function notFound(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  const moved = await redirectLegacy(c, deps).catch(() => undefined);
  if (moved) return moved;
  const chrome = await pageChrome(deps).catch(() => fallbackChrome());
  return renderPage(c, <NotFoundPage {...chrome} />, 404);
}
