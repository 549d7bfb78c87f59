import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { MAX_ADMIN_BODY_BYTES } from '../src/http/admin/guard.tsx';
import { MAX_COMMENT_BODY_BYTES } from '../src/http/public/posts.tsx';
import { createDb } from '../src/storage/db.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from './support/database.ts';
import { ENV_FILE, only, parseEnvFile, readUnit } from './support/deploy.ts';
import { freePort, makeCertificate, SITE_NAME, startNginx, type RunningNginx, type SitePorts } from './support/nginx.ts';
import { ROOT, startSite, type RunningSite } from './support/process.ts';
import { DEMO_ARTICLE_PATH } from './support/server.ts';

/** A reader's address that is not nginx's: loopback has all of 127.0.0.0/8. */
const READER_ADDRESS = '127.0.0.2';
const ORIGIN = `https://${SITE_NAME}`;
/** An oversized reply went wrong about every other time: eight of each size all but rule that out. */
const TRIES_PER_SIZE = 8;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header name (lower case) → how many times it came. */
  counts: Record<string, number>;
  body: Buffer;
}

/**
 * One request as a browser at READER_ADDRESS sends it to the site's name: over HTTPS, checking
 * nginx's certificate for SITE_NAME against the test's own authority, or over plain HTTP.
 */
function send(
  scheme: 'http' | 'https',
  port: number,
  path: string,
  options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  const request = scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        localAddress: options.from ?? READER_ADDRESS,
        servername: SITE_NAME,
        ca: options.ca,
        agent: false,
        headers: { host: SITE_NAME, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const counts: Record<string, number> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!.toLowerCase();
            counts[name] = (counts[name] ?? 0) + 1;
          }
          resolve({ status: res.statusCode!, headers: res.headers, counts, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function decoded(answer: Answer): string {
  return (answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body).toString('utf8');
}

function commentForm(fields: Record<string, string>): string {
  return new URLSearchParams({ author: 'Ana Reader', email: 'ana@example.org', url: '', comment_parent: '0', ...fields }).toString();
}

describe('deploy/nginx/wirepress.conf in front of the app as deploy/wirepress.service runs it', () => {
  let dir: string;
  let place: TestDatabaseLocation;
  let site: RunningSite | undefined;
  let nginx: RunningNginx | undefined;
  let ports: SitePorts;
  let ca: string;
  const https = (path: string, options: Parameters<typeof send>[3] = {}) => send('https', ports.https, path, { ca, ...options });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wirepress-nginx-'));
    ({ cert: ca } = makeCertificate(join(dir, 'tls')));
    place = await createTestDatabaseLocation();

    // The unit's commands, run from this checkout instead of /opt/wirepress, with its
    // environment and the example configuration; only the database and the port are the test's.
    const unit = readUnit();
    const [prepare, ...prepareArgs] = only(unit, 'Service', 'ExecStartPre').split(/\s+/);
    const [node, ...startArgs] = only(unit, 'Service', 'ExecStart').split(/\s+/);
    assert.equal(prepare, node);
    const build = spawnSync(process.execPath, prepareArgs, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(build.status, 0, `${prepareArgs.join(' ')} failed: ${build.stderr}`);
    const environment = Object.fromEntries((unit.Service!.Environment ?? []).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    site = await startSite(
      { ...environment, ...parseEnvFile(readFileSync(ENV_FILE, 'utf8')), DATABASE_URL: place.url, PORT: '0', WEB_CONCURRENCY: '1' },
      60_000,
      startArgs,
    );
    ports = { http: await freePort(), https: await freePort(), app: Number(new URL(site.url).port) };
    nginx = await startNginx(dir, ports);
  });

  after(async () => {
    await nginx?.stop();
    if (site && site.child.exitCode === null) {
      site.child.kill('SIGKILL');
      await site.exited;
    }
    await place?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves the article over HTTPS, compressed by the app, with the app's Strict-Transport-Security once", async () => {
    const first = await https(DEMO_ARTICLE_PATH, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(first.status, 200);
    assert.match(decoded(first), /<h1[^>]*>Lavrov pointed out to Blinken/);
    assert.equal(first.headers['content-encoding'], 'gzip');
    assert.equal(first.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(first.counts['strict-transport-security'], 1);
    // The second is answered by the app from its own cache (X-Cache), not kept by nginx.
    const second = await https(DEMO_ARTICLE_PATH, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal(second.headers['x-cache-status'], undefined);
  });

  it('leaves uncompressed what the app did not compress (nginx gzip off for pages)', async () => {
    const missing = await https('/no-such-page/', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-encoding'], undefined);
    assert.match(missing.body.toString('utf8'), /<html/);
  });

  it('redirects plain HTTP to HTTPS at the same address', async () => {
    const answer = await send('http', ports.http, '/2022/02/15/?s=nato');
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.location, `${ORIGIN}/2022/02/15/?s=nato`);
  });

  it("caches the stylesheet in nginx with the app's year-long immutable Cache-Control, gzipped", async () => {
    const page = decoded(await https('/'));
    const stylesheet = /<link rel="stylesheet" href="(\/assets\/site-[0-9a-f]+\.css)"/.exec(page)?.[1];
    assert.ok(stylesheet, 'the home page links its stylesheet');
    const first = await https(stylesheet, { headers: { 'accept-encoding': 'gzip' } });
    const second = await https(stylesheet, { headers: { 'accept-encoding': 'gzip' } });
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.deepEqual([first.headers['x-cache-status'], second.headers['x-cache-status']], ['MISS', 'HIT']);
    for (const answer of [first, second]) {
      assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(answer.headers['content-encoding'], 'gzip');
      assert.equal(answer.headers.vary, 'Accept-Encoding');
      assert.equal(decoded(answer), readFileSync(join(ROOT, 'src', 'views', 'assets', 'site.css'), 'utf8'));
    }
    assert.equal(site!.lines.filter((l) => l.msg === 'request' && l.path === stylesheet).length, 1, "the second came from nginx's cache");
  });

  it("takes a comment posted through it, stored with the reader's address and not a forged one", async () => {
    const text = "Posted through nginx, from the reader's own address.";
    const answer = await https(`${DEMO_ARTICLE_PATH}comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'x-forwarded-for': '203.0.113.9' },
      body: commentForm({ comment: text }),
    });
    assert.equal(answer.status, 303, answer.body.toString('utf8'));
    assert.match(String(answer.headers.location), new RegExp(`${DEMO_ARTICLE_PATH}.*\\?comment=`));
    const database = createDb(place.location);
    try {
      const stored = await database.db.selectFrom('comments').select(['author_ip', 'author_network']).where('body', '=', text).execute();
      assert.deepEqual(stored, [{ author_ip: READER_ADDRESS, author_network: '127.0.0.0/24' }]);
    } finally {
      await database.close();
    }
  });

  it("refuses a reply over the form's 64 KB itself, every time, and passes admin forms up to 2 MB", async () => {
    const post = (path: string, body: string, from?: string) =>
      https(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body, from });
    // The app closes the connection on its own 413 without reading the body, which nginx turned
    // into a 502 for about half of such posts: each size is sent several times.
    for (const size of [MAX_COMMENT_BODY_BYTES + 1, 200_000, 500_000, MAX_ADMIN_BODY_BYTES - 1024]) {
      const statuses = [];
      for (let i = 0; i < TRIES_PER_SIZE; i++) statuses.push((await post(`${DEMO_ARTICLE_PATH}comments`, 'x'.repeat(size))).status);
      assert.deepEqual(statuses, Array(TRIES_PER_SIZE).fill(413), `a reply of ${size} bytes`);
    }
    // Another reader: flood control counts by address and by email.
    const longest = commentForm({ author: 'Ben Reader', email: 'ben@example.org', comment: 'y'.repeat(MAX_COMMENT_BODY_BYTES - 200) });
    assert.ok(Buffer.byteLength(longest) <= MAX_COMMENT_BODY_BYTES);
    assert.equal((await post(`${DEMO_ARTICLE_PATH}comments`, longest, '127.0.0.3')).status, 303, 'the longest reply the app takes');
    // No session: the admin answers, which it could not if nginx had refused the body.
    const admin = await post('/admin/posts/new/', 'x'.repeat(MAX_ADMIN_BODY_BYTES - 1024));
    assert.notEqual(admin.status, 413);
    assert.match(String(admin.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal((await post('/admin/posts/new/', 'x'.repeat(MAX_ADMIN_BODY_BYTES + 1))).status, 413);
  });

  it('stops the app with SIGTERM, as systemd does, with status 0', async () => {
    site!.child.kill('SIGTERM');
    assert.equal(await site!.exited, 0);
    const answer = await https('/');
    assert.equal(answer.status, 502, 'nginx answers for an app that is gone');
  });
});
