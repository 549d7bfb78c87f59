/** The site's header and footer menus: what an item may point at, and how items are checked. */

export const MENUS = ['header', 'footer'] as const;
export type MenuName = (typeof MENUS)[number];

export const MENU_ITEM_KINDS = ['page', 'category', 'tag', 'source', 'url'] as const;
export type MenuItemKind = (typeof MENU_ITEM_KINDS)[number];

/** Items per menu: a header with more than this no longer fits a phone's screen, a footer no longer reads as one. */
export const MAX_MENU_ITEMS = 30;
/** Longest label: a menu entry is a word or a few, not a sentence. */
export const MAX_MENU_LABEL = 100;
/** Longest address an item may hold. */
export const MAX_MENU_URL = 2_000;

export function isMenuName(value: unknown): value is MenuName {
  return typeof value === 'string' && (MENUS as readonly string[]).includes(value);
}

export function isMenuItemKind(value: unknown): value is MenuItemKind {
  return typeof value === 'string' && (MENU_ITEM_KINDS as readonly string[]).includes(value);
}

/** An item as stored: a target by id (a page, a term, a source) or an address. */
export interface MenuItem {
  id: number;
  menu: MenuName;
  position: number;
  label: string;
  kind: MenuItemKind;
  targetId: number | null;
  url: string | null;
}

/** An item as readers get it: a label and where it leads. */
export interface MenuLink {
  label: string;
  href: string;
}

export interface SiteMenus {
  header: MenuLink[];
  footer: MenuLink[];
}

export const NO_MENUS: SiteMenus = { header: [], footer: [] };

/**
 * An address a menu may lead to: http(s) anywhere, or a path on this site ("/about/",
 * "/feed/"). Anything else (javascript:, data:, protocol-relative "//host") is refused.
 */
export function isMenuUrl(value: string): boolean {
  if (value.length === 0 || value.length > MAX_MENU_URL || /\s/.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The order of ids after moving one a place up or down; the same order when it cannot move. */
export function moveInOrder(ids: readonly number[], id: number, direction: 'up' | 'down'): number[] {
  const order = [...ids];
  const at = order.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= order.length) return order;
  [order[at], order[to]] = [order[to]!, order[at]!];
  return order;
}
