import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { libraryIdOf, parseVariantPath, variantPath, variantWidths, type VariantFormat } from '../../domain/media.ts';
import { findLibraryImage } from '../../services/media.ts';
import { MediaBusyError, MediaVariants } from '../../services/media-variants.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { RETRY_AFTER_SECONDS } from '../errors.tsx';

const CONTENT_TYPES: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

/** Width a library address (/media/12/) sends a browser to: wide enough for an article's column at twice the density. */
const LIBRARY_ADDRESS_WIDTH = 1280;

/** The media of an app built without any (tests of other features): a folder under the system's temporary one, made when first written. */
export function defaultMedia(): MediaVariants {
  return new MediaVariants({
    cacheDir: join(tmpdir(), `wirepress-media-${process.pid}`),
    cacheMaxBytes: 256 * 1024 * 1024,
    maxUploadBytes: 25 * 1024 * 1024,
    keepCredits: false,
  });
}

/**
 * Images as readers get them: /media/12-3f9a0c1d2e4b/800.webp, made from the original on first
 * request on this node and kept in its folder. The address names what it was made from, so the
 * answer never changes and browsers and proxies keep it for a year; an address whose version is
 * not the image's current one is a 404. The original itself is never served.
 */
export function mediaRoutes(deps: AppDeps, media: MediaVariants): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.database.db;

  app.get('/media/:id/', async (c) => {
    const id = libraryIdOf(c.req.path);
    const item = id === undefined ? undefined : await findLibraryImage(db, id);
    if (!item) return c.notFound();
    const width =
      variantWidths(item.width)
        .filter((w) => w <= LIBRARY_ADDRESS_WIDTH)
        .at(-1) ?? item.width;
    c.header('Cache-Control', 'public, max-age=300');
    return c.redirect(variantPath(item, width, 'jpeg'), 302);
  });

  app.get('/media/:name/:file', async (c) => {
    const wanted = parseVariantPath(c.req.path);
    if (!wanted) return c.notFound();
    const item = await findLibraryImage(db, wanted.id);
    if (!item || item.version !== wanted.version) return c.notFound();
    const spec = 'share' in wanted.kind ? { share: true as const } : wanted.kind;
    if (!MediaVariants.offers(item, spec)) return c.notFound();
    let bytes: Buffer | undefined;
    try {
      bytes = await media.variant(db, item, spec);
    } catch (error) {
      if (!(error instanceof MediaBusyError)) throw error;
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      c.header('Cache-Control', 'no-store');
      return c.text('Busy making images; try again in a moment.', 503);
    }
    if (!bytes) return c.notFound();
    c.header('Content-Type', 'share' in spec ? 'image/jpeg' : CONTENT_TYPES[spec.format]);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(new Uint8Array(bytes));
  });

  return app;
}
