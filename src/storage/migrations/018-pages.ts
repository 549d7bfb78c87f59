import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Static pages (About, Corrections policy) in a table of their own rather than a kind of post:
 * every query of posts (home, archives, feeds, related posts, search) stays as it was, with no
 * condition to add and no index to widen. A page's full path ("about/team") is stored beside
 * its slug so that a reader's address is found by one exact lookup; a page that moves leaves
 * its old path behind in page_redirects.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('pages')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    /**
     * No foreign key: a page may be moved under a page created after it, and a copy between
     * databases inserts in id order. The service checks that the parent exists and is no
     * descendant.
     */
    .addColumn('parent_id', 'integer')
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`length(slug) between 1 and 200`))
    /** The slugs of the page and its parents joined by "/", without outer slashes. */
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    /** Sanitized when written, like a post's body. */
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'integer', (c) => c.references('authors.id'))
    .addColumn('comments_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pages_parent_id').on('pages').columns(['parent_id', 'menu_order']).execute();

  await db.schema
    .createTable('page_redirects')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('page_redirects_page_id').on('page_redirects').column('page_id').execute();
}
