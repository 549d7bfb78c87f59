import { threadComments, type CommentNode, type PublicComment } from '../domain/comments.ts';
import { NotFoundError } from '../domain/errors.ts';
import { isOnDay, permalinkOf, type Permalink, type Post, type PostSummary } from '../domain/posts.ts';
import { LATEST_POSTS_COUNT } from '../domain/settings.ts';
import type { Source } from '../domain/sources.ts';
import { listApprovedComments } from '../storage/comments.ts';
import type { Executor } from '../storage/db.ts';
import { findPublishedPostBySlug, listPublishedPosts } from '../storage/posts.ts';
import { findSourceBySlug } from '../storage/sources.ts';

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
  query: { sourceId?: number },
): Promise<PostListPage> {
  const rows = await listPublishedPosts(db, { ...query, limit: perPage + 1, offset: (page - 1) * perPage });
  if (page > 1 && rows.length === 0) throw new NotFoundError('Page');
  return { posts: rows.slice(0, perPage), page, hasNext: rows.length > perPage };
}

export function listHomePage(db: Executor, page: number, perPage: number): Promise<PostListPage> {
  return pageOf(db, page, perPage, {});
}

export interface SourceArchive extends PostListPage {
  source: Source;
}

export async function getSourceArchive(db: Executor, slug: string, page: number, perPage: number): Promise<SourceArchive> {
  const source = await findSourceBySlug(db, slug);
  if (!source) throw new NotFoundError('Source');
  return { source, ...(await pageOf(db, page, perPage, { sourceId: source.id })) };
}

export type ArticleLookup =
  | { kind: 'article'; post: Post; latest: PostSummary[]; comments: CommentNode<PublicComment>[]; commentCount: number }
  | { kind: 'moved'; location: string };

/**
 * The article at a permalink. A right slug under a wrong date answers with the post's real
 * address, as WordPress redirects old or mistyped day-and-name links.
 */
export async function getArticle(db: Executor, permalink: Permalink): Promise<ArticleLookup> {
  const post = await findPublishedPostBySlug(db, permalink.slug);
  if (!post) throw new NotFoundError('Post');
  if (!isOnDay(post.publishedAt, permalink)) return { kind: 'moved', location: permalinkOf(post) };
  const [latest, comments] = await Promise.all([
    listPublishedPosts(db, { limit: LATEST_POSTS_COUNT, excludeId: post.id }),
    listApprovedComments(db, post.id, MAX_COMMENTS_PER_PAGE),
  ]);
  return { kind: 'article', post, latest, comments: threadComments(comments), commentCount: comments.length };
}
