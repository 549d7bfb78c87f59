// Benchmark: the app against a "floor" server that returns the same bytes
// from memory, under the same load, one target page at a time; optionally a
// comment flood and a long run that watches memory.
//
//   npm run bench -- [--duration 10] [--rounds 3] [--connections 32] [--targets home,article,archive,rest,search]
//                    [--log-level info] [--json out.json]
//                    [--database sqlite|postgres] [--seed-posts N [--seed-comments M] [--demo-comments K]]
//                    [--comments-flood [--flood-clients 64] [--flood-readers new|known|spam]] [--memory [--memory-duration 300]] [--skip-pages]
//                    [--cpu-prof DIR]
//   npm run bench -- --help
//   npm run bench -- --import [--posts N] [--comments M]   (the WordPress import: bench/import.ts)
//   npm run bench -- --mail [--messages N]                 (the outbox's delivery: bench/mail.ts)
//
// The app runs as configured by default: LOG_LEVEL=info (a line per request), written to a file
// in the run's scratch folder whose lines are counted after each run, so the report shows the
// log was written; --log-level warn measures without request lines. --database postgres runs
// everything on a throwaway PostgreSQL cluster (scripts/postgres-cluster.js), removed after.
// --targets measures only the named pages (cached pages: home,article,archive,rest); PAGE_CACHE_MB=0 measures them uncached.
// --seed-posts fills the site with the data generator first (npm run seed:big).
// --flood-readers spam: bots posting pharmacy spam with the hidden field filled, sent to spam;
// --flood-readers new: first-time commenters, whose comments are held for moderation;
// known: readers with approved comments on a generated site, whose comments go live at once
// (each one then changes the article page, so its cached copy is dropped every time).
// --cpu-prof DIR runs the app under `node --cpu-prof` and leaves its profile in DIR (open it in
// Chrome's DevTools, Performance tab).
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFlood, type FloodResult } from './flood.ts';
import { runImportBench } from './import.ts';
import { runMailBench } from './mail.ts';
import type { FloorEntry } from './floor.ts';
import { pickLoadGenerator, type LoadSettings } from './load.ts';
import { runMemory, type MemoryResult } from './memory.ts';
import { killAllNow, readCpuSeconds, readMemory, startServer, stopServer, withTimeout, type ServerProcess } from './processes.ts';
import { describeMachine, renderMarkdown, type Report, type Row } from './report.ts';
import { DEFAULT_APP_LOG_LEVEL, prepareSite, ROOT, startApp, takeLogLines, type Backend, type Site } from './site.ts';

const ARTICLE_PATH = '/2022/02/15/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/';
interface Target {
  readonly name: string;
  readonly path: string;
}
const TARGETS: readonly Target[] = [
  { name: 'home', path: '/' },
  { name: 'article', path: ARTICLE_PATH },
  // The demo article's category; on a generated site it holds about 15% of all posts.
  { name: 'archive', path: '/category/world/' },
  // What WordPress REST clients read most: the newest posts, as JSON (cached by path and query string).
  { name: 'rest', path: '/wp-json/wp/v2/posts?per_page=10' },
];
/** Measured only when the site has search (a results page that is not the home page). */
const SEARCH_TARGET: Target = { name: 'search', path: '/?s=nato' };
const USAGE = `Usage: npm run bench -- [options]
  --duration S          seconds measured per run (10)
  --rounds N            turns the app and the floor take at each target; each shows its median (3)
  --connections N       concurrent connections of the load generator (32)
  --targets LIST        pages measured, of ${[...TARGETS, SEARCH_TARGET].map((t) => t.name).join(',')} (all; search where the site has it)
  --log-level LEVEL     the app's LOG_LEVEL (${DEFAULT_APP_LOG_LEVEL}, its default: a line per request, to a file)
  --json FILE           raw results as JSON too
  --database sqlite|postgres
  --seed-posts N        a generated site (--seed-comments M, --demo-comments K)
  --comments-flood      a comment flood while the article is read (--flood-clients N, --flood-readers new|known|spam)
  --memory              a long run watching memory (--memory-duration S)
  --skip-pages          no page measurements (with --comments-flood or --memory)
  --cpu-prof DIR        the app under node --cpu-prof, its profile left in DIR
`;
const WARMUP_SECONDS = 2;
const FLOOR_START_TIMEOUT_MS = 15_000;
const FETCH_TIMEOUT_MS = 10_000;
/** The uncached target is the demo article with 100 approved comments. */
const DEFAULT_DEMO_COMMENTS = 100;
/** Comments per generated post when only --seed-posts is given: 100,000 posts get 1,000,000. */
const DEFAULT_COMMENTS_PER_POST = 10;
/** Submissions per second no site will reach; bounds the flood by count as well as time. */
const FLOOD_MAX_RATE = 20_000;
/** Generating a site: a minute, plus about what a busy machine needs per 1,000 posts and 10,000 comments. */
const seedBudgetMs = (posts: number, comments: number): number => 60_000 + posts * 5 + comments * 0.5;

interface Options extends LoadSettings {
  /** Turns the app and the floor take at each target; each reports its median. */
  readonly rounds: number;
  readonly logLevel: string;
  /** Names of the targets to measure; search only where the site has it. */
  readonly targets: readonly string[];
  readonly json: string | undefined;
  readonly backend: Backend;
  readonly seedPosts: number;
  readonly seedComments: number;
  readonly demoComments: number;
  readonly pages: boolean;
  readonly flood: boolean;
  readonly floodClients: number;
  readonly floodReaders: 'new' | 'known' | 'spam';
  readonly memory: boolean;
  readonly memoryDuration: number;
  readonly cpuProfDir: string | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      'log-level': { type: 'string', default: DEFAULT_APP_LOG_LEVEL },
      targets: { type: 'string', default: [...TARGETS, SEARCH_TARGET].map((t) => t.name).join(',') },
      help: { type: 'boolean', default: false },
      json: { type: 'string' },
      database: { type: 'string', default: 'sqlite' },
      'seed-posts': { type: 'string', default: '0' },
      'seed-comments': { type: 'string' },
      'demo-comments': { type: 'string', default: String(DEFAULT_DEMO_COMMENTS) },
      'skip-pages': { type: 'boolean', default: false },
      'comments-flood': { type: 'boolean', default: false },
      'flood-clients': { type: 'string', default: '64' },
      'flood-readers': { type: 'string', default: 'new' },
      memory: { type: 'boolean', default: false },
      'memory-duration': { type: 'string', default: '300' },
      'cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const known = [...TARGETS, SEARCH_TARGET].map((t) => t.name);
  const targets = values.targets.split(',').filter((name) => name !== '');
  for (const name of targets) if (!known.includes(name)) throw new Error(`--targets takes ${known.join(', ')}; got "${name}"`);
  if (targets.length === 0) throw new Error('--targets names no target');
  if (!['debug', 'info', 'warn', 'error'].includes(values['log-level']))
    throw new Error(`--log-level must be debug, info, warn or error, got "${values['log-level']}"`);
  const whole = (flag: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${flag} must be a whole number of at least ${min}, got "${raw}"`);
    return n;
  };
  if (values.database !== 'sqlite' && values.database !== 'postgres') throw new Error(`--database must be sqlite or postgres, got "${values.database}"`);
  const seedPosts = whole('seed-posts', values['seed-posts'], 0);
  const floodReaders = values['flood-readers'];
  if (floodReaders !== 'new' && floodReaders !== 'known' && floodReaders !== 'spam')
    throw new Error(`--flood-readers must be new, known or spam, got "${floodReaders}"`);
  if (values['seed-comments'] !== undefined && seedPosts === 0) throw new Error('--seed-comments needs --seed-posts');
  const options: Options = {
    duration: whole('duration', values.duration, 1),
    rounds: whole('rounds', values.rounds, 1),
    connections: whole('connections', values.connections, 1),
    logLevel: values['log-level'],
    targets,
    json: values.json,
    backend: values.database,
    seedPosts,
    seedComments: values['seed-comments'] === undefined ? seedPosts * DEFAULT_COMMENTS_PER_POST : whole('seed-comments', values['seed-comments'], 0),
    demoComments: whole('demo-comments', values['demo-comments'], 0),
    pages: !values['skip-pages'],
    flood: values['comments-flood'],
    floodClients: whole('flood-clients', values['flood-clients'], 1),
    floodReaders,
    memory: values.memory,
    memoryDuration: whole('memory-duration', values['memory-duration'], 10),
    cpuProfDir: values['cpu-prof'],
  };
  if (options.floodReaders === 'known' && options.seedComments === 0)
    throw new Error('--flood-readers known needs a generated site with comments (--seed-posts)');
  if (!options.pages && !options.flood && !options.memory) throw new Error('--skip-pages leaves nothing to measure: add --comments-flood or --memory');
  return options;
}

interface Capture {
  /** Response headers as [name, value, …], without those node:http adds to every response. */
  readonly headers: readonly string[];
  readonly body: Buffer;
}

/** Headers node:http writes itself, for the app and the floor alike. */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** One GET without Accept-Encoding, exactly as the load generators ask. */
function capture(url: string): Promise<Capture> {
  const request = new Promise<Capture>((resolvePage, reject) => {
    const req = get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) {
          const where = res.headers.location ? ` -> ${res.headers.location}` : '';
          reject(new Error(`GET ${url} answered ${res.statusCode ?? '?'}${where}; expected 200`));
          return;
        }
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers.push(name, res.rawHeaders[i + 1]!);
        }
        resolvePage({ headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
  });
  return withTimeout(request, FETCH_TIMEOUT_MS, `GET ${url} timed out`);
}

/** Whether the site answers a search with a page of its own, not a 404 or the home page again. */
async function hasSearch(appUrl: string, home: Capture): Promise<boolean> {
  try {
    const results = await capture(appUrl + SEARCH_TARGET.path);
    return !results.body.equals(home.body);
  } catch {
    return false;
  }
}

interface PageRun {
  readonly rows: Row[];
  readonly pages: Map<string, Capture>;
  readonly targets: readonly Target[];
  readonly skipped: string[];
  /** Requests the load generator had answered by the app (warm-ups included), and the log lines it wrote meanwhile. */
  readonly appRequests: number;
  readonly logLines: number;
}

/** Each target on the app, then the same bytes from the floor, under the same load. */
async function runPages(app: ServerProcess, options: Options, servers: ServerProcess[], dir: string, logFile: string): Promise<PageRun> {
  const generator = pickLoadGenerator();
  const settings: LoadSettings = { duration: options.duration, connections: options.connections };
  const skipped: string[] = [];
  const targets = TARGETS.filter((t) => options.targets.includes(t.name));
  const pages = new Map<string, Capture>();
  // The second answer is what the load sees: a cached page once the first has rendered it.
  for (const target of targets) {
    await capture(app.url + target.path);
    pages.set(target.path, await capture(app.url + target.path));
  }
  if (!options.targets.includes(SEARCH_TARGET.name)) {
    // not asked for
  } else if (await hasSearch(app.url, pages.get('/') ?? (await capture(`${app.url}/`)))) {
    targets.push(SEARCH_TARGET);
    await capture(app.url + SEARCH_TARGET.path);
    pages.set(SEARCH_TARGET.path, await capture(app.url + SEARCH_TARGET.path));
  } else {
    skipped.push(`search (${SEARCH_TARGET.path} is not a results page on this site)`);
  }
  const rows: Row[] = [];
  let appRequests = 0;
  // Lines of the captures above are not counted: only those written while under load.
  await takeLogLines(logFile);
  let logLines = 0;
  if (!options.pages) return { rows, pages, targets, skipped, appRequests, logLines };

  const manifestPath = join(dir, 'floor.json');
  const manifest: FloorEntry[] = [...pages].map(([path, page]) => ({ path, headers: page.headers, bodyBase64: page.body.toString('base64') }));
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const floor = await startServer({
    name: 'floor',
    args: ['--import', 'tsx', 'bench/floor.ts', manifestPath],
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    timeoutMs: FLOOR_START_TIMEOUT_MS,
    ready: { announce: true },
  });
  servers.push(floor);
  for (const [path, page] of pages) {
    const echoed = await capture(floor.url + path);
    if (!echoed.body.equals(page.body)) throw new Error(`floor does not return the captured bytes for ${path}`);
  }
  // App and floor take turns, round after round, so a slow patch of the machine falls on both;
  // each keeps the median of its rounds.
  const runs = new Map<string, Row[]>();
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of targets) {
      for (const [server, proc] of [
        ['app', app],
        ['floor', floor],
      ] as const) {
        const url = proc.url + target.path;
        process.stderr.write(`round ${round}/${options.rounds}, ${target.name} / ${server}: warm-up ${WARMUP_SECONDS}s, measure ${options.duration}s\n`);
        const warm = await generator.run(url, { ...settings, duration: WARMUP_SECONDS });
        const cpuBefore = readCpuSeconds(proc.pid);
        const result = await generator.run(url, settings);
        const cpuUs = ((readCpuSeconds(proc.pid) - cpuBefore) * 1e6) / Math.max(1, result.totalRequests);
        if (server === 'app') {
          appRequests += warm.totalRequests + result.totalRequests;
          logLines += await takeLogLines(logFile);
        }
        const key = `${target.path} ${server}`;
        runs.set(key, [
          ...(runs.get(key) ?? []),
          { target: target.name, path: target.path, server, result, memory: readMemory(proc.pid), rounds: [], cpuUs: [cpuUs] },
        ]);
      }
    }
  }
  for (const measured of runs.values()) {
    const sorted = [...measured].sort((a, b) => a.result.requestsPerSec - b.result.requestsPerSec);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    rows.push({ ...median, rounds: measured.map((r) => r.result.requestsPerSec), cpuUs: measured.flatMap((r) => r.cpuUs) });
  }
  // The app against the floor round by round: the two ran back to back, so a slow patch of a
  // shared machine falls on both and their ratio holds steadier than either figure.
  for (const [i, row] of rows.entries()) {
    const floorRuns = runs.get(`${row.path} floor`);
    if (row.server !== 'app' || !floorRuns) continue;
    rows[i] = {
      ...row,
      ratios: row.rounds.map((rps, round) => rps / floorRuns[round]!.result.requestsPerSec),
      cpuRatios: row.cpuUs.map((us, round) => floorRuns[round]!.cpuUs[0]! / us),
    };
  }
  await stopServer(floor.child);
  logLines += await takeLogLines(logFile);
  return { rows, pages, targets, skipped, appRequests, logLines };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const generator = pickLoadGenerator();
  const settings: LoadSettings = { duration: options.duration, connections: options.connections };

  const prepTimer = setTimeout(() => abort(new Error('preparing the site took too long')), seedBudgetMs(options.seedPosts, options.seedComments) + 60_000);
  const site: Site = await prepareSite({
    backend: options.backend,
    seedPosts: options.seedPosts,
    seedComments: options.seedComments,
    demoComments: options.seedPosts > 0 ? options.demoComments : 0,
  });
  clearTimeout(prepTimer);

  const targetCount = TARGETS.length + 1;
  const perRunSeconds = WARMUP_SECONDS + options.duration + 25;
  const budgetMs =
    120_000 +
    (options.pages ? options.rounds * targetCount * 2 * perRunSeconds * 1000 : 0) +
    (options.flood ? (WARMUP_SECONDS + options.duration + 60) * 1000 : 0) +
    (options.memory ? (options.memoryDuration + 60) * 1000 : 0);
  setTimeout(() => abort(new Error(`benchmark exceeded its ${Math.round(budgetMs / 1000)}s budget`)), budgetMs).unref();

  const servers: ServerProcess[] = [];
  try {
    const logFile = join(site.dir, 'app.log');
    const app = await startApp({ databaseUrl: site.databaseUrl, logLevel: options.logLevel, logFile, cpuProfDir: options.cpuProfDir });
    servers.push(app);
    const appIdle = readMemory(app.pid);
    const { rows, pages, targets, skipped, appRequests, logLines } = await runPages(app, options, servers, site.dir, logFile);

    let memoryRun: MemoryResult | undefined;
    if (options.memory) {
      memoryRun = await runMemory(
        app.pid,
        targets.map((t) => app.url + t.path),
        generator,
        { ...settings, duration: options.memoryDuration },
      );
    }
    let flood: FloodResult | undefined;
    if (options.flood) {
      process.stderr.write(`comment flood: ${options.floodClients} ${options.floodReaders} readers, ${options.duration}s, article read by ${generator.name}\n`);
      flood = await runFlood(
        {
          siteUrl: app.url,
          articlePath: ARTICLE_PATH,
          clients: options.floodClients,
          duration: options.duration,
          maxSubmissions: options.duration * FLOOD_MAX_RATE,
          warmup: WARMUP_SECONDS,
          readers: options.floodReaders,
        },
        generator,
        settings,
        site.databaseUrl,
      );
    }

    const report: Report = {
      machine: describeMachine(),
      loadGenerator: generator.describe(settings),
      warmupSeconds: WARMUP_SECONDS,
      rounds: options.rounds,
      appLogLevel:
        `${options.logLevel} (stdout to a file: ${logLines.toLocaleString('en')} lines ` +
        `while the load generator had ${appRequests.toLocaleString('en')} requests answered by the app)`,
      site: site.describe,
      pageCacheMb: process.env.PAGE_CACHE_MB ?? 'default',
      seedSeconds: site.seedSeconds,
      skipped,
      flood,
      memoryRun,
      responseBytes: Object.fromEntries(targets.map((t) => [t.name, pages.get(t.path)?.body.length ?? 0])),
      appIdle,
      rows,
    };
    process.stdout.write(`${renderMarkdown(report)}\n`);
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify({ ...report, settings, generator: generator.name }, null, 2)}\n`);
      process.stderr.write(`raw results written to ${options.json}\n`);
    }
  } finally {
    await Promise.all(servers.map((s) => stopServer(s.child)));
    await site.cleanUp();
  }
}

function abort(err: unknown): never {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  killAllNow();
  process.exit(1);
}

process.once('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping\n`);
    killAllNow();
    process.exit(130);
  });
}

// `npm run bench -- --import`: the WordPress import instead of the pages (bench/import.ts);
// `npm run bench -- --mail`: the outbox's delivery (bench/mail.ts).
(process.argv.includes('--import')
  ? runImportBench(process.argv.slice(2))
  : process.argv.includes('--mail')
    ? runMailBench(process.argv.slice(2))
    : main()
).then(
  () => process.exit(0),
  (err: unknown) => abort(err),
);
