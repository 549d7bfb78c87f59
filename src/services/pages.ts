import { loadBodyPhotos, recordBodyPhotos } from './media.ts';
import { renderBody } from '../content/markdown.ts';
import { resolveSlug } from '../domain/post-editor.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import {
  childPath,
  isReservedPageSlug,
  keysOfPageSave,
  MAX_PAGE_DEPTH,
  pageHref,
  pageKey,
  reservedSlugMessage,
  type Page,
  type PageDraft,
} from '../domain/pages.ts';
import { slugCandidates } from '../domain/slugs.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Executor, Tx } from '../storage/db.ts';
import type { MenuName } from '../domain/menus.ts';
import { listMenuItemsForPage } from '../storage/menus.ts';
import {
  deletePageRedirect,
  deletePageRow,
  findPageById,
  findPageByPath,
  findPageIdByPath,
  findPageRedirect,
  forgetDeletedPagePath,
  insertPage,
  isDeletedPagePath,
  listChildPages,
  listPageRedirectPaths,
  listPages,
  listPublishedPagePaths,
  listPageRowsInStatuses,
  listPublishedPageRows,
  putDeletedPagePaths,
  putPageRedirect,
  updatePage,
  updatePagePath,
  type PageListing,
} from '../storage/pages.ts';
import { loadSiteSettings } from './settings.ts';

export type { Page, PageDraft, PageListing };

/** Pages a site keeps: a newsroom has a dozen; the admin's list and the sitemap read at most this many. */
export const MAX_PAGES = 1_000;
/** Numbered slugs tried before giving up ("about-2" … "about-100"): more duplicates than this is a mistake, not a site. */
const MAX_SLUG_TRIES = 100;
/** Pages under one page that move with it; far above any real About section. */
const MAX_CHILDREN = 500;

export interface SavePageRequest {
  /** The page to change; absent to create one. */
  id?: number;
  draft: PageDraft;
  /** The byline it is kept under: the editor, or an imported author. */
  authorId: number | null;
  /** Closed unless asked: a page is not a conversation. */
  commentsOpen?: boolean;
  /** When it was first published; now, when it is published without one. */
  publishedAt?: Date | null;
  /**
   * The page's version (its updatedAt) the editor's form was loaded from: a save is refused with
   * a conflict when someone saved the page since. Importers leave it out.
   */
  baseVersion?: Date;
}

export interface SavedPage {
  id: number;
  path: string;
  /** The address readers find it at. */
  href: string;
}

/** Moves every page under `parent` to the parent's new path, recording each old path as a redirect. */
async function moveChildren(tx: Tx, parent: { id: number; path: string }, now: Date, depth = 0): Promise<void> {
  if (depth > MAX_PAGE_DEPTH) return;
  for (const child of await listChildPages(tx, parent.id, MAX_CHILDREN)) {
    const path = childPath(parent.path, child.slug);
    if (path === child.path) continue;
    await updatePagePath(tx, child.id, path);
    await deletePageRedirect(tx, path);
    await forgetDeletedPagePath(tx, path);
    await putPageRedirect(tx, child.path, child.id, now);
    await moveChildren(tx, { id: child.id, path }, now, depth + 1);
  }
}

/** The parent's path, checked: it exists, is not the page itself or below it, and leaves room for one more level. */
async function parentPathOf(tx: Tx, parentId: number | null, pageId: number | undefined, current: Page | undefined): Promise<string | null> {
  if (parentId === null) return null;
  const parent = await findPageById(tx, parentId);
  if (!parent) throw new DomainError('invalid', 'The parent page no longer exists.', { parent: 'Choose a parent page from the list.' }, { code: 'parentGone' });
  if (pageId !== undefined && current && (parent.id === pageId || parent.path.startsWith(`${current.path}/`))) {
    const message = 'A page cannot be placed under itself or one of its own sub-pages.';
    throw new DomainError('invalid', message, { parent: message }, { code: 'parentLoop' });
  }
  if (parent.path.split('/').length >= MAX_PAGE_DEPTH) {
    const message = `Pages nest at most ${MAX_PAGE_DEPTH} levels deep. Choose a parent higher up.`;
    throw new DomainError('invalid', message, { parent: message }, { code: 'parentTooDeep', values: { max: MAX_PAGE_DEPTH } });
  }
  return parent.path;
}

/**
 * Creates or changes a page in one transaction: the slug from the title when none is typed,
 * refused when it is one of the site's own addresses, numbered ("-2") when another page under
 * the same parent has it; its old address (and those of the pages under it) kept as redirects
 * when it moves; the cached pages that show it dropped.
 */
export async function savePage(db: Db, request: SavePageRequest, now: Date, alsoInTransaction?: AlsoInTransaction): Promise<SavedPage> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const current = request.id === undefined ? undefined : await findPageById(tx, request.id);
    if (request.id !== undefined && !current) throw new NotFoundError('Page');
    if (current && request.baseVersion && request.baseVersion.getTime() !== current.updatedAt.getTime()) throw pageConflict();
    const { draft } = request;
    const { slugCyrillicToLatin } = await loadSiteSettings(tx);
    const resolved = resolveSlug(draft.slug, draft.title, { cyrillicToLatin: slugCyrillicToLatin });
    if ('error' in resolved) throw new DomainError('invalid', resolved.error, { slug: resolved.error }, resolved.reason);
    const parentPath = await parentPathOf(tx, draft.parentId, request.id, current);
    if (parentPath === null && isReservedPageSlug(resolved.slug)) {
      const message = reservedSlugMessage(resolved.slug);
      throw new DomainError('invalid', message, { slug: message }, { code: 'slugReserved', values: { slug: resolved.slug } });
    }
    const slug = await freeSlug(tx, parentPath, resolved.slug, request.id);
    const path = childPath(parentPath, slug);
    const photos = await loadBodyPhotos(tx, draft.bodyMarkdown);
    const body = renderBody(draft.bodyMarkdown, photos);
    const live = draft.status === 'published';
    const write = {
      parentId: draft.parentId,
      slug,
      path,
      title: draft.title,
      bodyMarkdown: draft.bodyMarkdown,
      bodyHtml: body.bodyHtml,
      bodyText: body.bodyText,
      status: draft.status,
      menuOrder: draft.menuOrder,
      authorId: current?.authorId ?? request.authorId,
      commentsOpen: request.commentsOpen ?? current?.commentsOpen ?? false,
      publishedAt: request.publishedAt ?? current?.publishedAt ?? (live ? now : null),
    };
    await deletePageRedirect(tx, path);
    await forgetDeletedPagePath(tx, path);
    let id: number;
    if (current) {
      id = current.id;
      if (!(await updatePage(tx, id, write, now, request.baseVersion))) throw pageConflict();
      if (current.path !== path) {
        await putPageRedirect(tx, current.path, id, now);
        await moveChildren(tx, { id, path }, now);
      }
    } else {
      id = await insertPage(tx, write, now);
    }
    await recordBodyPhotos(tx, { kind: 'page', id }, photos);
    pagesChanged(keysOfPageSave(id, current && { live: current.status === 'published', path: current.path }, { live, path }));
    const saved = { id, path, href: pageHref(path) };
    await alsoInTransaction?.(tx, saved);
    return saved;
  });
}

/** The slug itself, or the first numbered one ("about-2") no other page under the same parent has. */
async function freeSlug(tx: Tx, parentPath: string | null, slug: string, ownId: number | undefined): Promise<string> {
  let tries = 0;
  for (const candidate of slugCandidates(slug)) {
    const holder = await findPageIdByPath(tx, childPath(parentPath, candidate));
    if (holder === undefined || holder === ownId) return candidate;
    if (++tries >= MAX_SLUG_TRIES) break;
  }
  const message = `Too many pages here use the slug "${slug}". Choose another.`;
  throw new DomainError('invalid', message, { slug: message }, { code: 'slugCrowded', values: { slug } });
}

/**
 * What an importer writes with a page, in the page's own transaction: its record of where the
 * page came from, so that a stop between the two can never leave a page without one (which the
 * next run would import again as "about-2").
 */
export type AlsoInTransaction = (tx: Tx, saved: SavedPage) => Promise<void>;

/** Creates a page (for the editor and for importers). */
export function createPage(db: Db, request: Omit<SavePageRequest, 'id'>, now: Date, alsoInTransaction?: AlsoInTransaction): Promise<SavedPage> {
  return savePage(db, request, now, alsoInTransaction);
}

/** Changes a page (for the editor and for importers); NotFoundError when it is gone. */
export function changePage(db: Db, id: number, request: Omit<SavePageRequest, 'id'>, now: Date, alsoInTransaction?: AlsoInTransaction): Promise<SavedPage> {
  return savePage(db, { ...request, id }, now, alsoInTransaction);
}

export type PublicPage = { kind: 'page'; page: Page; parents: Page[] } | { kind: 'moved'; location: string } | { kind: 'gone' };

/**
 * What a reader gets at a path ("about/team", no outer slashes): the published page there, else
 * the page that was once there (a 301), else nothing. Both are exact lookups by key.
 */
export async function findPublicPage(db: Executor, path: string): Promise<PublicPage | undefined> {
  const page = await findPageByPath(db, path);
  if (page?.status === 'published') return { kind: 'page', page, parents: await publishedParents(db, path) };
  if (page) return undefined;
  const movedId = await findPageRedirect(db, path);
  if (movedId === undefined) return (await isDeletedPagePath(db, path)) ? { kind: 'gone' } : undefined;
  const moved = await findPageById(db, movedId);
  return moved?.status === 'published' ? { kind: 'moved', location: pageHref(moved.path) } : undefined;
}

/** The published pages above a path ("about", then "about/team" for "about/team/history"), outermost first. */
async function publishedParents(db: Executor, path: string): Promise<Page[]> {
  const segments = path.split('/');
  const parents: Page[] = [];
  for (let n = 1; n < segments.length; n++) {
    const parent = await findPageByPath(db, segments.slice(0, n).join('/'));
    if (parent?.status === 'published') parents.push(parent);
  }
  return parents;
}

function pageConflict(): DomainError {
  return new DomainError('conflict', 'Someone else saved this page after it was opened. Nothing was overwritten.', {}, { code: 'pageConflict' });
}

/** What keeps a page from being deleted: pages under it and menu items leading to it. */
export interface PageDeletionBlockers {
  children: Array<{ id: number; title: string; path: string }>;
  menuItems: Array<{ id: number; menu: MenuName; label: string }>;
}

/** Blockers listed on the confirmation page: enough to act on, not a dump of a large site. */
const MAX_BLOCKERS_SHOWN = 50;

export async function findPageDeletionBlockers(db: Executor, id: number): Promise<PageDeletionBlockers> {
  const [children, menuItems] = await Promise.all([listChildPages(db, id, MAX_BLOCKERS_SHOWN), listMenuItemsForPage(db, id, MAX_BLOCKERS_SHOWN)]);
  return { children: children.map((p) => ({ id: p.id, title: p.title, path: p.path })), menuItems };
}

/**
 * Deletes a page with nothing under it and no menu item leading to it, in one transaction: its
 * path and the paths it moved from answer 410 Gone from then on, and the cached pages that
 * showed it (a published page may be in every page's menu) are dropped.
 */
export async function deletePage(db: Db, id: number, now: Date): Promise<Page> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const page = await findPageById(tx, id);
    if (!page) throw new NotFoundError('Page');
    const blockers = await findPageDeletionBlockers(tx, id);
    if (blockers.children.length > 0 || blockers.menuItems.length > 0) {
      throw new DomainError('conflict', 'This page has pages under it or menu items leading to it.', {}, { code: 'pageInUse' });
    }
    const oldPaths = await listPageRedirectPaths(tx, id, MAX_CHILDREN);
    await deletePageRow(tx, id);
    await putDeletedPagePaths(tx, [page.path, ...oldPaths], now);
    pagesChanged(keysOfPageSave(id, { live: page.status === 'published', path: page.path }, { live: false, path: page.path }));
    return page;
  });
}

/** The page at a path, published or not (for importers matching what they wrote before). */
export function findPageAtPath(db: Executor, path: string): Promise<Page | undefined> {
  return findPageByPath(db, path);
}

export async function getPageForEditing(db: Executor, id: number): Promise<Page> {
  const page = await findPageById(db, id);
  if (!page) throw new NotFoundError('Page');
  return page;
}

/** Every page for the admin's list, children after their parent. */
export function listPagesForAdmin(db: Executor): Promise<PageListing[]> {
  return listPages(db, MAX_PAGES);
}

/** Published pages for the sitemap. */
export function listPublishedPages(db: Executor): Promise<Array<{ path: string; updatedAt: Date }>> {
  return listPublishedPagePaths(db, MAX_PAGES);
}

export interface RestPagesQuery {
  limit: number;
  offset: number;
  search?: string;
  slugs?: string[];
  include?: number[];
  exclude?: number[];
  parents?: number[];
  menuOrder?: number;
  orderBy: 'date' | 'id' | 'title' | 'slug' | 'menu_order' | 'modified';
  order: 'asc' | 'desc';
  /** Published only unless the caller (someone who writes pages) asks for drafts too. */
  statuses?: readonly Page['status'][];
}

/** A published page's sort key for the REST API's `orderby`. */
function restSortKey(page: Page, orderBy: RestPagesQuery['orderBy']): number | string {
  switch (orderBy) {
    case 'date':
      return (page.publishedAt ?? page.createdAt).getTime();
    case 'modified':
      return page.updatedAt.getTime();
    case 'id':
      return page.id;
    case 'title':
      return page.title.toLocaleLowerCase('en');
    case 'slug':
      return page.slug;
    case 'menu_order':
      return page.menuOrder;
  }
}

/**
 * One page of published pages for the REST API, with how many match in all. A site keeps at most
 * MAX_PAGES pages, so they are read at once and filtered here; ties are broken by id.
 */
export async function listPagesForRest(db: Executor, query: RestPagesQuery): Promise<{ pages: Page[]; total: number }> {
  const needle = query.search?.toLocaleLowerCase('en');
  const rows = query.statuses ? await listPageRowsInStatuses(db, query.statuses, MAX_PAGES) : await listPublishedPageRows(db, MAX_PAGES);
  const matching = rows.filter(
    (page) =>
      (!query.slugs || query.slugs.includes(page.slug)) &&
      (!query.include || query.include.includes(page.id)) &&
      !query.exclude?.includes(page.id) &&
      (!query.parents || query.parents.includes(page.parentId ?? 0)) &&
      (query.menuOrder === undefined || page.menuOrder === query.menuOrder) &&
      (!needle || page.title.toLocaleLowerCase('en').includes(needle) || page.bodyMarkdown.toLocaleLowerCase('en').includes(needle)),
  );
  const sign = query.order === 'asc' ? 1 : -1;
  matching.sort((a, b) => {
    const x = restSortKey(a, query.orderBy);
    const y = restSortKey(b, query.orderBy);
    return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
  });
  return { pages: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
}

/** A published page by its id; undefined for a draft or no page. */
export async function findPageForRest(db: Executor, id: number): Promise<Page | undefined> {
  const page = await findPageById(db, id);
  return page?.status === 'published' ? page : undefined;
}

export { pageKey };
