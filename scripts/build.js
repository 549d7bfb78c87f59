#!/usr/bin/env node
// Bundles the server (src/main.ts) into dist/main.js, so that `npm start` runs plain JavaScript:
// no TypeScript loader to start, no loader-hooks thread, no transforms at run time. Packages in
// node_modules stay ordinary imports. Takes about a second; `npm start` runs it every time, so
// dist/ can never be older than the sources it serves.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: true,
  logLevel: 'warning',
});
