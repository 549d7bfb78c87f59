import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * The paths of deleted pages, and those they had moved from: a reader or a search engine asking
 * for one is told it is gone for good (410), not that it never was. A page saved at such a path
 * later takes it back.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('deleted_pages')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
}
