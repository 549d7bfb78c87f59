#!/usr/bin/env node
// Bundles the server (src/main.ts) into dist/main.js, so that `npm start` runs plain JavaScript:
// no TypeScript loader to start, no loader-hooks thread, no transforms at run time. `npm start`
// runs it every time, so dist/ is never older than the sources: it rebuilds (0.6 s on a quiet
// machine, over a second on a busy one) only when a file that went into the bundle has changed
// since, which it checks by content in a few tens of milliseconds. `--force` rebuilds anyway.
//
// The packages are bundled too. Left as imports, Node resolved and read the files of
// node_modules at every start (Kysely alone 263, 690 in all): half a second of a 1.3 s cold start.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'main.js');
/** Which files the bundle was made from, and a digest of their contents then. */
const INPUTS = join(ROOT, 'dist', 'inputs.json');

/**
 * Left as imports: native addons (sharp among them), which find their compiled files next to their own code, and
 * pg, which storage/dialect/postgres.ts loads only when the site runs on PostgreSQL.
 */
const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'pg', 'sharp'];

/** A digest of these files' names and contents; throws if one is gone. */
function digestOf(files) {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}

function isUpToDate() {
  if (!existsSync(BUNDLE) || !existsSync(INPUTS)) return false;
  try {
    const { files, digest } = JSON.parse(readFileSync(INPUTS, 'utf8'));
    return digestOf(files) === digest;
  } catch {
    return false;
  }
}

if (process.argv.includes('--force') || !isUpToDate()) {
  const result = await bundle();
  // The build script and package.json count as inputs too: a change to how the bundle is made.
  const files = [...Object.keys(result.metafile.inputs), 'scripts/build.js', 'package.json'];
  writeFileSync(INPUTS, `${JSON.stringify({ files, digest: digestOf(files) })}\n`);
}

async function bundle() {
  // Loaded only when there is something to build.
  const { build } = await import('esbuild');
  return build({
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
    metafile: true,
    logLevel: 'warning',
  });
}
