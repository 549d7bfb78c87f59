import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * A site moved in from WordPress: which WordPress object each imported row came from (so that
 * importing the same export again changes nothing, and a newer export changes only what
 * changed), the old addresses that answer with a redirect to the new ones, and categories'
 * parents.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('wordpress_items')
    /** The exported site's address (its wp:base_blog_url), so two sites' ids never meet. */
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('author', 'category', 'tag', 'post', 'comment', 'attachment')`))
    /** WordPress's id (or an author's login), as text. */
    .addColumn('wp_id', 'text', (c) => c.notNull())
    /** The row it became; for an attachment, the post it belongs to (0 when none). */
    .addColumn('local_id', 'integer', (c) => c.notNull())
    /** A digest of the exported object as last imported: the same digest again means nothing changed. */
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wordpress_items_pk', ['site', 'kind', 'wp_id'])
    .execute();

  await db.schema
    .createTable('legacy_addresses')
    /** A path ("/archives/123/") or a query ("?p=123"), as normalised by domain/legacy-addresses.ts. */
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'category', 'tag', 'author')`))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('terms')
    .addColumn('parent_id', 'integer', (c) => c.references('terms.id').onDelete('set null'))
    .execute();
}
