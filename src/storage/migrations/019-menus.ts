import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * The header and footer menus: items in order, each pointing at a page, a category or tag, a
 * source, or an address. Targets are kept by id and turned into links when read, so a page that
 * moves keeps its menu entry; an item whose target is gone or unpublished is not shown.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('menu_items')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('menu', 'text', (c) => c.notNull().check(sql`menu in ('header', 'footer')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().check(sql`length(label) between 1 and 100`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('page', 'category', 'tag', 'source', 'url')`))
    .addColumn('target_id', 'integer')
    .addColumn('url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('menu_items_menu').on('menu_items').columns(['menu', 'position']).execute();
}
