import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { aUser, signIn } from './support/admin.ts';
import { createTestDatabaseLocation, TEST_BACKEND, type TestDatabaseLocation } from './support/database.ts';
import { startSite, type RunningSite } from './support/process.ts';
import { DEMO_ARTICLE_PATH, type TestServer } from './support/server.ts';

/** The site as a load test runs it: one process, limits for a single client address lifted. */
const SITE_ENV = {
  WEB_CONCURRENCY: '1',
  LOG_LEVEL: 'warn',
  COMMENT_FLOOD_SECONDS: '0',
  COMMENT_LIMIT_PER_ADDRESS: '0',
  COMMENT_LIMIT_PER_NETWORK: '0',
  MAX_CONNECTIONS_PER_ADDRESS: '0',
};
/** Concurrent clients; the server is killed once this many writes are acknowledged, or after the time limit. */
const CLIENTS = 16;
const KILL_AFTER_ACKNOWLEDGED = 40;
const KILL_AFTER_MS = 10_000;
const MAX_REQUESTS = 5_000;

/**
 * Sends `send(n)` from CLIENTS clients until the server stops answering or MAX_REQUESTS are
 * sent, and returns the numbers whose request the server acknowledged (its answer was `ok`).
 */
async function untilKilled(site: RunningSite, send: (n: number) => Promise<Response>, ok: (res: Response) => boolean): Promise<number[]> {
  const deadline = setTimeout(() => site.child.kill('SIGKILL'), KILL_AFTER_MS);
  const acknowledged: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < MAX_REQUESTS) {
      const n = next++;
      try {
        const res = await send(n);
        await res.arrayBuffer();
        if (ok(res)) acknowledged.push(n);
        // Killed mid-stream: other clients' writes are in flight at this moment.
        if (acknowledged.length === KILL_AFTER_ACKNOWLEDGED) site.child.kill('SIGKILL');
      } catch {
        return; // the server is gone
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearTimeout(deadline);
  return acknowledged;
}

describe('killed with SIGKILL mid-write, nothing acknowledged is lost', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  let site: RunningSite | undefined;
  before(async () => {
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
    await migrateToLatest(database);
  });
  after(async () => {
    if (site && site.child.exitCode === null) site.child.kill('SIGKILL');
    await database?.close();
    await place?.drop();
  });

  const restartAndCheck = async () => {
    site = await startSite({ DATABASE_URL: place.url, ...SITE_ENV });
    assert.equal((await fetch(`${site.url}/`)).status, 200, 'the site starts again on the same database');
    if (TEST_BACKEND === 'sqlite') {
      // A connection of its own, opened after the crash, reads the file as it is on disk.
      const fresh = createDb(place.location);
      try {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(fresh.db);
        assert.deepEqual(check.rows, [{ integrity_check: 'ok' }]);
      } finally {
        await fresh.close();
      }
    }
  };

  it('keeps every comment that got its 303, and the database passes its integrity check', async () => {
    site = await startSite({ DATABASE_URL: place.url, ...SITE_ENV });
    const running = site;
    const acknowledged = await untilKilled(
      running,
      (n) =>
        fetch(`${running.url}${DEMO_ARTICLE_PATH}comments`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: running.url },
          body: new URLSearchParams({
            comment: `Crash comment ${n}`,
            author: `Reader ${n}`,
            email: `reader${n}@example.org`,
            url: '',
            comment_parent: '0',
          }).toString(),
        }),
      (res) => res.status === 303,
    );
    await running.exited;
    assert.ok(acknowledged.length >= 10, `${acknowledged.length} comments acknowledged before the kill`);
    await restartAndCheck();
    const stored = new Set((await database.db.selectFrom('comments').select('body').execute()).map((r) => r.body));
    assert.deepEqual(
      acknowledged.filter((n) => !stored.has(`Crash comment ${n}`)),
      [],
      'acknowledged comments missing after the crash',
    );
    site!.child.kill('SIGKILL');
    await site!.exited;
  });

  it('keeps every post an editor saved (303) with its text', async () => {
    const editor = await aUser(database.db, 'owner');
    site = await startSite({ DATABASE_URL: place.url, ...SITE_ENV });
    const running = site;
    const session = await signIn({ url: running.url } as TestServer, editor);
    const acknowledged = await untilKilled(
      running,
      (n) =>
        session.post('/admin/posts/new/', {
          title: `Crash draft ${n}`,
          slug: `crash-draft-${n}`,
          body: `Every word of draft ${n} must survive.`,
          action: 'save',
        }),
      (res) => res.status === 303,
    );
    await running.exited;
    assert.ok(acknowledged.length >= 10, `${acknowledged.length} saves acknowledged before the kill`);
    await restartAndCheck();
    const stored = new Map((await database.db.selectFrom('posts').select(['title', 'body_markdown']).execute()).map((r) => [r.title, r.body_markdown]));
    assert.deepEqual(
      acknowledged.filter((n) => stored.get(`Crash draft ${n}`) !== `Every word of draft ${n} must survive.`),
      [],
      'acknowledged saves missing or changed after the crash',
    );
  });
});
