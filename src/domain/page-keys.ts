/**
 * Names for groups of pages, so that a change drops exactly the cached pages it affects.
 * A page carries the keys of everything it shows; a change lists the keys it touches.
 */

/** Every page: settings, the site's name, the stylesheet's address. */
export const EVERY_PAGE = '*';

/**
 * Pages that list posts or show one: home and its pages, source archives, and every article
 * (its "Latest Posts" list). Publishing, editing or unpublishing any post touches them.
 */
export const POST_PAGES = 'posts';

/** The page of one post, which shows that post's approved comments. */
export function commentsOf(postId: number): string {
  return `comments:${postId}`;
}

/** Lists of comments from every post (the site-wide comment feed): any comment approved or removed touches them. */
export const ALL_COMMENTS = 'comments';
