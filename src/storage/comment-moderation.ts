/** Comments as moderators work on them: the queue by status, counts, bulk lookups, status changes and corrections. */
import type { Comment, CommentStatus } from '../domain/comments.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { MODERATOR_COLUMNS, toComment } from './comments.ts';

/** Comments in one state, newest first, for moderators. */
export async function listCommentsByStatus(db: Executor, status: CommentStatus, limit: number): Promise<Comment[]> {
  const rows = await db.selectFrom('comments').select(MODERATOR_COLUMNS).where('status', '=', status).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toComment);
}

export async function updateCommentStatus(db: Executor, id: number, status: CommentStatus, now: Date): Promise<void> {
  await db
    .updateTable('comments')
    .set({ status, updated_at: toDbTime(now) })
    .where('id', '=', id)
    .execute();
}

export async function countCommentsWithStatus(db: Executor, status: CommentStatus): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
  const rows = await db
    .selectFrom('comments')
    .select(MODERATOR_COLUMNS)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
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
