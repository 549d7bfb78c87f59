import type { ExpressionBuilder } from 'kysely';
import type { Schema } from './schema.ts';
import type { SenderActivity } from '../domain/comment-pace.ts';
import type { Comment, CommentStatus, NewComment, PublicComment } from '../domain/comments.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

const PUBLIC_COLUMNS = ['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body', 'created_at', 'erased_at'] as const;
const MODERATOR_COLUMNS = [...PUBLIC_COLUMNS, 'author_email', 'author_ip', 'user_agent', 'status'] as const;

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

function toComment(row: ModeratorRow): Comment {
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
export async function findCommentBySubmissionKey(db: Executor, postId: number, submissionKey: string): Promise<{ id: number; status: CommentStatus } | undefined> {
  const row = await db.selectFrom('comments').select(['id', 'status']).where('post_id', '=', postId).where('submission_key', '=', submissionKey).executeTakeFirst();
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
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('author_email', '=', email)
    .where('status', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Comments in one state, newest first, for moderators. */
export async function listCommentsByStatus(db: Executor, status: CommentStatus, limit: number): Promise<Comment[]> {
  const rows = await db
    .selectFrom('comments')
    .select(MODERATOR_COLUMNS)
    .where('status', '=', status)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toComment);
}

export async function updateCommentStatus(db: Executor, id: number, status: CommentStatus, now: Date): Promise<void> {
  await db.updateTable('comments').set({ status, updated_at: toDbTime(now) }).where('id', '=', id).execute();
}

export interface CommentEvent {
  commentId: number;
  action: string;
  fromStatus: CommentStatus | null;
  toStatus: CommentStatus;
  actor: string;
  reason: string | null;
}

export async function appendCommentEvent(db: Executor, event: CommentEvent, now: Date): Promise<void> {
  await db
    .insertInto('comment_events')
    .values({
      comment_id: event.commentId,
      action: event.action,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      actor: event.actor,
      reason: event.reason,
      created_at: toDbTime(now),
    })
    .execute();
}

export async function listCommentEvents(db: Executor, commentId: number): Promise<CommentEvent[]> {
  const rows = await db
    .selectFrom('comment_events')
    .select(['comment_id', 'action', 'from_status', 'to_status', 'actor', 'reason'])
    .where('comment_id', '=', commentId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    commentId: r.comment_id,
    action: r.action,
    fromStatus: r.from_status as CommentStatus | null,
    toStatus: r.to_status as CommentStatus,
    actor: r.actor,
    reason: r.reason,
  }));
}

export async function countCommentsWithStatus(db: Executor, status: CommentStatus): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An approved comment with the post it is on, for lists that span posts (comment feeds). */
export interface CommentWithPost extends PublicComment {
  post: { id: number; slug: string; title: string; publishedAt: Date };
}

/** Approved comments on published posts, newest first; on one post when postId is given. */
export async function listLatestApprovedComments(db: Executor, query: { limit: number; postId?: number; now: Date }): Promise<CommentWithPost[]> {
  let q = db
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
    // Erased comments stay in their threads on the page, but a feed has no thread to keep.
    .where('comments.erased_at', 'is', null)
    .where('posts.status', '=', 'published')
    .where('posts.published_at', '<=', toDbTime(query.now));
  if (query.postId !== undefined) q = q.where('comments.post_id', '=', query.postId);
  const rows = await q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    ...toPublicComment(row),
    post: { id: row.post_id, slug: row.post_slug, title: row.post_title, publishedAt: fromDbTime(row.post_published_at ?? '') },
  }));
}

/** A comment as the moderation queue shows it: with its post and why it was held. */
export interface QueuedCommentRow {
  comment: Comment;
  post: { id: number; title: string; slug: string; publishedAt: Date | null };
  /** The reason written when the comment was submitted, if it was held or sent to spam. */
  heldBecause: string | null;
}

function queuedCommentsQuery(db: Executor) {
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
      'comments.author_email',
      'comments.author_ip',
      'comments.user_agent',
      'comments.status',
      'comments.erased_at',
      'posts.title as post_title',
      'posts.slug as post_slug',
      'posts.published_at as post_published_at',
    ]);
}

type QueuedRow = Awaited<ReturnType<ReturnType<typeof queuedCommentsQuery>['execute']>>[number];

/** Adds each comment's post and the reason given when it was submitted: one more query, whatever the number of rows. */
async function withHoldReasons(db: Executor, rows: QueuedRow[]): Promise<QueuedCommentRow[]> {
  const ids = rows.map((r) => r.id);
  const reasons = new Map<number, string>();
  if (ids.length > 0) {
    const events = await db
      .selectFrom('comment_events')
      .select(['comment_id', 'reason'])
      .where('comment_id', 'in', ids)
      .where('action', '=', 'submit')
      .where('reason', 'is not', null)
      .execute();
    for (const e of events) if (e.reason !== null) reasons.set(e.comment_id, e.reason);
  }
  return rows.map((r) => ({
    comment: toComment(r),
    post: { id: r.post_id, title: r.post_title, slug: r.post_slug, publishedAt: r.post_published_at === null ? null : fromDbTime(r.post_published_at) },
    heldBecause: reasons.get(r.id) ?? null,
  }));
}

/** One page of comments in one state, newest first, with their posts and hold reasons. */
export async function listQueuedComments(db: Executor, status: CommentStatus, limit: number, offset: number): Promise<QueuedCommentRow[]> {
  const rows = await queuedCommentsQuery(db).where('comments.status', '=', status).orderBy('comments.id', 'desc').limit(limit).offset(offset).execute();
  return withHoldReasons(db, rows);
}

export async function findQueuedComment(db: Executor, id: number): Promise<QueuedCommentRow | undefined> {
  const rows = await queuedCommentsQuery(db).where('comments.id', '=', id).execute();
  return (await withHoldReasons(db, rows))[0];
}

export async function countCommentsByStatus(db: Executor): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Comments by id, for a bulk action; locks nothing, so callers run it inside their transaction. */
export async function findCommentsByIds(db: Executor, ids: readonly number[]): Promise<Comment[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('comments').select(MODERATOR_COLUMNS).where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toComment);
}

/** The depth a comment sits at, for replies to it. */
export async function findCommentDepth(db: Executor, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('comments').select('depth').where('id', '=', id).executeTakeFirst();
  return row?.depth;
}

/** The status a comment had before it last moved into `status` (spam, trash), from its log. */
export async function findStatusBefore(db: Executor, commentId: number, status: CommentStatus): Promise<CommentStatus | null> {
  const row = await db
    .selectFrom('comment_events')
    .select('from_status')
    .where('comment_id', '=', commentId)
    .where('to_status', '=', status)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.from_status as CommentStatus | null | undefined) ?? null;
}

export interface CommentEdit {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
}

export async function updateCommentContent(db: Executor, id: number, edit: CommentEdit, now: Date): Promise<void> {
  await db
    .updateTable('comments')
    .set({ body: edit.body, author_name: edit.authorName, author_email: edit.authorEmail, author_url: edit.authorUrl, updated_at: toDbTime(now) })
    .where('id', '=', id)
    .execute();
}

/** What the pace rules need to know of a sender: 0 (a limit turned off) skips that lookup. */
export interface ActivityQuery {
  ip: string | null;
  network: string | null;
  email: string;
  /** Whether flood control is on: it needs the newest comment from the address or email. */
  newest: boolean;
  /** Count the address's and network's comments since this time, up to these numbers (a count past its limit changes nothing). */
  since: Date;
  addressLimit: number;
  networkLimit: number;
}

/** A sender's recent comments in any status: the newest from their address or email, and hourly counts. */
export async function readSenderActivity(db: Executor, sender: ActivityQuery): Promise<SenderActivity> {
  const newest = async (column: 'author_email' | 'author_ip', value: string) => {
    const row = await db.selectFrom('comments').select('created_at').where(column, '=', value).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return row ? fromDbTime(row.created_at) : undefined;
  };
  // Counting stops at the limit, so a sender far past it costs no more than one at it.
  const count = async (column: 'author_ip' | 'author_network', value: string | null, limit: number) => {
    if (value === null || limit <= 0) return 0;
    const row = await db
      .selectFrom((eb) => eb.selectFrom('comments').select('id').where(column, '=', value).where('created_at', '>=', toDbTime(sender.since)).limit(limit).as('recent'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const times = sender.newest ? [await newest('author_email', sender.email), sender.ip === null ? undefined : await newest('author_ip', sender.ip)] : [];
  const lastAt = times.filter((t): t is Date => t !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    lastAt,
    fromAddress: await count('author_ip', sender.ip, sender.addressLimit),
    fromNetwork: await count('author_network', sender.network, sender.networkLimit),
  };
}

/** The indexed prefix of a comment's text (migration 010); the expression must match the index's, word for word. */
/** Migration 010's index length; comment-text-plan.test.ts fails when the expressions part. */
const TEXT_PREFIX_LENGTH = 100;
const textPrefix = (eb: ExpressionBuilder<Schema, 'comments'>, body: string) => eb.fn<string>('substr', [eb.val(body), eb.lit(1), eb.lit(TEXT_PREFIX_LENGTH)]);
const textPrefixColumn = (eb: ExpressionBuilder<Schema, 'comments'>) => eb.fn<string>('substr', ['body', eb.lit(1), eb.lit(TEXT_PREFIX_LENGTH)]);

/** A comment with exactly this text on this post, unless it was binned: WordPress's duplicate check. */
export async function findDuplicateComment(db: Executor, postId: number, body: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where((eb) => eb(textPrefixColumn(eb), '=', textPrefix(eb, body)))
    .where('post_id', '=', postId)
    .where('status', '<>', 'trash')
    .where('body', '=', body)
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Other posts that got exactly this text since `since`: the same comment sprayed across articles. */
export async function countSameTextElsewhere(db: Executor, postId: number, body: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.count<number>('post_id').distinct().as('n'))
    .where((eb) => eb(textPrefixColumn(eb), '=', textPrefix(eb, body)))
    .where('body', '=', body)
    .where('post_id', '<>', postId)
    .where('created_at', '>=', toDbTime(since))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a person (not the automatic checks at submission) ever marked this comment as spam. */
export async function wasMarkedSpamByModerator(db: Executor, commentId: number): Promise<boolean> {
  const row = await db.selectFrom('comment_events').select('id').where('comment_id', '=', commentId).where('action', '=', 'spam').limit(1).executeTakeFirst();
  return row !== undefined;
}
