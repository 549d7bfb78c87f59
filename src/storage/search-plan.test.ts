import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseSearchQuery } from '../domain/search.ts';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import { countPublishedMatches, searchPublishedPosts } from './search.ts';

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
      await searchPublishedPosts(db, engine, { now: new Date(), terms, limit: 10, offset: 0 });
      await countPublishedMatches(db, engine, terms, new Date());
    });
    const searches = plans.filter((plan) => plan.includes('VIRTUAL TABLE') && !plan.includes('rowid IN'));
    assert.equal(searches.length, 2, plans.join('\n'));
    // The match is worked out first, once (as a co-routine or a table), then joined to the posts;
    // never a virtual-table scan inside the loop over posts.
    for (const plan of searches) assert.match(plan, /^(CO-ROUTINE|MATERIALIZE) matches; SCAN post_search VIRTUAL TABLE/);
  });
});
