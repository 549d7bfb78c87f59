import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { parseSearchQuery, SearchTimedOutError } from '../domain/search.ts';
import { SEARCH_TIME_LIMIT_MS } from './dialect/dialect.ts';
import { countPublishedMatches, rankEveryMatch, searchPublishedPage, searchPublishedPosts } from './search.ts';

describe('search counts', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T12:00:00Z');
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('ranks every page as one join of every match with its post would, ties, drafts and scheduled posts among the best', async () => {
    const db = database.db;
    const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
    // Identical posts score the same: ties, broken by date and then id. Some share a date.
    for (let i = 0; i < 36; i++) {
      const state = i % 6 === 1 ? 'draft' : i % 6 === 4 ? 'scheduled' : 'live';
      await aPost(db, {
        title: 'Quokka census',
        excerpt: 'The island counts its quokkas.',
        body: 'Rangers counted the quokkas again this spring.',
        status: state === 'draft' ? 'draft' : 'published',
        publishedAt: state === 'scheduled' ? day(2) : day(-1 - (i % 9)),
      });
    }
    // Posts that say it more often, in the headline or the body, rank above the rest.
    for (let i = 0; i < 24; i++) {
      const state = i % 5 === 0 ? 'draft' : i % 5 === 3 ? 'scheduled' : 'live';
      await aPost(db, {
        title: i % 2 ? `Quokka, quokka and more quokka ${i}` : `Island notes ${i}`,
        excerpt: 'Notes from the island.',
        body: `${'The quokka again. '.repeat(1 + (i % 4))}Other wildlife ${i}.`,
        status: state === 'draft' ? 'draft' : 'published',
        publishedAt: state === 'scheduled' ? day(1) : day(-2 - (i % 3)),
      });
    }
    const engine = database.dialect.search;
    const terms = parseSearchQuery('quokka').terms;
    const total = await countPublishedMatches(db, engine, terms, 'en', now);
    assert.equal(total, 24 + 14);
    let compared = 0;
    for (const limit of [1, 5, 10, 30]) {
      for (let offset = 0; offset < total + limit; offset += limit) {
        const query = { now, terms, language: 'en', limit, offset };
        const hits = await searchPublishedPosts(db, engine, query);
        assert.deepEqual(
          hits.map((hit) => hit.post.id),
          await rankEveryMatch(db, engine, query),
          `limit ${limit}, offset ${offset}`,
        );
        compared += 1;
      }
    }
    assert.equal(compared, 56);
  });

  it('counts the live posts that match, not drafts or posts scheduled for later', async () => {
    const db = database.db;
    const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
    for (let i = 0; i < 5; i++) await aPost(db, { title: `Walrus sighting ${i}`, status: 'published', publishedAt: day(-1 - i) });
    for (let i = 0; i < 3; i++) await aPost(db, { title: `Walrus draft ${i}`, status: 'draft' });
    await aPost(db, { title: 'Walrus embargoed', status: 'published', publishedAt: day(1) });
    await aPost(db, { title: 'Walrus next week', status: 'published', publishedAt: day(7) });
    for (let i = 0; i < 4; i++) await aPost(db, { title: `Seal sighting ${i}`, status: 'published', publishedAt: day(-2) });
    for (let i = 0; i < 2; i++) await aPost(db, { title: `Seal draft ${i}`, status: 'draft' });
    const engine = database.dialect.search;
    const walrus = parseSearchQuery('walrus').terms;
    assert.equal(await countPublishedMatches(db, engine, walrus, 'en', now), 5);
    assert.equal(await countPublishedMatches(db, engine, walrus, 'en', day(1)), 6);
    assert.equal(await countPublishedMatches(db, engine, walrus, 'en', day(30)), 7);
    assert.equal(await countPublishedMatches(db, engine, parseSearchQuery('sighting').terms, 'en', now), 9);
    assert.equal(await countPublishedMatches(db, engine, parseSearchQuery('walrus draft').terms, 'en', now), 0);
    assert.equal(await countPublishedMatches(db, engine, parseSearchQuery('narwhal').terms, 'en', now), 0);
    const page = await searchPublishedPage(db, engine, { now, terms: walrus, language: 'en', limit: 3, offset: 3 });
    assert.equal(page.total, 5);
    assert.equal(page.hits.length, 2);
    assert.ok(
      page.hits.every((hit) => hit.post.title.startsWith('Walrus sighting')),
      JSON.stringify(page.hits.map((h) => h.post.title)),
    );
  });

  it('stops a search past its time limit, and says so', async () => {
    const engine = database.dialect.search;
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 50);
    try {
      // A statement that would run far past the limit: a sleep on PostgreSQL, a long count on SQLite.
      const slow = engine.readSearch(database.db, (db) =>
        TEST_BACKEND === 'postgres'
          ? sql`select pg_sleep(${(SEARCH_TIME_LIMIT_MS + 3_000) / 1000})`.execute(db)
          : sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 50000000) select count(*) from n`.execute(db),
      );
      await assert.rejects(slow, SearchTimedOutError);
    } finally {
      clearInterval(ticking);
    }
    // Meanwhile this process went on with other work (on SQLite the search ran on its own thread).
    assert.ok(ticks >= SEARCH_TIME_LIMIT_MS / 50 / 2, `${ticks} ticks while the search ran`);
    if (TEST_BACKEND === 'postgres') {
      // The limit was the search's own: the connection goes back to the pool without it.
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(database.db);
      assert.equal(rows[0]?.statement_timeout, '0');
    }
    // The next search is answered as usual.
    const { rows } = await engine.readSearch(database.db, (db) => sql<{ one: number }>`select 1 as one`.execute(db));
    assert.deepEqual(rows, [{ one: 1 }]);
  });
});
