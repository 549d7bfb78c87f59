import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Each article's related posts, as ranked when it was last shown (storage/related-posts.ts).
 * Ranking counts the links of every post that shares a category, tag or source with the
 * article, which grows with the site (1 ms on 10,000 posts, 11 ms on 100,000 for a story in a
 * busy category), and the page is rendered again at every approved comment. A ranking holds
 * until the lists of posts change: post_lists_version counts those changes (every change that
 * names the "posts" or "*" page key, storage/changes.ts), and a ranking keeps the count it was
 * made at. Both are derived data: a copy of the site (migrate-db) leaves them out.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_lists_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addCheckConstraint('post_lists_version_one_row', sql`id = 1`)
    .execute();
  await sql`insert into post_lists_version (id, version) values (1, 0)`.execute(db);
  await db.schema
    .createTable('related_rankings')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('lists_version', 'integer', (c) => c.notNull())
    .addColumn('ranked_limit', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('related_ids', 'text', (c) => c.notNull())
    .execute();
}
