import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Writing in the admin: every save of a post kept as a revision, old permalinks that answer
 * with a 301 after a slug or date change, and when a scheduled post went live (so that exactly
 * one process announces it to the page caches).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('comments_open', 'integer', (c) => c.notNull())
    /** JSON: [{kind, name}], categories then tags. */
    .addColumn('terms', 'text', (c) => c.notNull())
    /** JSON: [{name, url, role, language}], in the editor's order. */
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('published_at', 'text')
    /** Who saved it; null once that account is removed. */
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_post').on('post_revisions').columns(['post_id', 'id']).execute();

  await db.schema
    .createTable('post_redirects')
    /** An old permalink, "/2024/01/01/old-slug/". */
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  /** Set once a published post's time has come and the page caches were told; null while it waits. */
  await db.schema.alterTable('posts').addColumn('went_live_at', 'text').execute();
  await db
    .updateTable('posts' as never)
    .set({ went_live_at: sql`published_at` } as never)
    .where(sql`status`, '=', 'published')
    .execute();
  await db.schema.createIndex('posts_waiting_to_go_live').on('posts').columns(['went_live_at', 'published_at']).execute();
}
