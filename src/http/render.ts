import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { loadSiteSettings } from '../services/settings.ts';
import { DEFAULT_SITE_SETTINGS } from '../domain/settings.ts';
import type { PageChrome } from '../views/pages/page-props.ts';
import type { AppDeps } from './app-env.ts';
import { stylesheetPath } from './public/assets.ts';

/** The parts of every page that do not depend on the route: site name, stylesheet, today's date. */
export async function pageChrome(deps: AppDeps): Promise<PageChrome & { settings: Awaited<ReturnType<typeof loadSiteSettings>> }> {
  const settings = await loadSiteSettings(deps.database.db);
  return { site: settings, settings, stylesheet: stylesheetPath(), now: (deps.now ?? (() => new Date()))() };
}

/** Chrome that needs no database, for error pages (the database may be why we are here). */
export function fallbackChrome(): PageChrome {
  return { site: DEFAULT_SITE_SETTINGS, stylesheet: stylesheetPath(), now: new Date() };
}

export async function renderPage(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  const body = `<!DOCTYPE html>${await page.toString()}`;
  return c.html(body, status);
}
