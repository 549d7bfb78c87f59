import type { Comment, CommentStatus, NewComment, PublicComment } from '../domain/comments.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

const PUBLIC_COLUMNS = ['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body', 'created_at', 'erased_at'] as const;
export const MODERATOR_COLUMNS = [...PUBLIC_COLUMNS, 'author_email', 'author_ip', 'user_agent', 'status'] as const;

interface PublicRow {
  id: number;
  post_id: number;
  parent_id: number | null;
  author_name: string;
  author_url: string | null;
  body: string;
  created_at: string;
  erased_at: string | null;
}

interface ModeratorRow extends PublicRow {
  author_email: string;
  author_ip: string | null;
  user_agent: string | null;
  status: CommentStatus;
}

function toPublicComment(row: PublicRow): PublicComment {
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    authorName: row.author_name,
    authorUrl: row.author_url,
    body: row.body,
    createdAt: fromDbTime(row.created_at),
    erased: row.erased_at !== null,
  };
}

export function toComment(row: ModeratorRow): Comment {
  return {
    ...toPublicComment(row),
    authorEmail: row.author_email,
    authorIp: row.author_ip,
    userAgent: row.user_agent,
    status: row.status,
  };
}

type CommentToInsert = NewComment & { depth: number; status: CommentStatus; authorNetwork?: string | null };

function commentValues(comment: CommentToInsert, now: Date) {
  return {
    post_id: comment.postId,
    parent_id: comment.parentId,
    depth: comment.depth,
    author_name: comment.authorName,
    author_email: comment.authorEmail,
    author_url: comment.authorUrl,
    author_ip: comment.authorIp,
    author_network: comment.authorNetwork ?? null,
    user_agent: comment.userAgent,
    body: comment.body,
    status: comment.status,
    created_at: toDbTime(now),
    updated_at: toDbTime(now),
  };
}

export async function insertComment(db: Executor, comment: CommentToInsert, now: Date): Promise<number> {
  const row = await db.insertInto('comments').values(commentValues(comment, now)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A reader's submission, stored unless the same submission (its key) already made a comment on
 * this post: then nothing is written and the answer is undefined. A submission racing an
 * identical one waits for it at the unique index (migration 014) instead of failing.
 */
export async function insertSubmittedComment(db: Executor, comment: CommentToInsert & { submissionKey: string }, now: Date): Promise<number | undefined> {
  const row = await db
    .insertInto('comments')
    .values({ ...commentValues(comment, now), submission_key: comment.submissionKey })
    // The index is partial: the conflict target names its condition, or neither database matches it.
    .onConflict((oc) => oc.columns(['post_id', 'submission_key']).where('submission_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The comment an earlier identical submission made on this post, with its status now. */
export async function findCommentBySubmissionKey(
  db: Executor,
  postId: number,
  submissionKey: string,
): Promise<{ id: number; status: CommentStatus } | undefined> {
  const row = await db
    .selectFrom('comments')
    .select(['id', 'status'])
    .where('post_id', '=', postId)
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst();
  return row && { id: row.id, status: row.status };
}

export async function findComment(db: Executor, id: number): Promise<Comment | undefined> {
  const row = await db.selectFrom('comments').select(MODERATOR_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toComment(row);
}

/** The parent a reply may attach to: an approved comment on the same post. */
export async function findApprovedCommentOnPost(
  db: Executor,
  postId: number,
  id: number,
): Promise<{ id: number; depth: number; authorName: string } | undefined> {
  const row = await db
    .selectFrom('comments')
    .select(['id', 'depth', 'author_name'])
    .where('id', '=', id)
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row && { id: row.id, depth: row.depth, authorName: row.author_name };
}

/** Approved comments of a post, oldest first, as readers see them. */
export async function listApprovedComments(db: Executor, postId: number, limit: number): Promise<PublicComment[]> {
  const rows = await db
    .selectFrom('comments')
    .select(PUBLIC_COLUMNS)
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toPublicComment);
}

/** A post's approved comments as ids and parents, oldest first: enough to lay its threads out on pages. */
export async function listApprovedCommentThreads(db: Executor, postId: number, limit: number): Promise<Array<{ id: number; parentId: number | null }>> {
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'parent_id'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, parentId: row.parent_id }));
}

/** How many approved top-level comments (threads) each of these posts has; posts without any are left out. */
export async function countApprovedThreads(db: Executor, postIds: readonly number[]): Promise<Map<number, number>> {
  if (postIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select(['post_id', (eb) => eb.fn.countAll().as('n')])
    .where('post_id', 'in', postIds)
    .where('status', '=', 'approved')
    .where('parent_id', 'is', null)
    .groupBy('post_id')
    .execute();
  return new Map(rows.map((row) => [row.post_id, Number(row.n)]));
}

/** Ids per query when comments are read by id: well under every driver's limit on parameters. */
const IDS_PER_QUERY = 500;

/** These approved comments of a post, oldest first. */
export async function listApprovedCommentsByIds(db: Executor, postId: number, ids: readonly number[]): Promise<PublicComment[]> {
  const found: PublicComment[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('comments')
      .select(PUBLIC_COLUMNS)
      .where('post_id', '=', postId)
      .where('status', '=', 'approved')
      .where('id', 'in', ids.slice(at, at + IDS_PER_QUERY))
      .orderBy('id')
      .execute();
    found.push(...rows.map(toPublicComment));
  }
  return found;
}

export async function hasApprovedCommentByEmail(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('author_email', '=', email).where('status', '=', 'approved').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** An approved comment with the post it is on, for lists that span posts (comment feeds). */
export interface CommentWithPost extends PublicComment {
  post: { id: number; slug: string; title: string; publishedAt: Date };
}

/**
 * Approved comments on posts live at `now`, with the columns readers may see and nothing else
 * (never the commenter's email or address), and their post's address. Erased comments stay in
 * their threads on the page, but a list of comments (a feed, the REST API) has no thread to
 * keep, so they are left out. The comment feeds and the REST API add their own conditions.
 */
export function selectListedComments(db: Executor, now: Date) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.parent_id',
      'comments.author_name',
      'comments.author_url',
      'comments.body',
      'comments.created_at',
      'comments.erased_at',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'posts.published_at as post_published_at',
    ])
    .where('comments.status', '=', 'approved')
    .where('comments.erased_at', 'is', null)
    .where('posts.status', '=', 'published')
    .where('posts.published_at', '<=', toDbTime(now));
}

/** Approved comments on published posts, newest first; on one post when postId is given. */
export async function listLatestApprovedComments(db: Executor, query: { limit: number; postId?: number; now: Date }): Promise<CommentWithPost[]> {
  let q = selectListedComments(db, query.now);
  if (query.postId !== undefined) q = q.where('comments.post_id', '=', query.postId);
  const rows = await q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    ...toPublicComment(row),
    post: { id: row.post_id, slug: row.post_slug, title: row.post_title, publishedAt: fromDbTime(row.post_published_at ?? '') },
  }));
}
