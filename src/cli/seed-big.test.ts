import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, TEST_BACKEND, type TestDatabaseLocation } from '../../test/support/database.ts';
import { startSite, type RunningSite } from '../../test/support/process.ts';
import { DEMO_ARTICLE_PATH } from '../../test/support/server.ts';
import { DEMO_ARTICLE } from '../demo/demo-content.ts';
import { MAX_THREAD_DEPTH } from '../domain/comments.ts';
import { createDb, type Database } from '../storage/db.ts';
import { runSeedBig } from './seed-big.ts';

const POSTS = 200;
const COMMENTS = 1_000;
const DEMO_COMMENTS = 100;
/** The demo content: the demo article and the welcome post. */
const DEMO_POSTS = 2;

async function seedBig(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSeedBig(args, {}, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function count(database: Database, table: 'posts' | 'comments' | 'post_sources' | 'post_terms'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('npm run seed:big', () => {
  let place: TestDatabaseLocation;
  let database: Database;

  before(async () => {
    place = await createTestDatabaseLocation();
    const run = await seedBig([
      '--posts',
      String(POSTS),
      '--comments',
      String(COMMENTS),
      '--demo-comments',
      String(DEMO_COMMENTS),
      '--database-url',
      place.url,
    ]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Done: 200 posts and 1100 comments in [\d.]+ s/);
    database = createDb(place.location);
  });

  after(async () => {
    await database.close();
    await place.drop();
  });

  it('writes the posts and comments asked for, beside the demo content', async () => {
    assert.equal(await count(database, 'posts'), POSTS + DEMO_POSTS);
    assert.equal(await count(database, 'comments'), COMMENTS + DEMO_COMMENTS);
    const statuses = await database.db.selectFrom('comments').select('status').distinct().execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['approved'],
    );
  });

  it('gives the demo article exactly the comments asked for', async () => {
    const rows = await database.db
      .selectFrom('comments')
      .innerJoin('posts', 'posts.id', 'comments.post_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('posts.slug', '=', DEMO_ARTICLE.slug)
      .where('comments.status', '=', 'approved')
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), DEMO_COMMENTS);
  });

  it('threads comments consistently: a reply is one level below an earlier comment on the same post', async () => {
    const comments = await database.db.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'depth']).orderBy('id').execute();
    const byId = new Map(comments.map((c) => [c.id, c]));
    const problems: string[] = [];
    for (const c of comments) {
      if (c.depth < 1 || c.depth > MAX_THREAD_DEPTH) problems.push(`#${c.id} has depth ${c.depth}`);
      if (c.parent_id === null) {
        if (c.depth !== 1) problems.push(`top-level #${c.id} has depth ${c.depth}`);
        continue;
      }
      const parent = byId.get(c.parent_id);
      if (!parent) problems.push(`#${c.id} answers missing #${c.parent_id}`);
      else if (parent.post_id !== c.post_id) problems.push(`#${c.id} answers #${parent.id} on another post`);
      else if (parent.id >= c.id) problems.push(`#${c.id} answers the later #${parent.id}`);
      else if (c.depth !== parent.depth + 1) problems.push(`#${c.id} has depth ${c.depth} under depth ${parent.depth}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(
      comments.some((c) => c.depth > 1),
      'some comments are replies',
    );
    assert.ok(
      comments.some((c) => c.depth === 1),
      'some comments start threads',
    );
  });

  it('credits sources and files every generated post under a category and tags', async () => {
    const untagged = await database.db
      .selectFrom('posts')
      .select('id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('post_terms').select('post_id').whereRef('post_terms.post_id', '=', 'posts.id'))))
      .execute();
    assert.equal(untagged.length, 0);
    const roles = await database.db.selectFrom('post_sources').select('role').distinct().orderBy('role').execute();
    assert.deepEqual(
      roles.map((r) => r.role),
      ['cited', 'original', 'via'],
    );
    const terms = await database.db
      .selectFrom('terms')
      .select(['kind', (eb) => eb.fn.countAll().as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    assert.ok(
      terms.every((t) => Number(t.n) >= 20),
      `categories and tags: ${JSON.stringify(terms)}`,
    );
    const words = await database.db
      .selectFrom('posts')
      .select((eb) => eb.fn.min('word_count').as('fewest'))
      .where('slug', '<>', 'welcome-to-wirepress')
      .executeTakeFirstOrThrow();
    assert.ok(Number(words.fewest) >= 200, `shortest article has ${String(words.fewest)} words`);
  });

  it('logs a change to every page last, so running sites drop their caches', async () => {
    const last = await database.db.selectFrom('content_changes').select('keys').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(last.keys, '*');
  });

  it('leaves PostgreSQL with statistics of the rows it wrote, so the first searches are planned for them', {
    skip: TEST_BACKEND !== 'postgres' && 'SQLite plans from the schema',
  }, async () => {
    const { rows } = await sql<{
      relname: string;
      reltuples: number;
    }>`select relname, reltuples from pg_class where relname in ('posts', 'comments', 'post_search')`.execute(database.db);
    const estimate = (table: string) => Number(rows.find((r) => r.relname === table)?.reltuples ?? -1);
    assert.ok(estimate('posts') >= POSTS, `posts: ${estimate('posts')}`);
    assert.ok(estimate('comments') >= COMMENTS, `comments: ${estimate('comments')}`);
    assert.ok(estimate('post_search') >= POSTS, `post_search: ${estimate('post_search')}`);
  });

  it('refuses to fill a site that already has content, changing nothing', async () => {
    const again = await seedBig(['--posts', '10', '--comments', '10', '--database-url', place.url]);
    assert.equal(again.code, 1);
    assert.match(again.err, /already has 202 posts/);
    assert.equal(await count(database, 'posts'), POSTS + DEMO_POSTS);
  });

  it('rejects a count that is not a whole number', async () => {
    const run = await seedBig(['--posts', 'many', '--database-url', place.url]);
    assert.equal(run.code, 64);
    assert.match(run.err, /--posts must be a whole number/);
  });

  describe('the site started on it', () => {
    let site: RunningSite;

    before(async () => {
      site = await startSite({ DATABASE_URL: place.url, WEB_CONCURRENCY: '1', LOG_LEVEL: 'warn' });
    });

    after(async () => {
      site.child.kill('SIGTERM');
      await site.exited;
    });

    it('serves the home page with generated posts first', async () => {
      const response = await fetch(`${site.url}/`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /class="post-card-title"/);
    });

    it('serves a category archive that holds generated posts', async () => {
      const response = await fetch(`${site.url}/category/world/`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok((html.match(/class="post-card"/g) ?? []).length > 1, 'more than one story in World');
    });

    it('shows the demo article with its 100 comments', async () => {
      const response = await fetch(`${site.url}${DEMO_ARTICLE_PATH}`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.equal((html.match(/<li id="comment-\d+" class="comment">/g) ?? []).length, DEMO_COMMENTS);
    });
  });
});
