import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { postgresPlansOf, sqlitePlansOf } from '../../test/support/query-plans.ts';
import { countSameTextElsewhere, findDuplicateComment } from './comment-pace.ts';

/**
 * The duplicate check and the "same text elsewhere" spam signal run on every comment; they read
 * the index on the text's first 100 characters (migration 010), which only serves a query whose
 * expression is the index's own.
 */
describe('comment text lookups use the text-prefix index', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('the duplicate check and the same-text count', async () => {
    const run = async (db: Parameters<Parameters<typeof sqlitePlansOf>[1]>[0]) => {
      await findDuplicateComment(db, 1, 'Exactly this text.');
      await countSameTextElsewhere(db, 1, 'Exactly this text.', new Date());
    };
    if (TEST_BACKEND === 'sqlite') {
      for (const plan of await sqlitePlansOf(database.db, run)) assert.match(plan, /USING INDEX comments_text_prefix/, plan);
    } else {
      // On an empty table PostgreSQL would rather scan: take that choice away, as a big table would.
      await database.db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        for (const plan of await postgresPlansOf(tx, run)) assert.match(plan, /comments_text_prefix/, plan);
      });
    }
  });
});
