import { COMMENT_THREADS_PER_PAGE, layOutCommentPages, threadComments, type CommentNode, type CommentPages, type PublicComment } from '../domain/comments.ts';
import { NotFoundError } from '../domain/errors.ts';
import {
  isOnDay,
  periodRange,
  permalinkOf,
  permalinkPath,
  type Author,
  type Period,
  type Permalink,
  type Post,
  type PostLink,
  type PostSummary,
} from '../domain/posts.ts';
import { LATEST_POSTS_COUNT, MAX_PINNED_SHOWN, RELATED_POSTS_COUNT } from '../domain/settings.ts';
import type { Source } from '../domain/sources.ts';
import type { Term, TermKind } from '../domain/terms.ts';
import { findAuthorBySlug } from '../storage/authors.ts';
import { countApprovedThreads, listApprovedComments, listApprovedCommentsByIds, listApprovedCommentThreads } from '../storage/comments.ts';
import type { Db, Executor } from '../storage/db.ts';
import {
  findPublishedPostById,
  findPublishedPostBySlug,
  listHomeFirstPage,
  listLatestPostLinks,
  listPublishedPosts,
  type PublishedPostsQuery,
} from '../storage/posts.ts';
import { listRelatedPosts } from '../storage/related-posts.ts';
import { findRedirect } from '../storage/redirects.ts';
import { findSourceBySlug } from '../storage/sources.ts';
import { findTerm } from '../storage/terms.ts';

/**
 * A post with at most this many approved comments has them read whole, in one query, and laid
 * out on pages in code; a busier one has its threads laid out from ids, then the page's comments read.
 */
const COMMENTS_READ_WHOLE = 1_000;
/** Most approved comments of one post laid out on pages; a guard, a hundred times a very busy story. */
const MAX_COMMENTS_LAID_OUT = 100_000;

export interface PostListPage {
  posts: PostSummary[];
  page: number;
  hasNext: boolean;
}

/** One page of a list, fetching one more row than it shows to know whether a next page exists. */
async function pageOf(db: Executor, page: number, perPage: number, query: Omit<PublishedPostsQuery, 'limit' | 'offset'>): Promise<PostListPage> {
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

export interface HomePageList extends PostListPage {
  /** Pinned posts above the list: on page 1 only, and not in `posts` again. */
  pinned: PostSummary[];
}

export function listHomePage(db: Db, page: number, perPage: number, now: Date): Promise<HomePageList> {
  return onOneConnection(db, async (conn) => {
    if (page > 1) return { pinned: [], ...(await pageOf(conn, page, perPage, { now })) };
    const first = await listHomeFirstPage(conn, { now, perPage, pinnedLimit: MAX_PINNED_SHOWN });
    return { pinned: first.pinned, posts: first.latest, page, hasNext: first.hasNext };
  });
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
export function getDateArchive(db: Db, period: Period, page: number, perPage: number, now: Date, timeZone: string): Promise<DateArchive> {
  const range = periodRange(period, timeZone);
  if (!range) return Promise.reject(new NotFoundError('Archive'));
  return onOneConnection(db, async (conn) => {
    const list = await pageOf(conn, page, perPage, { now, publishedFrom: range.start, publishedBefore: range.end });
    if (list.posts.length === 0) throw new NotFoundError('Archive');
    return { period, ...list };
  });
}

/** An old permalink of a post whose slug or date changed answers with the post's address now. */
async function findMovedArticle(conn: Executor, permalink: Permalink, now: Date, timeZone: string): Promise<ArticleLookup> {
  const postId = await findRedirect(conn, permalinkPath(permalink));
  const post = postId === undefined ? undefined : await findPublishedPostById(conn, postId, now);
  if (!post) throw new NotFoundError('Post');
  return { kind: 'moved', location: permalinkOf(post, timeZone) };
}

export interface ArticleComments {
  /** This page's threads. */
  threads: CommentNode<PublicComment>[];
  page: number;
  pageCount: number;
  /** Comments shown, over every page. */
  count: number;
}

export type ArticleLookup =
  | { kind: 'article'; post: Post; latest: PostLink[]; related: PostSummary[]; comments: ArticleComments }
  | { kind: 'moved'; location: string };

/** Which page of an article's comments to show: a number, or the page a comment is on (a reply form, after an error). */
export type CommentPageWanted = { page: number } | { pageOf: number };

/**
 * The article at a permalink, with one page of its comments. A right slug under a wrong date
 * answers with the post's real address, as WordPress redirects old or mistyped day-and-name
 * links; a comment page past the last is not found. Dates are days in the site's time zone, so
 * when that setting changes, links dated in the old one lead to the post's address in the new.
 */
export function getArticle(db: Db, permalink: Permalink, now: Date, timeZone: string, wanted: CommentPageWanted = { page: 1 }): Promise<ArticleLookup> {
  return onOneConnection(db, async (conn) => {
    const post = await findPublishedPostBySlug(conn, permalink.slug, now);
    if (!post) return findMovedArticle(conn, permalink, now, timeZone);
    if (!isOnDay(post.publishedAt, permalink, timeZone)) return { kind: 'moved', location: permalinkOf(post, timeZone) };
    const latest = await listLatestPostLinks(conn, { now, limit: LATEST_POSTS_COUNT, excludeId: post.id });
    const related = await listRelatedPosts(conn, post.id, RELATED_POSTS_COUNT, now);
    const comments = await readCommentPage(conn, post.id, wanted);
    return { kind: 'article', post, latest, related, comments };
  });
}

async function readCommentPage(conn: Executor, postId: number, wanted: CommentPageWanted): Promise<ArticleComments> {
  const whole = await listApprovedComments(conn, postId, COMMENTS_READ_WHOLE + 1);
  const readWhole = whole.length <= COMMENTS_READ_WHOLE;
  const threads = readWhole ? whole : await listApprovedCommentThreads(conn, postId, MAX_COMMENTS_LAID_OUT);
  const layout = layOutCommentPages(threads, COMMENT_THREADS_PER_PAGE);
  const page = 'page' in wanted ? wanted.page : (layout.pageOf.get(wanted.pageOf) ?? 1);
  if (page > layout.pageCount) throw new NotFoundError('Page');
  const onPage = (comment: { id: number }) => layout.pageOf.get(comment.id) === page;
  if (readWhole) return { threads: threadComments(whole.filter(onPage)), page, pageCount: layout.pageCount, count: layout.shownCount };
  // The oldest comments were read whole already (most of the first page); read the rest by id.
  const read = new Map(whole.map((c) => [c.id, c]));
  const ids = threads.filter(onPage).map((c) => c.id);
  for (const comment of await listApprovedCommentsByIds(
    conn,
    postId,
    ids.filter((id) => !read.has(id)),
  ))
    read.set(comment.id, comment);
  const shown = ids.flatMap((id) => read.get(id) ?? []);
  return { threads: threadComments(shown), page, pageCount: layout.pageCount, count: layout.shownCount };
}

/** The page of its article's comments that a comment is on (1 when it is not shown). */
export function findCommentPage(db: Db, postId: number, commentId: number): Promise<number> {
  return onOneConnection(db, async (conn) => (await withCommentPages(conn, [{ id: commentId, postId }]))[0]?.page ?? 1);
}

/** How a post's approved comments are laid out on pages. */
export async function commentPagesOf(conn: Executor, postId: number): Promise<CommentPages> {
  return layOutCommentPages(await listApprovedCommentThreads(conn, postId, MAX_COMMENTS_LAID_OUT), COMMENT_THREADS_PER_PAGE);
}

/**
 * These comments with the page of its article each is on. Only posts with more threads than
 * one page holds are laid out; on every other post each comment is on the first page.
 */
export async function withCommentPages<C extends Pick<PublicComment, 'id' | 'postId'>>(
  conn: Executor,
  comments: readonly C[],
): Promise<Array<C & { page: number }>> {
  const threads = await countApprovedThreads(conn, [...new Set(comments.map((c) => c.postId))]);
  const pages = new Map<number, CommentPages>();
  for (const [postId, count] of threads) if (count > COMMENT_THREADS_PER_PAGE) pages.set(postId, await commentPagesOf(conn, postId));
  return comments.map((c) => ({ ...c, page: pages.get(c.postId)?.pageOf.get(c.id) ?? 1 }));
}
