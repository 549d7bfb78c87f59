/** The header and footer menus' items, with their targets turned into links in one query. */
import type { MenuItem, MenuItemKind, MenuName } from '../domain/menus.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/** An item with what its link needs: the target's path or slug, null when the target is gone or not published. */
export interface MenuItemWithTarget extends MenuItem {
  targetSlug: string | null;
}

/**
 * Every item of every menu in order, each joined to its target: a published page's path, a
 * term's or a source's slug. One query for every page a reader opens.
 */
export async function listMenuItems(db: Executor, limit: number): Promise<MenuItemWithTarget[]> {
  const rows = await db
    .selectFrom('menu_items')
    .leftJoin('pages', (j) => j.onRef('pages.id', '=', 'menu_items.target_id').on('menu_items.kind', '=', 'page').on('pages.status', '=', 'published'))
    .leftJoin('terms', (j) =>
      j
        .onRef('terms.id', '=', 'menu_items.target_id')
        .on((eb) => eb.or([eb('menu_items.kind', '=', 'category'), eb('menu_items.kind', '=', 'tag')]))
        .onRef('terms.kind', '=', 'menu_items.kind'),
    )
    .leftJoin('sources', (j) => j.onRef('sources.id', '=', 'menu_items.target_id').on('menu_items.kind', '=', 'source'))
    .select([
      'menu_items.id',
      'menu_items.menu',
      'menu_items.position',
      'menu_items.label',
      'menu_items.kind',
      'menu_items.target_id',
      'menu_items.url',
      'pages.path as page_path',
      'terms.slug as term_slug',
      'sources.slug as source_slug',
    ])
    .orderBy('menu_items.menu')
    .orderBy('menu_items.position')
    .orderBy('menu_items.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    menu: r.menu,
    position: r.position,
    label: r.label,
    kind: r.kind,
    targetId: r.target_id,
    url: r.url,
    targetSlug: r.page_path ?? r.term_slug ?? r.source_slug ?? null,
  }));
}

export async function findMenuItem(db: Executor, id: number): Promise<MenuItem | undefined> {
  const r = await db.selectFrom('menu_items').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, menu: r.menu, position: r.position, label: r.label, kind: r.kind, targetId: r.target_id, url: r.url };
}

/** The ids of a menu's items in order. */
export async function listMenuItemIds(db: Executor, menu: MenuName, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('menu_items').select('id').where('menu', '=', menu).orderBy('position').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export interface MenuItemInsert {
  menu: MenuName;
  label: string;
  kind: MenuItemKind;
  targetId: number | null;
  url: string | null;
}

/** Adds an item at the end of its menu. */
export async function insertMenuItem(db: Executor, item: MenuItemInsert, now: Date): Promise<number> {
  const last = await db
    .selectFrom('menu_items')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('menu', '=', item.menu)
    .executeTakeFirst();
  const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  const row = await db
    .insertInto('menu_items')
    .values({ menu: item.menu, position, label: item.label, kind: item.kind, target_id: item.targetId, url: item.url, created_at: toDbTime(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteMenuItem(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('menu_items').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Numbers a menu's items 0, 1, 2… in the order given. */
export async function setMenuOrder(db: Executor, ids: readonly number[]): Promise<void> {
  for (const [position, id] of ids.entries()) await db.updateTable('menu_items').set({ position }).where('id', '=', id).execute();
}

/** Whether any menu item exists: a fresh site gets its default menus only once. */
export async function hasMenuItems(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('menu_items').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface MenuTargets {
  pages: Array<{ id: number; title: string; path: string; published: boolean }>;
  categories: Array<{ id: number; name: string }>;
  tags: Array<{ id: number; name: string }>;
  sources: Array<{ id: number; name: string }>;
}

/** What an item may point at, by name, for the admin's choices. */
export async function listMenuTargets(db: Executor, limit: number): Promise<MenuTargets> {
  const pages = await db.selectFrom('pages').select(['id', 'title', 'path', 'status']).orderBy('path').limit(limit).execute();
  const terms = await db.selectFrom('terms').select(['id', 'kind', 'name']).orderBy('kind').orderBy('name').limit(limit).execute();
  const sources = await db.selectFrom('sources').select(['id', 'name']).orderBy('name').limit(limit).execute();
  return {
    pages: pages.map((p) => ({ id: p.id, title: p.title, path: p.path, published: p.status === 'published' })),
    categories: terms.filter((t) => t.kind === 'category').map((t) => ({ id: t.id, name: t.name })),
    tags: terms.filter((t) => t.kind === 'tag').map((t) => ({ id: t.id, name: t.name })),
    sources: sources.map((s) => ({ id: s.id, name: s.name })),
  };
}

/** Whether the target an item would point at exists. */
export async function menuTargetExists(db: Executor, kind: Exclude<MenuItemKind, 'url'>, id: number): Promise<boolean> {
  if (kind === 'page') return (await db.selectFrom('pages').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  if (kind === 'source') return (await db.selectFrom('sources').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  return (await db.selectFrom('terms').select('id').where('id', '=', id).where('kind', '=', kind).executeTakeFirst()) !== undefined;
}

/** The items that lead to a page: a page is not deleted from under a menu. */
export async function listMenuItemsForPage(db: Executor, pageId: number, limit: number): Promise<Array<{ id: number; menu: MenuName; label: string }>> {
  return db
    .selectFrom('menu_items')
    .select(['id', 'menu', 'label'])
    .where('kind', '=', 'page')
    .where('target_id', '=', pageId)
    .orderBy('menu')
    .orderBy('position')
    .limit(limit)
    .execute();
}
