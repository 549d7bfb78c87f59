import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parseSearchQuery } from '../domain/search.ts';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { postgresPlansOf, sqlitePlansOf } from '../../test/support/query-plans.ts';
import { countPublishedMatches, searchPublishedPage, searchPublishedPages, searchPublishedPosts } from './search.ts';

/**
 * A search must read the full-text index once and then find each match's post by id. When
 * SQLite flattened the match into the join, it walked every post and ran the full-text query
 * again for each: 9 s for "the" on a site of 10,000 posts. SQLite's plan depends on the schema
 * alone here (no statistics are gathered), so an empty database shows the plan a large one gets.
 */
describe('search reads the full-text index once', { skip: TEST_BACKEND !== 'sqlite' && 'the query plans are SQLite’s' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('the results page and its count', async () => {
    const terms = parseSearchQuery('the news').terms;
    const engine = database.dialect.search;
    const plans = await sqlitePlansOf(database.db, async (db) => {
      await searchPublishedPosts(db, engine, { now: new Date(), terms, language: 'en', limit: 10, offset: 0 });
      await countPublishedMatches(db, engine, terms, 'en', new Date());
    });
    const searches = plans.filter((plan) => plan.includes('VIRTUAL TABLE') && !plan.includes('rowid IN'));
    assert.equal(searches.length, 3, plans.join('\n'));
    const [ranked, everyMatch, notLive] = searches as [string, string, string];
    // The match is worked out first, once (as a co-routine or a table), then joined to the posts;
    // never a virtual-table scan inside the loop over posts.
    assert.match(ranked, /^(CO-ROUTINE|MATERIALIZE) matches; SCAN post_search VIRTUAL TABLE/);
    // The count: the index's matches alone, without reading a post for each...
    assert.match(everyMatch, /^(CO-ROUTINE|MATERIALIZE) matches; SCAN post_search VIRTUAL TABLE/);
    assert.doesNotMatch(everyMatch, /posts/);
    // ...less the posts not live (drafts, scheduled), found through the (status, published_at)
    // index and checked against the matches, read once as a list.
    assert.match(notLive, /SEARCH posts USING COVERING INDEX posts_status_published_at/);
    assert.match(notLive, /LIST SUBQUERY \d+; SCAN post_search VIRTUAL TABLE/);
    assert.doesNotMatch(notLive, /SCAN posts/);
  });

  it('the pages found: the index of pages read once, each match’s page by its id', async () => {
    const terms = parseSearchQuery('ethics policy').terms;
    const plans = await sqlitePlansOf(database.db, (db) => searchPublishedPages(db, database.dialect.search, terms, 'en', 3));
    assert.equal(plans.length, 1, plans.join('\n'));
    const [plan] = plans as [string];
    assert.match(plan, /(CO-ROUTINE|MATERIALIZE) page_matches; SCAN page_search VIRTUAL TABLE/, plan);
    assert.match(plan, /SEARCH pages USING INTEGER PRIMARY KEY \(rowid=\?\)/, plan);
    assert.doesNotMatch(plan, /SCAN pages/, plan);
  });
});

/**
 * PostgreSQL's planner prices "document @@ query" as if each row's match were free, so when a
 * word is in most posts it reads every stored document (each out of line and compressed) instead
 * of asking the GIN index: 34 ms against 3 ms for "nato" on 10,000 posts. On a small table it
 * does so for any word, which shows the same choice here (dialect/postgres-search.ts, readSearch).
 */
describe('search finds a common word through the index', { skip: TEST_BACKEND !== 'postgres' && 'the query plans are PostgreSQL’s' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('the count and the ranked page', async () => {
    for (let i = 0; i < 20; i++) await aPost(database.db, { title: `NATO ministers meet, day ${i}` });
    await sql`analyze`.execute(database.db);
    const terms = parseSearchQuery('nato').terms;
    const engine = database.dialect.search;
    const now = new Date();
    const found = await searchPublishedPage(database.db, engine, { now, terms, language: 'en', limit: 5, offset: 0 });
    assert.equal(found.total, 20);
    assert.equal(found.hits.length, 5);
    const plans = await engine.readSearch(database.db, (tx) =>
      postgresPlansOf(tx, async (db) => {
        await countPublishedMatches(db, engine, terms, 'en', now);
        await searchPublishedPosts(db, engine, { now, terms, language: 'en', limit: 5, offset: 0 });
      }),
    );
    const searches = plans.filter((plan) => plan.includes('post_search'));
    assert.equal(searches.length, 3, plans.join('\n\n'));
    // Every match counted, then the posts not live among them (a draft's document read by its id), then the ranked page.
    const [everyMatch, , ranked] = searches as [string, string, string];
    for (const plan of [everyMatch, ranked]) assert.match(plan, /Bitmap Index Scan on post_search_document/, plan);
    for (const plan of searches) assert.doesNotMatch(plan, /Seq Scan on post_search|Index Scan using post_search_pkey/, plan);
  });

  it('the pages found, through the index of pages', async () => {
    const now = new Date();
    for (let i = 0; i < 20; i++) {
      await database.db
        .insertInto('pages')
        .values({
          parent_id: null,
          slug: `ethics-${i}`,
          path: `ethics-${i}`,
          title: `Ethics policy ${i}`,
          body_markdown: 'How we report.',
          body_html: '<p>How we report.</p>',
          body_text: 'How we report.',
          status: 'published',
          menu_order: 0,
          author_id: null,
          comments_open: 0,
          published_at: now.toISOString(),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    }
    await sql`analyze`.execute(database.db);
    const terms = parseSearchQuery('ethics').terms;
    const engine = database.dialect.search;
    const found = await searchPublishedPage(database.db, engine, { now, terms, language: 'en', limit: 5, offset: 0, pages: 3 });
    assert.equal(found.pages.length, 3);
    const plans = await engine.readSearch(database.db, (tx) => postgresPlansOf(tx, (db) => searchPublishedPages(db, engine, terms, 'en', 3)));
    assert.equal(plans.length, 1);
    const [plan] = plans as [string];
    assert.match(plan, /Bitmap Index Scan on page_search_document/, plan);
    assert.doesNotMatch(plan, /Seq Scan on page_search|Index Scan using page_search_pkey/, plan);
  });
});
