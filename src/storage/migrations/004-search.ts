import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Full-text search of posts with each database's own engine (SQLite FTS5, PostgreSQL
 * tsvector): the index, the triggers that keep it in step with every write to posts and their
 * sources, and the posts already written.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await dialect.search.createIndex(db);
}
