import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Erasure on request: when a commenter's data was erased (the comment stays in its thread as a
 * deleted comment), and an index for clearing addresses once they are older than the site keeps them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('comments').addColumn('erased_at', 'text').execute();
  await db.schema.createIndex('comments_created_at').on('comments').column('created_at').execute();
}
