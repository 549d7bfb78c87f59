import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, TEST_BACKEND, type TestDatabaseLocation } from '../test/support/database.ts';
import { DEMO_ARTICLE_PATH } from '../test/support/server.ts';
import { FROM_BUNDLE, ROOT, startSite } from '../test/support/process.ts';

describe('the server process', () => {
  // On SQLite, a file in a folder that does not exist yet: the site creates both.
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-main-'));
  let place: TestDatabaseLocation | undefined;
  let databaseUrl = `file:${join(dir, 'nested', 'site.db')}`;
  before(async () => {
    if (TEST_BACKEND === 'postgres') {
      place = await createTestDatabaseLocation();
      databaseUrl = place.url;
    }
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await place?.drop();
  });

  it('creates, migrates and seeds its database, serves the site, logs JSON and stops cleanly on SIGTERM', async () => {
    const site = await startSite({ DATABASE_URL: databaseUrl, WEB_CONCURRENCY: '1' });
    try {
      if (TEST_BACKEND === 'sqlite') assert.ok(existsSync(join(dir, 'nested', 'site.db')), 'the database file was created, with its folder');
      assert.ok(site.lines.some((l) => l.msg === 'seeded demo content'));
      assert.match(site.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const home = await fetch(site.url);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /Welcome to Wirepress/);
      const article = await fetch(`${site.url}${DEMO_ARTICLE_PATH}`);
      assert.equal(article.status, 200);
      // On a port the system picked, links are made from the listening address, so the article is shared from the cache.
      assert.match(await article.text(), new RegExp(`<link rel="canonical" href="${site.url}${DEMO_ARTICLE_PATH}"`));
      const again = await fetch(`${site.url}${DEMO_ARTICLE_PATH}`);
      await again.arrayBuffer();
      assert.equal(again.headers.get('x-cache'), 'HIT');
      await new Promise((r) => setTimeout(r, 50));
      const request = site.lines.find((l) => l.msg === 'request' && l.path === '/');
      assert.ok(request, 'a JSON line per request');
      assert.equal(request.status, 200);
      assert.equal(typeof request.durationMs, 'number');
    } finally {
      site.child.kill('SIGTERM');
    }
    assert.equal(await site.exited, 0);
    assert.ok(site.lines.some((l) => l.msg === 'stopped'));
  });

  it('does not seed again on a second start, and stops on SIGINT too', async () => {
    const site = await startSite({ DATABASE_URL: databaseUrl });
    try {
      assert.ok(!site.lines.some((l) => l.msg === 'seeded demo content'));
      const html = await (await fetch(site.url)).text();
      assert.equal(html.split('>Welcome to Wirepress<').length - 1, 1, 'one welcome post, not two');
    } finally {
      site.child.kill('SIGINT');
    }
    assert.equal(await site.exited, 0);
  });

  it('serves from WEB_CONCURRENCY workers and replaces one that dies', async () => {
    const site = await startSite({ DATABASE_URL: databaseUrl, WEB_CONCURRENCY: '2' });
    try {
      assert.equal(site.lines.find((l) => l.msg === 'listening')?.workers, 2);
      const pids = new Set<number>();
      for (let i = 0; i < 40 && pids.size < 2; i++) {
        assert.equal((await fetch(`${site.url}/healthz`, { headers: { connection: 'close' } })).status, 200);
        await new Promise((r) => setTimeout(r, 20));
        for (const l of site.lines) if (l.msg === 'request') pids.add(Number(l.pid));
      }
      assert.equal(pids.size, 2, 'both workers answered');
      const [victim] = [...pids];
      process.kill(victim!, 'SIGKILL');
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${site.url}${DEMO_ARTICLE_PATH}`, { headers: { connection: 'close' } })).status, 200);
      for (let i = 0; i < 50 && !site.lines.some((l) => String(l.msg).startsWith('worker died')); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(site.lines.some((l) => String(l.msg).startsWith('worker died') && l.pid === victim));
    } finally {
      site.child.kill('SIGTERM');
    }
    assert.equal(await site.exited, 0);
  });

  it('runs as `npm start` runs it: built into dist/ and started from the bundle, with its stylesheets', async () => {
    const build = spawnSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(build.status, 0, build.stderr);
    // Its own SQLite file whichever database the other tests use: the bundle is what is under test here.
    const site = await startSite({ DATABASE_URL: `file:${join(dir, 'bundle.db')}`, WEB_CONCURRENCY: '1' }, 20_000, FROM_BUNDLE);
    try {
      assert.ok(site.lines.some((l) => l.msg === 'seeded demo content'));
      const home = await fetch(site.url);
      assert.equal(home.status, 200);
      assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
      const html = await home.text();
      assert.match(html, /Welcome to Wirepress/);
      // The assets are read from src/views/assets/ whether the module runs from src/ or dist/.
      const sheet = /href="(\/assets\/site-[0-9a-f]{12}\.css)"/.exec(html)?.[1];
      assert.ok(sheet, 'the page links its stylesheet');
      const css = await fetch(`${site.url}${sheet}`);
      assert.equal(css.status, 200);
      assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
      assert.match(await css.text(), /\{/);
    } finally {
      site.child.kill('SIGTERM');
    }
    assert.equal(await site.exited, 0);
    // Cluster workers run the primary's entry file again: here the bundle.
    const workers = await startSite({ DATABASE_URL: `file:${join(dir, 'bundle.db')}`, WEB_CONCURRENCY: '2' }, 20_000, FROM_BUNDLE);
    try {
      assert.equal(workers.lines.find((l) => l.msg === 'listening')?.workers, 2);
      assert.equal((await fetch(workers.url)).status, 200);
    } finally {
      workers.child.kill('SIGTERM');
    }
    assert.equal(await workers.exited, 0);
  });

  it('stops at once with the variable’s name when the configuration is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /PORT/);
    assert.doesNotMatch(result.stderr, /at .*\.ts/);
  });
});
