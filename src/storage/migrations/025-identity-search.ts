import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * The site's logo and icons, stored whole (a few KB each) so that every node serves them
 * (SiteImagesTable). And search in the site's language: the index made anew so it follows the "language" setting
 * (PostgreSQL's text search configuration for it; on SQLite, each text stored as its Snowball
 * stems, in place of FTS5's English-only Porter stemmer), with Chinese, Japanese and Korean
 * characters indexed one by one.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('site_images')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', dialect.binaryType, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull().check(sql`width > 0`))
    .addColumn('height', 'integer', (c) => c.notNull().check(sql`height > 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await dialect.search.recreateIndex(db);
}
