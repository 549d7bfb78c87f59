// Full-page screenshots of the public site, for reviewing its design.
// Starts the app on a throwaway SQLite file, adds a short comment thread, and writes
// screenshots/<page>-<width>-<scheme>.png for phone and desktop widths, light and dark.
//
//   npm run screenshots
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'screenshots');
const CLI = path.join(ROOT, 'bin', 'wirepress.js');
const ARTICLE = '/2022/02/15/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/';

const WIDTHS = [375, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

const START_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const CLI_TIMEOUT_MS = 30_000;
const PAGE_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const OVERALL_TIMEOUT_MS = 5 * 60_000;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Shot {
  name: string;
  path: string;
  /** Submit the comment form empty before the screenshot, to show its error states. */
  submitEmptyForm?: boolean;
}

interface Server {
  url: string;
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
}

function log(message: string): void {
  process.stderr.write(`screenshots: ${message}\n`);
}

async function startServer(dir: string): Promise<Server> {
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'site.db')}`, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not report where it listens within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
        if (entry.msg === 'listening' && typeof entry.url === 'string') {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // Not a log line; keep reading.
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
  return { url, child, env };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function runCli(server: Server, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: server.env, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wirepress ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Posts a comment as a browser form would; returns the id when it was published at once. */
async function postComment(server: Server, fields: { comment: string; author: string; email: string; url?: string; parent?: number }): Promise<number | null> {
  const body = new URLSearchParams({
    comment: fields.comment,
    author: fields.author,
    email: fields.email,
    url: fields.url ?? '',
    comment_parent: String(fields.parent ?? 0),
  });
  const res = await fetch(`${server.url}${ARTICLE}comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (res.status !== 303) throw new Error(`posting a comment answered ${res.status}, not a redirect`);
  const published = /#comment-(\d+)$/.exec(res.headers.get('location') ?? '');
  return published ? Number(published[1]) : null;
}

/** Approves a held comment with the command-line tool, finding it by its text. */
async function approveHeld(server: Server, text: string): Promise<number> {
  const rows = JSON.parse(await runCli(server, ['comments', 'list', '--status=pending', '--json'])) as Array<{ id: number; body: string }>;
  const row = rows.find((r) => r.body === text);
  if (!row) throw new Error('the held comment is not in the moderation queue');
  await runCli(server, ['comments', 'approve', String(row.id)]);
  return row.id;
}

async function postAndPublish(server: Server, fields: Parameters<typeof postComment>[1]): Promise<number> {
  return (await postComment(server, fields)) ?? (await approveHeld(server, fields.comment));
}

/**
 * A thread five replies deep between two readers, so the screenshots show comment styling
 * and nesting at the deepest level. Each reader's first comment is held and approved; after
 * that their comments are published at once. Returns the first comment's id.
 */
async function addCommentThread(server: Server): Promise<number> {
  const ana = { author: 'Ana Ruiz', email: 'ana@example.org', url: 'https://example.org/ana' };
  const tom = { author: 'Tom Hale', email: 'tom@example.org' };
  const first = await postAndPublish(server, {
    ...ana,
    comment: 'The ministry’s readout is far longer than the State Department’s. It would help to see both side by side.',
  });
  const second = await postAndPublish(server, {
    ...tom,
    parent: first,
    comment: 'Agreed. The phrase “indivisibility of security” appears three times in the ministry’s statement alone.',
  });
  const third = await postAndPublish(server, {
    ...ana,
    parent: second,
    comment: 'Which is the point of the exchange: each side restating its position for the record.',
  });
  const fourth = await postAndPublish(server, {
    ...tom,
    parent: third,
    comment: 'Perhaps, but the schedule of upcoming contacts is new. That part at least is concrete.',
  });
  await postAndPublish(server, { ...ana, parent: fourth, comment: 'Fair. We will know more once the written response is published.' });
  return first;
}

async function takeScreenshots(browser: Browser, baseUrl: string, shots: Shot[]): Promise<string[]> {
  const written: string[] = [];
  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
      context.setDefaultTimeout(PAGE_TIMEOUT_MS);
      try {
        const page = await context.newPage();
        for (const shot of shots) {
          await page.goto(`${baseUrl}${shot.path}`, { waitUntil: 'load' });
          if (shot.submitEmptyForm) {
            await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#respond button[type="submit"]')]);
          }
          const file = path.join(OUT_DIR, `${shot.name}-${width}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(path.relative(ROOT, file));
        }
      } finally {
        await context.close();
      }
    }
  }
  return written;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirepress-screenshots-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    if (server) await stopServer(server.child);
    await rm(dir, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    log(`gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
    server?.child.kill('SIGKILL');
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  watchdog.unref();
  const interrupted = () => {
    server?.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    server = await startServer(dir);
    log(`site running at ${server.url}`);

    let replyTo: number | null = null;
    if (existsSync(CLI)) {
      try {
        replyTo = await addCommentThread(server);
      } catch (error) {
        log(`no comments in the screenshots: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      log('bin/wirepress.js is missing, so held comments cannot be approved: no comments in the screenshots');
    }

    const shots: Shot[] = [
      { name: 'home', path: '/' },
      { name: 'article', path: ARTICLE },
      { name: 'source', path: '/source/iz/' },
      { name: 'not-found', path: '/this-page-does-not-exist/' },
      { name: 'comment-held', path: `${ARTICLE}?comment=held#respond` },
      { name: 'form-errors', path: ARTICLE, submitEmptyForm: true },
    ];
    if (replyTo !== null) shots.push({ name: 'reply', path: `${ARTICLE}?replytocom=${replyTo}#respond` });

    await mkdir(OUT_DIR, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: PAGE_TIMEOUT_MS });
    const written = await takeScreenshots(browser, server.url, shots);
    process.stdout.write(`${written.join('\n')}\n`);
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
