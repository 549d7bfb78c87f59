import type { SafeHtml } from './safe-html.ts';
import { EVERY_PAGE } from './page-keys.ts';

/**
 * Static pages: About, Contact, Corrections policy, Ethics. They sit at /<slug>/ and, under a
 * parent, /<parent>/<child>/; they carry no date and are in no list of posts.
 */
export type PageStatus = 'draft' | 'published';

export interface Page {
  id: number;
  parentId: number | null;
  slug: string;
  /** The slugs of the page and its parents joined by "/": "about/team". */
  path: string;
  title: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  status: PageStatus;
  menuOrder: number;
  authorId: number | null;
  commentsOpen: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an editor (or an importer) writes; the slug may be empty, when it comes from the title. */
export interface PageDraft {
  title: string;
  slug: string;
  bodyMarkdown: string;
  parentId: number | null;
  menuOrder: number;
  status: PageStatus;
}

/** Deepest nesting of pages: /a/b/c/d/ is already more than a newsroom's About section needs. */
export const MAX_PAGE_DEPTH = 4;

/**
 * First segments of addresses the site answers itself. A top-level page may not take one, or
 * it would hide (or be hidden by) the site's own pages; WordPress's own addresses are kept free
 * for the redirects an imported site needs.
 */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'archives',
  'assets',
  'author',
  'category',
  'comments',
  'feed',
  'healthz',
  'page',
  'readyz',
  'search',
  'source',
  'story',
  'tag',
  'wp-admin',
  'wp-content',
  'wp-includes',
  'wp-json',
  'wp-login',
  'xmlrpc',
]);

/** A year (/2022/) is a date archive. */
const YEAR = /^[0-9]{4}$/;

/** Whether a slug may be used for a page at the top level (under a parent every valid slug may). */
export function isReservedPageSlug(slug: string): boolean {
  return RESERVED_PAGE_SLUGS.has(slug) || YEAR.test(slug);
}

export function reservedSlugMessage(slug: string): string {
  return `"${slug}" is an address the site uses itself. Choose another slug, or put the page under a parent page.`;
}

/** The address of a page at a path: "/about/team/". Each segment percent-encoded as links carry it. */
export function pageHref(path: string): string {
  return `/${path.split('/').map(encodeURIComponent).join('/')}/`;
}

/** The path of a page under a parent's path. */
export function childPath(parentPath: string | null, slug: string): string {
  return parentPath === null ? slug : `${parentPath}/${slug}`;
}

/** The key of every cached page that shows this page's content. */
export function pageKey(pageId: number): string {
  return `page:${pageId}`;
}

/** Pages that list every page: the pages sitemap. */
export const PAGE_LISTS = 'pages';

/**
 * The cached pages a save of a page changes. A live page edited where it stands changes only
 * itself and the sitemap; one that comes, goes or moves (its children with it) may be named by
 * a menu on every page.
 */
export function keysOfPageSave(pageId: number, before: { live: boolean; path: string } | undefined, after: { live: boolean; path: string }): string[] {
  if (!before?.live && !after.live) return [];
  if (before?.live && after.live && before.path === after.path) return [pageKey(pageId), PAGE_LISTS];
  return [EVERY_PAGE];
}
