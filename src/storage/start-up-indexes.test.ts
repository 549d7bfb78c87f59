import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import type { Db } from './db.ts';
import { findNextScheduledTime, markDuePostsLive } from './posts.ts';
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

  /** The plan of each statement `run` sends, as SQLite's "explain query plan" details. */
  async function plansOf(run: (db: Db) => Promise<unknown>): Promise<string[]> {
    const compiled: CompiledQuery[] = [];
    const executor = database.db.getExecutor();
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        compiled.push(executor.compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    await run(database.db.withPlugin(recorder));
    const plans: string[] = [];
    for (const query of compiled) {
      const result = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      plans.push(result.rows.map((row) => row.detail).join('; '));
    }
    return plans;
  }

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
