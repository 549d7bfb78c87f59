#!/usr/bin/env node
// Bundles the server (src/main.ts) into dist/main.js, so that `npm start` runs plain JavaScript:
// no TypeScript loader to start, no loader-hooks thread, no transforms at run time. Takes about
// a second; `npm start` runs it every time, so dist/ can never be older than the sources.
//
// The packages are bundled too. Left as imports, Node resolved and read the files of
// node_modules at every start (Kysely alone 263, 690 in all): half a second of a 1.3 s cold start.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Left as imports: native addons, which find their compiled files next to their own code, and
 * pg, which storage/dialect/postgres.ts loads only when the site runs on PostgreSQL.
 */
const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'pg'];

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  // Mappings only: stack traces (npm start runs with --enable-source-maps) name the TypeScript
  // files and lines, which are in src/. With the sources inside, the map held 18 MB more in memory.
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
