// Benchmark: the app against a "floor" server that returns the same bytes
// from memory, under the same load, one target page at a time.
//
//   npm run bench -- [--duration 10] [--connections 32] [--log] [--json out.json]
//
// --log runs the app with LOG_LEVEL=info and its stdout on /dev/null, to
// measure the cost of request logging.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FloorEntry } from './floor.ts';
import { pickLoadGenerator, type LoadSettings } from './load.ts';
import { freePort, killAllNow, readMemory, startServer, stopServer, withTimeout, type ServerProcess } from './processes.ts';
import { describeMachine, renderMarkdown, type Report, type Row } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = [
  { name: 'home', path: '/' },
  {
    name: 'article',
    path: '/2022/02/15/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/',
  },
] as const;
const WARMUP_SECONDS = 2;
const APP_START_TIMEOUT_MS = 60_000;
const FLOOR_START_TIMEOUT_MS = 15_000;
const FETCH_TIMEOUT_MS = 10_000;

interface Options extends LoadSettings {
  readonly log: boolean;
  readonly json: string | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      log: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
    strict: true,
  });
  const positiveInt = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got "${raw}"`);
    return n;
  };
  return {
    duration: positiveInt('duration', values.duration),
    connections: positiveInt('connections', values.connections),
    log: values.log,
    json: values.json,
  };
}

interface Capture {
  readonly contentType: string;
  readonly body: Buffer;
}

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
        resolvePage({ contentType: res.headers['content-type'] ?? 'application/octet-stream', body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
  });
  return withTimeout(request, FETCH_TIMEOUT_MS, `GET ${url} timed out`);
}

/**
 * The app gets a port chosen here and is ready when it either prints its
 * `listening` line or answers HTTP on that port, so readiness does not depend
 * on what its log level lets through. With --log, stdout goes straight to
 * /dev/null (not through a pipe we would have to drain) and only polling applies.
 */
async function startApp(dir: string, log: boolean): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'app',
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'site.db')}`,
      LOG_LEVEL: log ? 'info' : 'warn',
      // One process, like the floor, so the two compare core for core and RSS is the whole app.
      WEB_CONCURRENCY: '1',
    },
    timeoutMs: APP_START_TIMEOUT_MS,
    ready: { announce: !log, pollUrl: `http://127.0.0.1:${port}/` },
  });
}

async function main(): Promise<void> {
  const options = parseOptions();
  const generator = pickLoadGenerator();
  const settings: LoadSettings = { duration: options.duration, connections: options.connections };
  const perRunSeconds = WARMUP_SECONDS + options.duration + 25;
  const budgetMs = (APP_START_TIMEOUT_MS + FLOOR_START_TIMEOUT_MS) + TARGETS.length * 2 * perRunSeconds * 1000 + 60_000;
  setTimeout(() => abort(new Error(`benchmark exceeded its ${Math.round(budgetMs / 1000)}s budget`)), budgetMs).unref();

  const dir = mkdtempSync(join(tmpdir(), 'wirepress-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const servers: ServerProcess[] = [];
  try {
    const app = await startApp(dir, options.log);
    servers.push(app);
    const appIdle = readMemory(app.pid);

    const pages = new Map<string, Capture>();
    for (const target of TARGETS) pages.set(target.path, await capture(app.url + target.path));

    const manifestPath = join(dir, 'floor.json');
    const manifest: FloorEntry[] = [...pages].map(([path, page]) => ({
      path,
      contentType: page.contentType,
      bodyBase64: page.body.toString('base64'),
    }));
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

    const rows: Row[] = [];
    for (const target of TARGETS) {
      for (const [server, proc] of [['app', app], ['floor', floor]] as const) {
        const url = proc.url + target.path;
        process.stderr.write(`${target.name} / ${server}: warm-up ${WARMUP_SECONDS}s, measure ${options.duration}s\n`);
        await generator.run(url, { ...settings, duration: WARMUP_SECONDS });
        const result = await generator.run(url, settings);
        rows.push({ target: target.name, path: target.path, server, result, memory: readMemory(proc.pid) });
      }
    }

    const report: Report = {
      machine: describeMachine(),
      loadGenerator: generator.describe(settings),
      warmupSeconds: WARMUP_SECONDS,
      appLogLevel: options.log ? 'info (stdout to /dev/null)' : 'warn',
      responseBytes: Object.fromEntries(TARGETS.map((t) => [t.name, pages.get(t.path)?.body.length ?? 0])),
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

main().then(
  () => process.exit(0),
  (err: unknown) => abort(err),
);
