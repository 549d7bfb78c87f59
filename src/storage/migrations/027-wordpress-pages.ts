import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Pages and menu items moved in from WordPress: their records of origin, and the old addresses
 * of pages (?page_id=, /about/) that answer with a redirect to the page's address here. The two
 * tables of migration 020 are rebuilt with the wider lists of kinds, their rows kept.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('wordpress_items_027')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('author', 'category', 'tag', 'post', 'comment', 'attachment', 'page', 'menu_item')`))
    .addColumn('wp_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wordpress_items_027_pk', ['site', 'kind', 'wp_id'])
    .execute();
  await db
    .insertInto('wordpress_items_027' as never)
    .expression(db.selectFrom('wordpress_items' as never).selectAll() as never)
    .execute();
  await db.schema.dropTable('wordpress_items').execute();
  await db.schema.alterTable('wordpress_items_027').renameTo('wordpress_items').execute();

  await db.schema
    .createTable('legacy_addresses_027')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'category', 'tag', 'author', 'page')`))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('legacy_addresses_027' as never)
    .expression(db.selectFrom('legacy_addresses' as never).selectAll() as never)
    .execute();
  await db.schema.dropTable('legacy_addresses').execute();
  await db.schema.alterTable('legacy_addresses_027').renameTo('legacy_addresses').execute();
}
