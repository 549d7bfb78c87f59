import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * What readers browse and search by: categories and tags (one table of terms, told apart by
 * kind), a post's label (News, Analysis, Opinion), its plain text and word count (for search,
 * feeds' summaries and reading time), an optional lead image, and correction notes.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('terms')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('category', 'tag')`))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('terms_kind_slug', ['kind', 'slug'])
    .execute();

  await db.schema
    .createTable('post_terms')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_terms_pk', ['post_id', 'term_id'])
    .execute();
  await db.schema.createIndex('post_terms_term_id').on('post_terms').column('term_id').execute();

  await db.schema
    .alterTable('posts')
    .addColumn('label', 'text', (c) => c.check(sql`label in ('news', 'analysis', 'opinion')`))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('posts').addColumn('image_url', 'text').execute();
  await db.schema.alterTable('posts').addColumn('image_alt', 'text').execute();
  // Posts written before this migration: their Markdown is a close enough stand-in for their
  // text until the next save, and counting spaces a close enough word count.
  await sql`update posts set body_text = body_markdown,
    word_count = length(body_markdown) - length(replace(body_markdown, ' ', '')) + 1`.execute(db);
  await db.schema.createIndex('posts_author_published').on('posts').columns(['author_id', 'status', 'published_at']).execute();

  await db.schema
    .createTable('corrections')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) > 0`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('corrections_post_id').on('corrections').column('post_id').execute();
}
