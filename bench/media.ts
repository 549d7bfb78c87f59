// Benchmark of photos: how long an upload takes until every size of it has been served once
// (per megapixel), and what readers' requests take while ten editors upload at once.
//
//   npm run bench -- --media [--uploads 3] [--read-seconds 10]
//   npm run bench -- --media --memory    (only: the app's peak RSS while ten editors send a ~24 MB photo each)
//
// The app runs as `npm start` runs it, on a new SQLite site, on loopback. Every loop is bounded
// by a count and by time.
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { completeSetup, issueOwnerSetupLink } from '../src/services/accounts.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { createDb } from '../src/storage/db.ts';
import { VARIANT_WIDTHS } from '../src/domain/media.ts';
import { killAllNow, stopServer } from './processes.ts';
import { prepareSite, startApp } from './site.ts';

const PASSWORD = 'a long benchmark passphrase';
const SIZES_MP: ReadonlyArray<[number, number]> = [
  [1600, 1200],
  [3000, 2000],
  [4000, 3000],
  [6000, 4000],
];
/** Editors uploading at once while readers read. */
const UPLOADERS = 10;
/** Readers requesting pages one after another while that happens. */
const READERS = 4;
/** No phase runs longer than this, whatever happens. */
const PHASE_LIMIT_MS = 180_000;

/** A photo-like JPEG: noise over a colour, so encoders have real work (a flat image compresses to nothing). */
function aPhoto(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 90, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, email: string): Promise<Session> {
  const res = await fetch(`${base}/admin/login/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password: PASSWORD, next: '/admin/' }).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((h) => h.split(';')[0] ?? '')
    .find((p) => p.startsWith('wirepress_session='));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}`);
  const page = await (await fetch(`${base}/admin/media/`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the library page');
  return { cookie, csrf };
}

async function upload(base: string, session: Session, name: string, bytes: Buffer): Promise<number> {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  for (const field of ['alt', 'caption', 'credit', 'credit_source']) form.set(field, field === 'alt' ? 'A benchmark photo' : '');
  form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
  const res = await fetch(`${base}/admin/media/upload/`, { method: 'POST', redirect: 'manual', headers: { cookie: session.cookie, origin: base }, body: form });
  await res.arrayBuffer();
  return res.status;
}

/** The newest photo's variant prefix (/media/12-3f9a0c1d2e4b/) from the library's first thumbnail. */
async function newestPrefix(base: string, session: Session): Promise<string> {
  const page = await (await fetch(`${base}/admin/media/`, { headers: { cookie: session.cookie } })).text();
  const src = /src="(\/media\/\d+-[0-9a-f]{12}\/)320\.jpg"/.exec(page)?.[1];
  if (!src) throw new Error('no thumbnail on the library page');
  return src;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Readers reading the home page and an article until `stop` says so; latencies in ms. */
async function read(base: string, paths: readonly string[], stop: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: READERS }, async (_, reader) => {
      for (let i = 0; !stop() && Date.now() - started < PHASE_LIMIT_MS && i < 100_000; i++) {
        const t = performance.now();
        const res = await fetch(`${base}${paths[(i + reader) % paths.length]}`);
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/** A process's resident memory now and at its highest, in MB, from /proc (Linux). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The app's peak memory while ten editors each send one photo just under the 25 MB limit, at the same moment. */
async function measureUploadMemory(base: string, session: Session, pid: number): Promise<string[]> {
  // Noise at JPEG quality 95 over 30 MP: about 24 MB, under MEDIA_MAX_MB's default 25 and the 60 MP limit.
  const photo = await sharp({
    create: { width: 6000, height: 5000, channels: 3, background: { r: 120, g: 90, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
  const idle = memoryOf(pid);
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: UPLOADERS }, (_, editor) =>
      upload(base, session, `large-${editor}.jpg`, photo).catch((error: unknown) => {
        process.stderr.write(`upload ${editor}: ${String((error as Error).cause ?? error)}\n`);
        return 0;
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = memoryOf(pid);
  const count = (status: number) => statuses.filter((s) => s === status).length;
  return [
    `| ${UPLOADERS} concurrent uploads of a ${(photo.length / 1024 / 1024).toFixed(1)} MB photo | RSS before (MB) | peak RSS (MB) | stored | told to retry (503) | other | seconds |`,
    '|---|--:|--:|--:|--:|--:|--:|',
    `| | ${idle.rssMb.toFixed(0)} | ${after.peakMb.toFixed(0)} | ${count(303)} | ${count(503)} | ${statuses.length - count(303) - count(503)} | ${seconds.toFixed(1)} |`,
  ];
}

export async function runMediaBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--media'),
    options: { uploads: { type: 'string', default: '3' }, 'read-seconds': { type: 'string', default: '10' }, memory: { type: 'boolean', default: false } },
  });
  const uploadsEach = Number(values.uploads);
  const readSeconds = Number(values['read-seconds']);
  if (!Number.isInteger(uploadsEach) || uploadsEach < 1 || uploadsEach > 50) throw new Error('--uploads must be 1 to 50');
  if (!Number.isFinite(readSeconds) || readSeconds < 1 || readSeconds > 120) throw new Error('--read-seconds must be 1 to 120');

  const site = await prepareSite({ backend: 'sqlite', seedPosts: 0, seedComments: 0, demoComments: 0 });
  const app = await startApp({ databaseUrl: site.databaseUrl, logLevel: 'warn', logFile: join(site.dir, 'app.log') });
  const base = app.url;
  try {
    const database = createDb(parseDatabaseUrl(site.databaseUrl));
    const email = 'bench-owner@newsroom.example';
    const token = await issueOwnerSetupLink(database.db, new Date());
    if (!token) throw new Error('the new site already has an owner');
    await completeSetup(database.db, token, { displayName: 'Bench Owner', email, password: PASSWORD }, new Date());
    await database.close();
    const session = await signIn(base, email);
    if (values.memory) {
      const pid = app.child.pid;
      if (pid === undefined) throw new Error('the app has no process id');
      process.stdout.write(`${(await measureUploadMemory(base, session, pid)).join('\n')}\n`);
      return;
    }

    const lines: string[] = ['| photo | megapixels | upload (s) | upload to every size served (s) | per megapixel (s) |', '|---|--:|--:|--:|--:|'];
    for (const [width, height] of SIZES_MP) {
      const bytes = await aPhoto(width, height);
      const mp = (width * height) / 1e6;
      const t0 = performance.now();
      const status = await upload(base, session, `bench-${width}x${height}.jpg`, bytes);
      if (status !== 303) throw new Error(`upload of ${width}×${height} answered ${status}`);
      const t1 = performance.now();
      const prefix = await newestPrefix(base, session);
      const wanted = VARIANT_WIDTHS.filter((w) => w <= width).flatMap((w) => ['avif', 'webp', 'jpg'].map((ext) => `${prefix}${w}.${ext}`));
      const answers = await Promise.all(
        wanted.map(async (path) => {
          const res = await fetch(`${base}${path}`);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      if (answers.some((s) => s !== 200)) throw new Error(`some sizes of ${width}×${height} answered ${answers.join(',')}`);
      const t2 = performance.now();
      lines.push(
        `| ${width}×${height} JPEG (${(bytes.length / 1e6).toFixed(1)} MB) | ${mp.toFixed(1)} | ${((t1 - t0) / 1000).toFixed(2)} | ${((t2 - t0) / 1000).toFixed(2)} (${wanted.length} files) | ${((t2 - t0) / 1000 / mp).toFixed(2)} |`,
      );
      process.stderr.write(`${lines.at(-1)}\n`);
    }

    // Readers alone, then readers while ten editors upload 12-megapixel photos.
    const home = await (await fetch(`${base}/`)).text();
    const article = /class="post-card-title"[^>]*>\s*<a href="([^"]+)"/.exec(home)?.[1] ?? '/';
    const paths = ['/', article];
    const quietUntil = Date.now() + readSeconds * 1000;
    const quiet = await read(base, paths, () => Date.now() > quietUntil);
    const photo = await aPhoto(4000, 3000);
    let uploading = true;
    const statuses: number[] = [];
    const uploadStarted = performance.now();
    const busy = read(base, paths, () => !uploading);
    await Promise.all(
      Array.from({ length: UPLOADERS }, async (_, editor) => {
        for (let i = 0; i < uploadsEach && performance.now() - uploadStarted < PHASE_LIMIT_MS; i++) {
          statuses.push(await upload(base, session, `busy-${editor}-${i}.jpg`, photo));
        }
      }),
    );
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    uploading = false;
    const during = await busy;
    const stored = statuses.filter((s) => s === 303).length;
    const refused = statuses.filter((s) => s === 503).length;
    lines.push(
      '',
      '| readers (4, home page and an article) | requests | p50 (ms) | p99 (ms) |',
      '|---|--:|--:|--:|',
      `| alone, ${readSeconds} s | ${quiet.length} | ${percentile(quiet, 50).toFixed(1)} | ${percentile(quiet, 99).toFixed(1)} |`,
      `| during ${UPLOADERS} concurrent uploads of 12 MP (${statuses.length} in ${uploadSeconds.toFixed(1)} s: ${stored} stored, ${refused} told to retry) | ${during.length} | ${percentile(during, 50).toFixed(1)} | ${percentile(during, 99).toFixed(1)} |`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stopServer(app.child);
    await site.cleanUp();
    killAllNow();
  }
}
