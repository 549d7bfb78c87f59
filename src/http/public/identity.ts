import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { FAVICON_ICO_SIZES } from '../../domain/identity.ts';
import { findSiteImageFile, loadSiteIdentity, loadSiteLook, type SiteImageRef } from '../../services/identity.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import type { Executor } from '../../storage/db.ts';
import type { SiteLook } from '../../views/layout.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { messagesFor } from '../../i18n/messages.ts';

/** Files whose name carries their content's hash never change: browsers keep them for good. */
const FOREVER = 'public, max-age=31536000, immutable';
/** Files at fixed addresses (favicon.ico, the manifest): asked again each time, answered 304 while unchanged. */
const REVALIDATE = 'no-cache';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/x-icon': 'ico' };

/** The address of a stored image: its name and content hash, so a new one gets a new address. */
export function siteImagePath(image: SiteImageRef): string {
  return `/site/${image.name}-${image.hash}.${EXTENSIONS[image.contentType] ?? 'bin'}`;
}

/**
 * The stylesheet of the accent colour: a band above the masthead, the buttons (white text on
 * the colour), and the colour of labels and kickers on the light page, which it was checked
 * against; in dark mode those keep site.css's own, made for a dark page.
 */
function themeStylesheet(accent: string): string {
  return [
    `.masthead{border-top:0.375rem solid ${accent}}`,
    `.site-search button{background:${accent};border-color:${accent};color:#fff}`,
    `@media not all and (prefers-color-scheme:dark){:root{--accent:${accent}}}`,
    '',
  ].join('\n');
}

function themePath(accent: string): string {
  return `/site/theme-${createHash('sha256').update(themeStylesheet(accent)).digest('hex').slice(0, 16)}.css`;
}

/** What every page shows of the site's identity: its logo, icons, accent colour, footer and profiles. */
export async function siteLook(db: Executor): Promise<SiteLook> {
  const { identity, images } = await loadSiteLook(db);
  const byName = new Map(images.map((i) => [i.name, i]));
  const logo = byName.get('logo');
  const icons: SiteLook['icons'] = [];
  const favicon = byName.get('favicon');
  if (favicon) icons.push({ rel: 'icon', href: siteImagePath(favicon), sizes: FAVICON_ICO_SIZES.map((s) => `${s}x${s}`).join(' '), type: 'image/x-icon' });
  for (const size of [32, 16, 192]) {
    const icon = byName.get(`icon-${size}`);
    if (icon) icons.push({ rel: 'icon', href: siteImagePath(icon), sizes: `${size}x${size}`, type: 'image/png' });
  }
  const touch = byName.get('icon-180');
  if (touch) icons.push({ rel: 'apple-touch-icon', href: siteImagePath(touch), sizes: '180x180', type: 'image/png' });
  return {
    logo: logo ? { src: siteImagePath(logo), width: logo.width, height: logo.height } : undefined,
    icons,
    themeStylesheet: identity.accentColor ? themePath(identity.accentColor) : undefined,
    themeColor: identity.accentColor ?? undefined,
    footerText: identity.footerText,
    socialLinks: identity.socialLinks,
  };
}

function etagOf(bytes: Buffer | string): string {
  return `"${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}"`;
}

/** Answers 304 when the browser's copy is current. */
function send(c: Context<AppEnv>, bytes: Buffer | string, type: string, cacheControl: string): Response {
  const etag = etagOf(bytes);
  c.header('Cache-Control', cacheControl);
  c.header('ETag', etag);
  c.header('Content-Type', type);
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  return c.body(typeof bytes === 'string' ? bytes : new Uint8Array(bytes));
}

/**
 * The site's logo and icons at /site/NAME-HASH.EXT, its accent colour at /site/theme-HASH.css,
 * /favicon.ico (where browsers look without being told), and the web app manifest.
 */
export function identityRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.database.db;

  app.get('/site/:file{[a-z0-9-]+\\.(?:png|ico|css)}', async (c) => {
    const m = /^([a-z0-9-]+)-([0-9a-f]{16})\.(png|ico|css)$/.exec(c.req.param('file'));
    if (!m) return c.notFound();
    const [, name, hash, extension] = m as unknown as [string, string, string, string];
    if (name === 'theme' && extension === 'css') {
      const { accentColor } = await loadSiteIdentity(db);
      if (!accentColor || themePath(accentColor) !== `/site/theme-${hash}.css`) return c.notFound();
      return send(c, themeStylesheet(accentColor), 'text/css; charset=utf-8', FOREVER);
    }
    const image = await findSiteImageFile(db, name);
    if (!image || image.hash !== hash || EXTENSIONS[image.contentType] !== extension) return c.notFound();
    c.header('X-Content-Type-Options', 'nosniff');
    return send(c, image.data, image.contentType, FOREVER);
  });

  app.get('/favicon.ico', async (c) => {
    const image = await findSiteImageFile(db, 'favicon');
    if (!image) return c.notFound();
    return send(c, image.data, image.contentType, REVALIDATE);
  });

  app.get('/manifest.webmanifest', async (c) => {
    const settings = await loadSiteSettings(db);
    const look = await siteLook(db);
    const { images } = await loadSiteLook(db);
    const icons = images
      .filter((i) => i.name === 'icon-192' || i.name === 'icon-512')
      .map((i) => ({ src: siteImagePath(i), sizes: `${i.width}x${i.height}`, type: i.contentType, purpose: 'any' }));
    const manifest = {
      name: settings.title,
      short_name: [...settings.title].length <= 12 ? settings.title : [...settings.title].slice(0, 12).join('').trim(),
      description: settings.tagline,
      lang: settings.language,
      dir: messagesFor(settings.language).direction,
      start_url: '/',
      scope: '/',
      display: 'browser',
      background_color: '#fdfcfa',
      ...(look.themeColor ? { theme_color: look.themeColor } : {}),
      icons,
    };
    return send(c, JSON.stringify(manifest), 'application/manifest+json; charset=utf-8', REVALIDATE);
  });

  return app;
}
