import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { loadMenus } from '../services/menus.ts';
import { loadSiteSettings } from '../services/settings.ts';
import { DEFAULT_SITE_SETTINGS } from '../domain/settings.ts';
import { pageLocale } from '../views/format.ts';
import type { PageChrome } from '../views/pages/page-props.ts';
import type { AppDeps } from './app-env.ts';
import { stylesheetPath } from './public/assets.ts';
import { siteLook } from './public/identity.ts';

/** The parts of every page that do not depend on the route: site name, menus, stylesheet, today's date, the site's language. */
export async function pageChrome(deps: AppDeps): Promise<PageChrome & { settings: Awaited<ReturnType<typeof loadSiteSettings>> }> {
  const [settings, menus, look] = await Promise.all([loadSiteSettings(deps.database.db), loadMenus(deps.database.db), siteLook(deps.database.db)]);
  return {
    site: { ...settings, look },
    settings,
    menus,
    stylesheet: stylesheetPath(),
    now: (deps.now ?? (() => new Date()))(),
    i18n: pageLocale(settings.language, settings.timezone),
  };
}

/** Chrome that needs no database, for error pages (the database may be why we are here): the defaults, in English. */
export function fallbackChrome(): PageChrome {
  const d = DEFAULT_SITE_SETTINGS;
  return { site: d, stylesheet: stylesheetPath(), now: new Date(), i18n: pageLocale(d.language, d.timezone) };
}

/**
 * The page as UTF-8 bytes, encoded once: handed a string, the server would measure its encoded
 * length for Content-Length and then encode it again to send it (both slow for the curly quotes
 * of news copy, on pages of 100 KB with their comments).
 */
export async function renderPage(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  const body = Buffer.from(`<!DOCTYPE html>${await page.toString()}`);
  return c.body(body as Uint8Array<ArrayBuffer>, status, { 'Content-Type': 'text/html; charset=UTF-8' });
}
