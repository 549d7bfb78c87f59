import { threadComments, type CommentNode, type PublicComment } from '../domain/comments.ts';
import { NotFoundError } from '../domain/errors.ts';
import { isOnDay, periodRange, permalinkOf, permalinkPath, type Author, type Period, type Permalink, type Post, type PostLink, type PostSummary } from '../domain/posts.ts';
import { LATEST_POSTS_COUNT, RELATED_POSTS_COUNT } from '../domain/settings.ts';
import type { Source } from '../domain/sources.ts';
import type { Term, TermKind } from '../domain/terms.ts';
import { findAuthorBySlug } from '../storage/authors.ts';
import { listApprovedComments } from '../storage/comments.ts';
import type { Db, Executor } from '../storage/db.ts';
import { findPublishedPostById, findPublishedPostBySlug, listLatestPostLinks, listPublishedPosts, type PublishedPostsQuery } from '../storage/posts.ts';
import { listRelatedPosts } from '../storage/related-posts.ts';
import { findRedirect } from '../storage/redirects.ts';
import { findSourceBySlug } from '../storage/sources.ts';
import { findTerm } from '../storage/terms.ts';

/** Most approved comments one article page shows; a guard, far above what a news story gets. */
export const MAX_COMMENTS_PER_PAGE = 1_000;

export interface PostListPage {
  posts: PostSummary[];
  page: number;
  hasNext: boolean;
}

/** One page of a list, fetching one more row than it shows to know whether a next page exists. */
async function pageOf(
  db: Executor,
  page: number,
  perPage: number,
  query: Omit<PublishedPostsQuery, 'limit' | 'offset'>,
): Promise<PostListPage> {
  const rows = await listPublishedPosts(db, { ...query, limit: perPage + 1, offset: (page - 1) * perPage });
  if (page > 1 && rows.length === 0) throw new NotFoundError('Page');
  return { posts: rows.slice(0, perPage), page, hasNext: rows.length > perPage };
}

/**
 * Runs a page's reads on one connection: on SQLite its queries then run back to back instead
 * of interleaving with every other request's, and on PostgreSQL it takes one pooled
 * connection instead of one per query.
 */
function onOneConnection<T>(db: Db, read: (conn: Executor) => Promise<T>): Promise<T> {
  return db.connection().execute(read);
}

export function listHomePage(db: Db, page: number, perPage: number, now: Date): Promise<PostListPage> {
  return onOneConnection(db, (conn) => pageOf(conn, page, perPage, { now }));
}

export interface SourceArchive extends PostListPage {
  source: Source;
}

export function getSourceArchive(db: Db, slug: string, page: number, perPage: number, now: Date): Promise<SourceArchive> {
  return onOneConnection(db, async (conn) => {
    const source = await findSourceBySlug(conn, slug);
    if (!source) throw new NotFoundError('Source');
    return { source, ...(await pageOf(conn, page, perPage, { now, sourceId: source.id })) };
  });
}

export interface TermArchive extends PostListPage {
  term: Term;
}

/** A category's or tag's stories; an unknown slug is not found, a known one with no stories is an empty list. */
export function getTermArchive(db: Db, kind: TermKind, slug: string, page: number, perPage: number, now: Date): Promise<TermArchive> {
  return onOneConnection(db, async (conn) => {
    const term = await findTerm(conn, kind, slug);
    if (!term) throw new NotFoundError(kind === 'category' ? 'Category' : 'Tag');
    return { term, ...(await pageOf(conn, page, perPage, { now, termId: term.id })) };
  });
}

export interface AuthorArchive extends PostListPage {
  author: Author;
}

export function getAuthorArchive(db: Db, slug: string, page: number, perPage: number, now: Date): Promise<AuthorArchive> {
  return onOneConnection(db, async (conn) => {
    const author = await findAuthorBySlug(conn, slug);
    if (!author) throw new NotFoundError('Author');
    return { author, ...(await pageOf(conn, page, perPage, { now, authorId: author.id })) };
  });
}

export interface DateArchive extends PostListPage {
  period: Period;
}

/** The stories of a year, month or day. As in WordPress, a period with no stories is not found. */
export function getDateArchive(db: Db, period: Period, page: number, perPage: number, now: Date): Promise<DateArchive> {
  const range = periodRange(period);
  if (!range) return Promise.reject(new NotFoundError('Archive'));
  return onOneConnection(db, async (conn) => {
    const list = await pageOf(conn, page, perPage, { now, publishedFrom: range.start, publishedBefore: range.end });
    if (list.posts.length === 0) throw new NotFoundError('Archive');
    return { period, ...list };
  });
}

/** An old permalink of a post whose slug or date changed answers with the post's address now. */
async function findMovedArticle(conn: Executor, permalink: Permalink, now: Date): Promise<ArticleLookup> {
  const postId = await findRedirect(conn, permalinkPath(permalink));
  const post = postId === undefined ? undefined : await findPublishedPostById(conn, postId, now);
  if (!post) throw new NotFoundError('Post');
  return { kind: 'moved', location: permalinkOf(post) };
}

export type ArticleLookup =
  | { kind: 'article'; post: Post; latest: PostLink[]; related: PostSummary[]; comments: CommentNode<PublicComment>[] }
  | { kind: 'moved'; location: string };

/**
 * The article at a permalink. A right slug under a wrong date answers with the post's real
 * address, as WordPress redirects old or mistyped day-and-name links.
 */
export function getArticle(db: Db, permalink: Permalink, now: Date): Promise<ArticleLookup> {
  return onOneConnection(db, async (conn) => {
    const post = await findPublishedPostBySlug(conn, permalink.slug, now);
    if (!post) return findMovedArticle(conn, permalink, now);
    if (!isOnDay(post.publishedAt, permalink)) return { kind: 'moved', location: permalinkOf(post) };
    const latest = await listLatestPostLinks(conn, { now, limit: LATEST_POSTS_COUNT, excludeId: post.id });
    const related = await listRelatedPosts(conn, post.id, RELATED_POSTS_COUNT, now);
    const comments = await listApprovedComments(conn, post.id, MAX_COMMENTS_PER_PAGE);
    return { kind: 'article', post, latest, related, comments: threadComments(comments) };
  });
}
