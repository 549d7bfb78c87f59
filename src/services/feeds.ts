import { NotFoundError } from '../domain/errors.ts';
import { isOnDay, permalinkOf, type Permalink } from '../domain/posts.ts';
import type { SiteSettings } from '../domain/settings.ts';
import { findAuthorBySlug } from '../storage/authors.ts';
import { listLatestApprovedComments, type CommentWithPost } from '../storage/comments.ts';
import type { Db, Executor } from '../storage/db.ts';
import { findPublishedPostBySlug, listPublishedPostsWithBodies, type PostWithBody, type PublishedPostsQuery } from '../storage/posts.ts';
import { findSourceBySlug } from '../storage/sources.ts';
import { findTerm } from '../storage/terms.ts';
import { withCommentPages } from './posts.ts';
import { loadSiteSettings } from './settings.ts';

/**
 * Posts in a feed. WordPress's default is 10; a news site publishes more than that between
 * two polls of a feed reader, and items that fall off before a poll are never seen.
 */
export const FEED_POST_COUNT = 30;

/** Comments in a comment feed. */
export const FEED_COMMENT_COUNT = 30;

export const ARCHIVE_KINDS = ['category', 'tag', 'author', 'source'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

export interface PostFeedData {
  site: SiteSettings;
  /** The archive the feed follows, or null for the whole site. */
  archive: { kind: ArchiveKind; slug: string; name: string } | null;
  posts: PostWithBody[];
}

/** A page's reads on one connection (see services/posts.ts). */
function onOneConnection<T>(db: Db, read: (conn: Executor) => Promise<T>): Promise<T> {
  return db.connection().execute(read);
}

async function archiveFilter(db: Executor, kind: ArchiveKind, slug: string): Promise<{ name: string; query: Partial<PublishedPostsQuery> }> {
  if (kind === 'category' || kind === 'tag') {
    const term = await findTerm(db, kind, slug);
    if (!term) throw new NotFoundError(kind === 'tag' ? 'Tag' : 'Category');
    return { name: term.name, query: { termId: term.id } };
  }
  if (kind === 'author') {
    const author = await findAuthorBySlug(db, slug);
    if (!author) throw new NotFoundError('Author');
    return { name: author.displayName, query: { authorId: author.id } };
  }
  const source = await findSourceBySlug(db, slug);
  if (!source) throw new NotFoundError('Source');
  return { name: source.name, query: { sourceId: source.id } };
}

/** The newest posts of the site, or of one archive; NotFoundError for an archive that does not exist. */
export function getPostFeed(db: Db, archive: { kind: ArchiveKind; slug: string } | null, now: Date, limit = FEED_POST_COUNT): Promise<PostFeedData> {
  return onOneConnection(db, async (conn) => {
    const site = await loadSiteSettings(conn);
    if (!archive) return { site, archive: null, posts: await listPublishedPostsWithBodies(conn, { now, limit }) };
    const { name, query } = await archiveFilter(conn, archive.kind, archive.slug);
    const posts = await listPublishedPostsWithBodies(conn, { ...query, now, limit });
    return { site, archive: { ...archive, name }, posts };
  });
}

export interface CommentFeedData {
  site: SiteSettings;
  /** The article whose comments these are, or null for the whole site's. */
  post: { slug: string; title: string; publishedAt: Date; updatedAt: Date } | null;
  /** Each with the page of its article's comments it is on. */
  comments: Array<CommentWithPost & { page: number }>;
}

/** The newest approved comments on any published post. */
export function getSiteCommentFeed(db: Db, now: Date, limit = FEED_COMMENT_COUNT): Promise<CommentFeedData> {
  return onOneConnection(db, async (conn) => ({
    site: await loadSiteSettings(conn),
    post: null,
    comments: await withCommentPages(conn, await listLatestApprovedComments(conn, { limit, now })),
  }));
}

/** The newest approved comments of the article at a permalink; a wrong date gives the feed's real address. */
export function getArticleCommentFeed(
  db: Db,
  permalink: Permalink,
  now: Date,
  limit = FEED_COMMENT_COUNT,
): Promise<({ kind: 'feed'; postId: number } & CommentFeedData & { post: NonNullable<CommentFeedData['post']> }) | { kind: 'moved'; location: string }> {
  return onOneConnection(db, async (conn) => {
    const post = await findPublishedPostBySlug(conn, permalink.slug, now);
    if (!post) throw new NotFoundError('Post');
    const site = await loadSiteSettings(conn);
    if (!isOnDay(post.publishedAt, permalink, site.timezone)) return { kind: 'moved', location: `${permalinkOf(post, site.timezone)}feed/` };
    return {
      kind: 'feed',
      postId: post.id,
      site,
      post: { slug: post.slug, title: post.title, publishedAt: post.publishedAt, updatedAt: post.updatedAt },
      comments: await withCommentPages(conn, await listLatestApprovedComments(conn, { limit, postId: post.id, now })),
    };
  });
}
