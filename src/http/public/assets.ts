import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

const STYLESHEET = readFileSync(new URL('../../views/assets/site.css', import.meta.url));
/** The content hash in the file name lets browsers keep the stylesheet forever: a new one gets a new name. */
const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
const STYLESHEET_PATH = `/assets/site-${STYLESHEET_HASH}.css`;

export function stylesheetPath(): string {
  return STYLESHEET_PATH;
}

export function assetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(STYLESHEET_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(STYLESHEET);
  });
  return app;
}
