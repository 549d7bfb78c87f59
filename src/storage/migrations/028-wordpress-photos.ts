import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * WordPress attachments moved into the photo library: the record of which attachment became
 * which photo (kind 'photo', so that importing again stores no photo twice), and the old file
 * addresses (/wp-content/uploads/…) that answer with a redirect to the photo (kind 'media'). The
 * two tables are rebuilt with the wider lists of kinds, their rows kept, as in migration 027.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('wordpress_items_028')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('author', 'category', 'tag', 'post', 'comment', 'attachment', 'page', 'menu_item', 'photo')`),
    )
    .addColumn('wp_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wordpress_items_028_pk', ['site', 'kind', 'wp_id'])
    .execute();
  await db
    .insertInto('wordpress_items_028' as never)
    .expression(db.selectFrom('wordpress_items' as never).selectAll() as never)
    .execute();
  await db.schema.dropTable('wordpress_items').execute();
  await db.schema.alterTable('wordpress_items_028').renameTo('wordpress_items').execute();

  await db.schema
    .createTable('legacy_addresses_028')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'category', 'tag', 'author', 'page', 'media')`))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('legacy_addresses_028' as never)
    .expression(db.selectFrom('legacy_addresses' as never).selectAll() as never)
    .execute();
  await db.schema.dropTable('legacy_addresses').execute();
  await db.schema.alterTable('legacy_addresses_028').renameTo('legacy_addresses').execute();
}
