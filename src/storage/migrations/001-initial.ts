import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/** The public site: settings, authors, posts and their sources, comments and their moderation log. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) > 0`))
    .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('published_at', 'text')
    .addColumn('comments_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('posts_published_have_date', sql`status <> 'published' or published_at is not null`)
    .execute();
  await db.schema.createIndex('posts_status_published_at').on('posts').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('sources')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text')
    .addColumn('homepage_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('post_sources')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('original', 'cited', 'via')`))
    .addColumn('url', 'text')
    .addColumn('language', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_sources_pk', ['post_id', 'source_id'])
    .execute();
  await db.schema.createIndex('post_sources_source_id').on('post_sources').column('source_id').execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull().check(sql`depth >= 1`))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text')
    .addColumn('author_ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'spam', 'trash')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_post_status').on('comments').columns(['post_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_email_status').on('comments').columns(['author_email', 'status']).execute();
  await db.schema.createIndex('comments_status_id').on('comments').columns(['status', 'id']).execute();

  await db.schema
    .createTable('comment_events')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_events_comment_id').on('comment_events').column('comment_id').execute();
}
