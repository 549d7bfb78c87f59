import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Search in the site's language: the index made anew so it follows the "language" setting
 * (PostgreSQL's text search configuration for it; on SQLite, each text stored as its Snowball
 * stems, in place of FTS5's English-only Porter stemmer), with Chinese, Japanese and Korean
 * characters indexed one by one.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await dialect.search.recreateIndex(db);
}
