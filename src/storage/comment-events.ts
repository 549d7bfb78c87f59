/** The append-only log of what happened to each comment (moderation, edits, replies): who, when, from which status to which. */
import type { CommentStatus } from '../domain/comments.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

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

/** Many events in one statement (a batch of imported comments); each as appendCommentEvent would write it. */
export async function appendCommentEvents(db: Executor, events: readonly CommentEvent[], now: Date): Promise<void> {
  // 500 rows of seven values stay far below either database's limit on parameters.
  for (let i = 0; i < events.length; i += 500) {
    await db
      .insertInto('comment_events')
      .values(
        events.slice(i, i + 500).map((event) => ({
          comment_id: event.commentId,
          action: event.action,
          from_status: event.fromStatus,
          to_status: event.toStatus,
          actor: event.actor,
          reason: event.reason,
          created_at: toDbTime(now),
        })),
      )
      .execute();
  }
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

/** Whether a person (not the automatic checks at submission) ever marked this comment as spam. */
export async function wasMarkedSpamByModerator(db: Executor, commentId: number): Promise<boolean> {
  const row = await db.selectFrom('comment_events').select('id').where('comment_id', '=', commentId).where('action', '=', 'spam').limit(1).executeTakeFirst();
  return row !== undefined;
}
