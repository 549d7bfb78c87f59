import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { permalinkOf } from '../src/domain/posts.ts';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { createTestDatabaseLocation, TEST_BACKEND, type TestDatabaseLocation } from './support/database.ts';
import { aPost } from './support/factories.ts';
import { runWirepress, startSite, type RunningSite } from './support/process.ts';
import { DEMO_ARTICLE_PATH } from './support/server.ts';

/** How soon every node must show a change made through another. */
const PROPAGATION_LIMIT_MS = 1_000;

async function seenWithin(limitMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  do {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  } while (Date.now() < deadline);
  return false;
}

describe('three nodes on one PostgreSQL', { skip: TEST_BACKEND !== 'postgres' ? 'PostgreSQL only' : false }, () => {
  let place: TestDatabaseLocation;
  let database: Database;
  const nodes: RunningSite[] = [];

  before(async () => {
    place = await createTestDatabaseLocation();
    // All three start at once: they race to migrate and seed, and must end with one schema and one demo site.
    nodes.push(...(await Promise.all([1, 2, 3].map(() => startSite({ DATABASE_URL: place.url, WEB_CONCURRENCY: '1', LOG_LEVEL: 'warn' })))));
    database = createDb(place.location);
    await migrateToLatest(database);
  });
  after(async () => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
    await database?.close();
    await place?.drop();
  });

  it('started together, they migrated and seeded once', async () => {
    const posts = await database.db.selectFrom('posts').select('slug').execute();
    assert.deepEqual(posts.map((p) => p.slug).sort(), [
      'lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states',
      'welcome-to-wirepress',
    ]);
  });

  it('a post published and a comment approved through node 1 show on nodes 2 and 3 within a second', async () => {
    const [one, two, three] = nodes as [RunningSite, RunningSite, RunningSite];
    // Every node has the pages in its cache first, so what follows proves they are dropped.
    for (const node of nodes) {
      for (const path of ['/', DEMO_ARTICLE_PATH]) {
        await (await fetch(`${node.url}${path}`)).text();
        assert.equal((await fetch(`${node.url}${path}`)).headers.get('x-cache'), 'HIT', `${node.url}${path} cached`);
      }
    }
    const post = await aPost(database.db, { title: 'Published on node one', publishedAt: new Date() });
    const res = await fetch(`${one.url}${DEMO_ARTICLE_PATH}comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: one.url },
      body: new URLSearchParams({ comment: 'Seen everywhere?', author: 'Nadia', email: 'nadia@example.org' }).toString(),
    });
    assert.equal(res.status, 303);
    const held = await database.db.selectFrom('comments').select('id').where('body', '=', 'Seen everywhere?').executeTakeFirstOrThrow();
    assert.equal((await runWirepress(['comments', 'approve', String(held.id)], { DATABASE_URL: place.url })).code, 0);
    for (const node of [two, three]) {
      assert.ok(
        await seenWithin(PROPAGATION_LIMIT_MS, async () => (await (await fetch(`${node.url}/`)).text()).includes('Published on node one')),
        `the post on ${node.url}`,
      );
      assert.equal((await fetch(`${node.url}${permalinkOf(post)}`)).status, 200);
      assert.ok(
        await seenWithin(PROPAGATION_LIMIT_MS, async () => (await (await fetch(`${node.url}${DEMO_ARTICLE_PATH}`)).text()).includes('Seen everywhere?')),
        `the comment on ${node.url}`,
      );
    }
  });

  it('when a node is killed mid-load, the others keep answering', async () => {
    const [one, two, three] = nodes as [RunningSite, RunningSite, RunningSite];
    const statuses: number[] = [];
    let running = true;
    const load = async (url: string) => {
      while (running) statuses.push((await fetch(`${url}${DEMO_ARTICLE_PATH}`)).status);
    };
    const workers = [load(two.url), load(three.url), load(two.url), load(three.url)];
    await new Promise((r) => setTimeout(r, 300));
    one.child.kill('SIGKILL');
    await one.exited;
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await Promise.all(workers);
    assert.ok(statuses.length > 20, `${statuses.length} requests`);
    assert.deepEqual([...new Set(statuses)], [200]);
    await assert.rejects(fetch(`${one.url}/healthz`));
  });
});
