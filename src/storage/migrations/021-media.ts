import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Photos: what the library knows of each image, its original bytes, and a post's featured image.
 * The originals live in the database so that every node of a site reads the same ones (nodes
 * share no disk); the sizes readers get are made from them and kept in each node's cache folder.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    /** SHA-256 of the original upload, hex: variant addresses carry it, so a browser may keep them forever. */
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** Read from the bytes, never the file name: image/jpeg, image/png, image/webp, image/avif, image/gif, image/heif. */
    .addColumn('mime_type', 'text', (c) => c.notNull())
    /** As readers see it, the EXIF orientation applied. */
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    /** The name it was uploaded under, shown in the library only. */
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull())
    /** "Photo: Reuters": printed as typed; when it names one of the site's sources, linked to its page. */
    .addColumn('credit_text', 'text', (c) => c.notNull())
    .addColumn('credit_source_id', 'integer', (c) => c.references('sources.id').onDelete('set null'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_created_at').on('media').columns(['created_at', 'id']).execute();

  /** The original upload, never served as it is: apart from the rest so that listing the library reads no image. */
  await db.schema
    .createTable('media_originals')
    .addColumn('media_id', 'integer', (c) => c.primaryKey().references('media.id').onDelete('cascade'))
    .addColumn('bytes', dialect.binaryType, (c) => c.notNull())
    .execute();

  /** A post's featured image; an image a post uses cannot be deleted (the library says which posts). */
  await db.schema
    .alterTable('posts')
    .addColumn('featured_media_id', 'integer', (c) => c.references('media.id'))
    .execute();
  await db.schema.createIndex('posts_featured_media_id').on('posts').column('featured_media_id').execute();
}
