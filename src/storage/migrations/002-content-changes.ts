import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * An append-only log of what changed, as cache keys ("posts", "comments:12"). Every process
 * reads it to drop exactly the cached pages a change affects, whoever made the change.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await dialect.announceInserts(db, 'content_changes');
}
