// The site a benchmark runs against: a fresh SQLite file or a throwaway PostgreSQL cluster,
// optionally filled by the data generator first, and the app started on it.
import { execFileSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster } from '../scripts/postgres-cluster.js';
import { runSeedBig } from '../src/cli/seed-big.ts';
import { freePort, startServer, type ServerProcess } from './processes.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Node flags of `npm start` in package.json; keep the two the same. */
const START_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size=256'];
/** Building the bundle takes about a second; a busy machine may need more. */
const BUILD_TIMEOUT_MS = 60_000;
const APP_START_TIMEOUT_MS = 60_000;

export type Backend = 'sqlite' | 'postgres';

export interface SiteOptions {
  readonly backend: Backend;
  /** Generated posts and comments; 0 posts: the demo content only, as a first start makes it. */
  readonly seedPosts: number;
  readonly seedComments: number;
  readonly demoComments: number;
}

export interface Site {
  readonly databaseUrl: string;
  /** A scratch folder for the run, removed with the site. */
  readonly dir: string;
  readonly describe: string;
  /** How long the generator took, when it ran. */
  readonly seedSeconds: number | undefined;
  /** Removes the database (and stops its server); safe to call twice. */
  cleanUp(): Promise<void>;
}

/** A new database for the run, filled by the generator when asked; cleaned up on exit too. */
export async function prepareSite(options: SiteOptions): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-bench-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  let databaseUrl = `file:${join(dir, 'site.db')}`;
  let stopCluster = async (): Promise<void> => {};
  let describe = 'SQLite';
  if (options.backend === 'postgres') {
    process.stderr.write('starting a temporary PostgreSQL cluster\n');
    const cluster = await startPostgresCluster();
    databaseUrl = cluster.url;
    stopCluster = () => cluster.stop();
    describe = `PostgreSQL ${cluster.version}`;
  }
  const site = {
    databaseUrl,
    dir,
    cleanUp: async () => {
      await stopCluster();
      removeDir();
    },
  };
  if (options.seedPosts === 0) return { ...site, describe: `${describe}, demo content`, seedSeconds: undefined };

  const started = performance.now();
  const args = [
    '--posts',
    String(options.seedPosts),
    '--comments',
    String(options.seedComments),
    '--demo-comments',
    String(options.demoComments),
    '--database-url',
    databaseUrl,
  ];
  const code = await runSeedBig(args, {}, { out: (text) => process.stderr.write(text), err: (text) => process.stderr.write(text) });
  if (code !== 0) {
    await site.cleanUp();
    throw new Error(`the data generator failed (exit code ${code})`);
  }
  return {
    ...site,
    describe: `${describe}, ${options.seedPosts.toLocaleString('en')} generated posts, ${options.seedComments.toLocaleString('en')} comments (+${options.demoComments} on the demo article)`,
    seedSeconds: (performance.now() - started) / 1000,
  };
}

/** The log level the app runs with when none is asked for: the default of its configuration (src/config.ts). */
export const DEFAULT_APP_LOG_LEVEL = 'info';

export interface AppOptions {
  readonly databaseUrl: string;
  readonly logLevel: string;
  /** Where the app's standard output (its log) goes: appended to this file, as an operator's `>> site.log`. */
  readonly logFile: string;
  readonly cpuProfDir?: string | undefined;
}

/**
 * The app gets a port chosen here and is ready when it answers HTTP on that port, so readiness
 * does not depend on what its log level lets through. Its log goes to a file, so the cost of
 * writing it is measured and the lines it wrote can be counted.
 */
export async function startApp(options: AppOptions): Promise<ServerProcess> {
  const port = await freePort();
  // What `npm start` runs: the bundle, built first if the sources changed, with the same Node flags.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: BUILD_TIMEOUT_MS });
  const profile = options.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(options.cpuProfDir)];
  const logFd = openSync(options.logFile, 'a');
  try {
    return await startServer({
      name: 'app',
      args: [...profile, ...START_NODE_FLAGS, 'dist/main.js'],
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        LOG_LEVEL: options.logLevel,
        // One process, like the floor, so the two compare core for core and RSS is the whole app.
        WEB_CONCURRENCY: '1',
        // As `npm start` sets it (package.json): glibc's malloc keeps two arenas instead of one per thread.
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        // Every simulated reader posts from 127.0.0.1: flood control and the hourly limits per
        // address and network are lifted for the run, as the operator of a load test would.
        // The cap on idle connections per address stays at its default: connections being
        // answered do not count against it.
        COMMENT_FLOOD_SECONDS: '0',
        COMMENT_LIMIT_PER_ADDRESS: '0',
        COMMENT_LIMIT_PER_NETWORK: '0',
      },
      timeoutMs: APP_START_TIMEOUT_MS,
      ready: { announce: false, pollUrl: `http://127.0.0.1:${port}/` },
      stdoutFd: logFd,
    });
  } finally {
    // The child has its own copy of the descriptor.
    closeSync(logFd);
  }
}

/** Lines in the app's log file so far, which is then emptied so a long run does not fill the disk. */
export async function takeLogLines(logFile: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(logFile)) {
    const bytes = chunk as Buffer;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  }
  // The app appends (O_APPEND), so its next line goes to the start of the emptied file.
  truncateSync(logFile, 0);
  return lines;
}
