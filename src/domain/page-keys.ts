/**
 * Names for groups of pages, so that a change drops exactly the cached pages it affects.
 * A page carries the keys of everything it shows; a change lists the keys it touches.
 */

/** Every page: settings, the site's name, the stylesheet's address. */
export const EVERY_PAGE = '*';

/**
 * Pages whose lists of posts change when a post comes or goes: home and its pages, archives,
 * feeds, sitemaps, and every article (its "Latest Posts" and related posts). Publishing,
 * unpublishing, a scheduled post going live, or moving a post (its date, categories, tags or
 * sources) touches them.
 */
export const POST_PAGES = 'posts';

/**
 * The first page of the home page, the only one that shows the pinned posts: pinning or
 * unpinning a live post touches it alone (archives and feeds stay in date order).
 */
export const PINNED_POSTS = 'pinned';

/** Every page that shows this post: its own, and each list it appears in. An edit that moves nothing touches only these. */
export function postKey(postId: number): string {
  return `post:${postId}`;
}

/**
 * Pages that show something of more posts than they could name by key: the sitemaps (each
 * post's last-modified date) and the site's comment feed (the titles of the articles). Any
 * edit of a live post touches them.
 */
export const POST_EDITS = 'post-edits';

/** What readers can see of a post that decides which lists it is in, and where. */
export interface PostPlacement {
  live: boolean;
  publishedAt: Date | null;
  termIds: readonly number[];
  sourceIds: readonly number[];
}

/**
 * The keys a save of a post touches. A post that stays live in the same place (same date,
 * categories, tags and sources) changes only the pages that show it, whatever else was edited
 * (title, text, slug); one that comes, goes or moves changes every list.
 */
export function keysOfPostSave(postId: number, before: PostPlacement | undefined, after: PostPlacement): string[] {
  if (!after.live && !before?.live) return [];
  const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  const stays =
    before?.live &&
    after.live &&
    before.publishedAt?.getTime() === after.publishedAt?.getTime() &&
    sameSet(before.termIds, after.termIds) &&
    sameSet(before.sourceIds, after.sourceIds);
  return stays ? [postKey(postId), POST_EDITS] : [POST_PAGES, postKey(postId), POST_EDITS];
}

/** The page of one post, which shows that post's approved comments. */
export function commentsOf(postId: number): string {
  return `comments:${postId}`;
}

/** Lists of comments from every post (the site-wide comment feed): any comment approved or removed touches them. */
export const ALL_COMMENTS = 'comments';
