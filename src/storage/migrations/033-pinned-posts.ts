import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Pinned posts: an editor keeps a story at the top of the home page (WordPress's "sticky"). The
 * time of the pin orders them, newest pin first. The index holds only pinned posts (a handful of
 * rows), so the home page finds them without walking every post.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('posts').addColumn('pinned_at', 'text').execute();
  await db.schema.createIndex('posts_pinned_at').on('posts').column('pinned_at').where('pinned_at', 'is not', null).execute();
}
