import { DomainError, NotFoundError } from '../domain/errors.ts';
import {
  isMenuUrl,
  MAX_MENU_ITEMS,
  MENUS,
  moveInOrder,
  NO_MENUS,
  type MenuItem,
  type MenuItemKind,
  type MenuLink,
  type MenuName,
  type SiteMenus,
} from '../domain/menus.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { pageHref } from '../domain/pages.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Executor } from '../storage/db.ts';
import {
  deleteMenuItem,
  findMenuItem,
  insertMenuItem,
  listMenuItemIds,
  listMenuItems,
  listMenuTargets,
  menuTargetExists,
  setMenuOrder,
  type MenuItemWithTarget,
  type MenuTargets,
} from '../storage/menus.ts';

export type { MenuTargets, SiteMenus };

/** Targets offered per kind in the admin's lists. */
const MAX_TARGETS = 1_000;

/** Where an item leads, or null when its target is gone or not published (the item is then not shown). */
function hrefOf(item: MenuItemWithTarget): string | null {
  if (item.kind === 'url') return item.url;
  if (item.targetSlug === null) return null;
  if (item.kind === 'page') return pageHref(item.targetSlug);
  return `/${item.kind}/${encodeURIComponent(item.targetSlug)}/`;
}

/** The header and footer menus as readers see them: every item whose target can be shown, in order. */
export async function loadMenus(db: Executor): Promise<SiteMenus> {
  const menus: SiteMenus = { header: [], footer: [] };
  for (const item of await listMenuItems(db, MAX_MENU_ITEMS * MENUS.length)) {
    const href = hrefOf(item);
    if (href !== null) menus[item.menu].push({ label: item.label, href });
  }
  return menus;
}

export { NO_MENUS };

export interface AdminMenuItem extends MenuItem {
  /** Where it leads now; null when its target is gone or not published, so readers do not see it. */
  href: string | null;
}

/** Both menus for the admin, hidden items included. */
export async function loadMenusForAdmin(db: Executor): Promise<Record<MenuName, AdminMenuItem[]>> {
  const menus: Record<MenuName, AdminMenuItem[]> = { header: [], footer: [] };
  for (const item of await listMenuItems(db, MAX_MENU_ITEMS * MENUS.length)) menus[item.menu].push({ ...item, href: hrefOf(item) });
  return menus;
}

export function loadMenuTargets(db: Executor): Promise<MenuTargets> {
  return listMenuTargets(db, MAX_TARGETS);
}

export type NewMenuItem = { menu: MenuName; label: string } & ({ kind: Exclude<MenuItemKind, 'url'>; targetId: number } | { kind: 'url'; url: string });

/** Adds an item at the end of its menu; every page shows the menus, so every cached page is dropped. */
export async function addMenuItem(db: Db, item: NewMenuItem, now: Date): Promise<number> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    if ((await listMenuItemIds(tx, item.menu, MAX_MENU_ITEMS + 1)).length >= MAX_MENU_ITEMS) {
      throw new DomainError(
        'invalid',
        `A menu holds at most ${MAX_MENU_ITEMS} items. Remove one first.`,
        {},
        { code: 'menuFull', values: { max: MAX_MENU_ITEMS } },
      );
    }
    if (item.kind === 'url') {
      if (!isMenuUrl(item.url))
        throw new DomainError(
          'invalid',
          'Not an address a menu may lead to.',
          { url: 'Type an address starting with https://, http:// or /.' },
          { code: 'menuUrl' },
        );
    } else if (!(await menuTargetExists(tx, item.kind, item.targetId))) {
      throw new DomainError('invalid', 'That no longer exists.', { target: 'Choose one from the list.' }, { code: 'menuTargetGone' });
    }
    const id = await insertMenuItem(
      tx,
      { menu: item.menu, label: item.label, kind: item.kind, targetId: item.kind === 'url' ? null : item.targetId, url: item.kind === 'url' ? item.url : null },
      now,
    );
    pagesChanged([EVERY_PAGE]);
    return id;
  });
}

export async function removeMenuItem(db: Db, id: number, now: Date): Promise<void> {
  await changeContent(db, now, async (tx, pagesChanged) => {
    if (!(await deleteMenuItem(tx, id))) throw new NotFoundError('Menu item');
    pagesChanged([EVERY_PAGE]);
  });
}

/** Moves an item one place up or down in its menu; at either end it stays. */
export async function moveMenuItem(db: Db, id: number, direction: 'up' | 'down', now: Date): Promise<void> {
  await changeContent(db, now, async (tx, pagesChanged) => {
    const item = await findMenuItem(tx, id);
    if (!item) throw new NotFoundError('Menu item');
    const ids = await listMenuItemIds(tx, item.menu, MAX_MENU_ITEMS * 2);
    const order = moveInOrder(ids, id, direction);
    if (order.every((v, i) => v === ids[i])) return;
    await setMenuOrder(tx, order);
    pagesChanged([EVERY_PAGE]);
  });
}

export type { MenuLink };
