import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * The folder of stylesheets and scripts. This module runs from src/http/public/ (through tsx, in
 * tests) or bundled into dist/main.js (`npm start`, see scripts/build.js); both sit in the
 * repository, so the files are read from src/views/assets/ in either place, never copied.
 */
const ASSETS_DIR = [new URL('../../views/assets/', import.meta.url), new URL('../src/views/assets/', import.meta.url)].find((dir) =>
  existsSync(new URL('site.css', dir)),
);
if (!ASSETS_DIR) throw new Error(`cannot find src/views/assets/ from ${import.meta.url}`);

/**
 * A stylesheet served under a name that carries its content hash, so browsers keep it forever:
 * a changed file gets a new name.
 */
function hashedStylesheet(file: string): { path: string; bytes: Buffer } {
  const bytes = readFileSync(new URL(`${file}.css`, ASSETS_DIR));
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return { path: `/assets/${file}-${hash}.css`, bytes };
}

const SITE = hashedStylesheet('site');
const ADMIN = hashedStylesheet('admin');

/** An optional script, hashed and cached like the stylesheets. */
function hashedScript(file: string): { path: string; bytes: Buffer } {
  const bytes = readFileSync(new URL(`${file}.js`, ASSETS_DIR));
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return { path: `/assets/${file}-${hash}.js`, bytes };
}

/** The post editor's preview as you type. */
const EDITOR_SCRIPT = hashedScript('editor');
/** The identity page's accent sample, redrawn as the colour changes. */
const IDENTITY_SCRIPT = hashedScript('identity');

export function editorScriptPath(): string {
  return EDITOR_SCRIPT.path;
}

export function identityScriptPath(): string {
  return IDENTITY_SCRIPT.path;
}

export function stylesheetPath(): string {
  return SITE.path;
}

/** The admin's pages use the site's stylesheet and this one after it. */
export function adminStylesheetPath(): string {
  return ADMIN.path;
}

export function assetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const sheet of [SITE, ADMIN]) {
    app.get(sheet.path, (c) => {
      c.header('Content-Type', 'text/css; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return c.body(new Uint8Array(sheet.bytes));
    });
  }
  for (const script of [EDITOR_SCRIPT, IDENTITY_SCRIPT]) {
    app.get(script.path, (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return c.body(new Uint8Array(script.bytes));
    });
  }
  return app;
}
