/** Static pages: written by the editor (or an importer), found by their path, and their old paths. */
import type { Page, PageStatus } from '../domain/pages.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import type { PagesTable } from './schema.ts';

export interface PageWrite {
  parentId: number | null;
  slug: string;
  path: string;
  title: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  /** The body as plain text, for search (its index and the passage shown). */
  bodyText: string;
  status: PageStatus;
  menuOrder: number;
  authorId: number | null;
  commentsOpen: boolean;
  publishedAt: Date | null;
}

type PageRow = Omit<PagesTable, 'id'> & { id: number };

function toPage(row: PageRow): Page {
  return {
    id: row.id,
    parentId: row.parent_id,
    slug: row.slug,
    path: row.path,
    title: row.title,
    bodyMarkdown: row.body_markdown,
    bodyHtml: trustSanitizedHtml(row.body_html),
    status: row.status,
    menuOrder: row.menu_order,
    authorId: row.author_id,
    commentsOpen: fromDbBool(row.comments_open),
    publishedAt: row.published_at === null ? null : fromDbTime(row.published_at),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function columns(page: PageWrite) {
  return {
    parent_id: page.parentId,
    slug: page.slug,
    path: page.path,
    title: page.title,
    body_markdown: page.bodyMarkdown,
    body_html: page.bodyHtml,
    body_text: page.bodyText,
    status: page.status,
    menu_order: page.menuOrder,
    author_id: page.authorId,
    comments_open: toDbBool(page.commentsOpen),
    published_at: page.publishedAt && toDbTime(page.publishedAt),
  };
}

export async function insertPage(db: Executor, page: PageWrite, now: Date): Promise<number> {
  const row = await db
    .insertInto('pages')
    .values({ ...columns(page), created_at: toDbTime(now), updated_at: toDbTime(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes a page's new state. With `expectedUpdatedAt`, only if nobody saved it since that
 * version (checked by the UPDATE itself, so two saves racing cannot both pass): false when
 * someone did.
 */
export async function updatePage(db: Executor, id: number, page: PageWrite, now: Date, expectedUpdatedAt?: Date): Promise<boolean> {
  let update = db
    .updateTable('pages')
    .set({ ...columns(page), updated_at: toDbTime(now) })
    .where('id', '=', id);
  if (expectedUpdatedAt) update = update.where('updated_at', '=', toDbTime(expectedUpdatedAt));
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePageRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('pages').where('id', '=', id).execute();
}

/** The paths a page moved away from, which redirect to it. */
export async function listPageRedirectPaths(db: Executor, pageId: number, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('page_redirects').select('path').where('page_id', '=', pageId).orderBy('path').limit(limit).execute();
  return rows.map((r) => r.path);
}

/** Remembers the paths of a deleted page, so that they answer 410 Gone. */
export async function putDeletedPagePaths(db: Executor, paths: readonly string[], now: Date): Promise<void> {
  if (paths.length === 0) return;
  await db
    .insertInto('deleted_pages')
    .values(paths.map((path) => ({ path, deleted_at: toDbTime(now) })))
    .onConflict((oc) => oc.column('path').doUpdateSet({ deleted_at: toDbTime(now) }))
    .execute();
}

/** Whether a deleted page was at a path. */
export async function isDeletedPagePath(db: Executor, path: string): Promise<boolean> {
  return (await db.selectFrom('deleted_pages').select('path').where('path', '=', path).executeTakeFirst()) !== undefined;
}

/** A page saved at a path takes it back from a deleted one. */
export async function forgetDeletedPagePath(db: Executor, path: string): Promise<void> {
  await db.deleteFrom('deleted_pages').where('path', '=', path).execute();
}

/** Moves a page to a new path (when a parent above it moved), nothing else changed. */
export async function updatePagePath(db: Executor, id: number, path: string): Promise<void> {
  await db.updateTable('pages').set({ path }).where('id', '=', id).execute();
}

export async function findPageById(db: Executor, id: number): Promise<Page | undefined> {
  const row = await db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPage(row);
}

/** The page at a path (without outer slashes), published or not. */
export async function findPageByPath(db: Executor, path: string): Promise<Page | undefined> {
  const row = await db.selectFrom('pages').selectAll().where('path', '=', path).executeTakeFirst();
  return row && toPage(row);
}

/** The id of the page at a path, if any: to find a free slug. */
export async function findPageIdByPath(db: Executor, path: string): Promise<number | undefined> {
  const row = await db.selectFrom('pages').select('id').where('path', '=', path).executeTakeFirst();
  return row?.id;
}

/** The pages directly under a page, in menu order. */
export async function listChildPages(db: Executor, parentId: number, limit: number): Promise<Page[]> {
  const rows = await db.selectFrom('pages').selectAll().where('parent_id', '=', parentId).orderBy('menu_order').orderBy('id').limit(limit).execute();
  return rows.map(toPage);
}

export interface PageListing {
  id: number;
  parentId: number | null;
  path: string;
  title: string;
  status: PageStatus;
  menuOrder: number;
  updatedAt: Date;
}

/** Every page with what the admin's list shows, ordered by path (so children follow their parent). */
export async function listPages(db: Executor, limit: number): Promise<PageListing[]> {
  const rows = await db
    .selectFrom('pages')
    .select(['id', 'parent_id', 'path', 'title', 'status', 'menu_order', 'updated_at'])
    .orderBy('path')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    title: r.title,
    status: r.status,
    menuOrder: r.menu_order,
    updatedAt: fromDbTime(r.updated_at),
  }));
}

/** Published pages for the sitemap, with when each last changed. */
export async function listPublishedPagePaths(db: Executor, limit: number): Promise<Array<{ path: string; updatedAt: Date }>> {
  const rows = await db.selectFrom('pages').select(['path', 'updated_at']).where('status', '=', 'published').orderBy('path').limit(limit).execute();
  return rows.map((r) => ({ path: r.path, updatedAt: fromDbTime(r.updated_at) }));
}

/** The page an old path belonged to, if a page ever moved away from it. */
export async function findPageRedirect(db: Executor, path: string): Promise<number | undefined> {
  const row = await db.selectFrom('page_redirects').select('page_id').where('path', '=', path).executeTakeFirst();
  return row?.page_id;
}

/** Points an old path at a page; a path that once led elsewhere now leads here. */
export async function putPageRedirect(db: Executor, path: string, pageId: number, now: Date): Promise<void> {
  await db
    .insertInto('page_redirects')
    .values({ path, page_id: pageId, created_at: toDbTime(now) })
    .onConflict((oc) => oc.column('path').doUpdateSet({ page_id: pageId, created_at: toDbTime(now) }))
    .execute();
}

/** A page now at a path no longer redirects from it. */
export async function deletePageRedirect(db: Executor, path: string): Promise<void> {
  await db.deleteFrom('page_redirects').where('path', '=', path).execute();
}

/** Published pages with their text, for the REST API, ordered by path. */
/** Pages in any of these statuses, whole, ordered by path (for the REST API's `status` filter). */
export async function listPageRowsInStatuses(db: Executor, statuses: readonly PageStatus[], limit: number): Promise<Page[]> {
  if (statuses.length === 0) return [];
  const rows = await db
    .selectFrom('pages')
    .selectAll()
    .where('status', 'in', [...statuses])
    .orderBy('path')
    .limit(limit)
    .execute();
  return rows.map(toPage);
}

export async function listPublishedPageRows(db: Executor, limit: number): Promise<Page[]> {
  const rows = await db.selectFrom('pages').selectAll().where('status', '=', 'published').orderBy('path').limit(limit).execute();
  return rows.map(toPage);
}
