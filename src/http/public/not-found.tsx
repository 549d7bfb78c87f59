import type { Context } from 'hono';
import { NotFoundPage } from '../../views/pages/not-found-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { fallbackChrome, pageChrome, renderPage } from '../render.ts';

export async function notFound(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  const chrome = await pageChrome(deps).catch(() => fallbackChrome());
  return renderPage(c, <NotFoundPage {...chrome} />, 404);
}
