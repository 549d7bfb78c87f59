import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Photos used inside a post's or a page's text (`![alt](/media/12/)`), recorded when the text is
 * saved, so that the library lists those uses and refuses to delete the photo; and a revision's
 * featured image, so that comparing revisions shows it and restoring one puts it back.
 *
 * The uses of texts saved before this migration are recorded once at the next start
 * (services/media-uses.ts): reading a photo's address out of Markdown is the content layer's work.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const [table, owner, ownerTable] of [
    ['post_body_media', 'post_id', 'posts'],
    ['page_body_media', 'page_id', 'pages'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(owner, 'integer', (c) => c.notNull().references(`${ownerTable}.id`).onDelete('cascade'))
      // No cascade: a photo a text shows cannot be deleted, the last line behind the library's refusal.
      .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
      .addPrimaryKeyConstraint(`${table}_pkey`, [owner, 'media_id'])
      .execute();
    await db.schema.createIndex(`${table}_media_id`).on(table).column('media_id').execute();
  }
  /** The featured image the post had at this save; cleared if the photo is deleted later (a revision never keeps a photo in the library). */
  await db.schema
    .alterTable('post_revisions')
    .addColumn('featured_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .execute();
  /** 0 for saves before this migration: their featured image is unknown, and restoring one leaves the post's as it is. */
  await db.schema
    .alterTable('post_revisions')
    .addColumn('featured_recorded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('post_revisions_featured_media_id').on('post_revisions').column('featured_media_id').execute();
}
