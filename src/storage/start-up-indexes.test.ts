import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import type { Executor } from './db.ts';
import { findNextScheduledTime, markDuePostsLive } from './post-scheduling.ts';
import { clearAddressesBefore } from './privacy.ts';

/**
 * The checks every serving process runs at start must read the partial indexes of migration 011:
 * without them SQLite walked every post or every old comment (0.3 s and 0.9 s on a site with
 * 100,000 posts and a million comments). SQLite's plan depends on the schema alone here (no
 * statistics are gathered), so an empty database shows the plan a large one gets.
 */
describe('the start-up checks read their partial indexes', { skip: TEST_BACKEND !== 'sqlite' && 'the query plans are SQLite’s' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  const plansOf = (run: (db: Executor) => Promise<unknown>) => sqlitePlansOf(database.db, run);

  it('posts not yet live: marking the due ones and finding the next', async () => {
    const plans = [...(await plansOf((db) => markDuePostsLive(db, new Date()))), ...(await plansOf((db) => findNextScheduledTime(db)))];
    assert.equal(plans.length, 2);
    for (const plan of plans) assert.match(plan, /USING (COVERING )?INDEX posts_not_live_yet/);
  });

  it('comments that still keep an address', async () => {
    const [plan] = await plansOf((db) => clearAddressesBefore(db, new Date()));
    assert.match(plan ?? '', /USING (COVERING )?INDEX comments_with_address/);
  });
});
