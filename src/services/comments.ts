import { countLinks, normalizeNewlines } from '../content/comment-text.ts';
import { decideModeration, replyDepth, type Comment, type CommentStatus, type DiscussionRules } from '../domain/comments.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { ALL_COMMENTS, commentsOf } from '../domain/page-keys.ts';
import { isOnDay, permalinkOf, type Permalink } from '../domain/posts.ts';
import {
  appendCommentEvent,
  findApprovedCommentOnPost,
  findComment,
  hasApprovedCommentByEmail,
  insertComment,
  listCommentsByStatus,
  updateCommentStatus,
} from '../storage/comments.ts';
import { appendChange } from '../storage/changes.ts';
import { noteCommittedChange, type Db } from '../storage/db.ts';
import { findPublishedPostIdBySlug } from '../storage/posts.ts';

/** A reader's reply as the form delivers it, already checked field by field. */
export interface CommentSubmission {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  parentId: number | null;
}

export interface SubmissionContext {
  ip: string | null;
  userAgent: string | null;
  now: Date;
  rules: DiscussionRules;
}

export interface SubmittedComment {
  id: number;
  status: 'pending' | 'approved';
  /** Why it was held, for logs and moderators. */
  reasons: string[];
  postPermalink: string;
}

export async function submitComment(
  db: Db,
  permalink: Permalink,
  submission: CommentSubmission,
  context: SubmissionContext,
): Promise<SubmittedComment> {
  const post = await findPublishedPostIdBySlug(db, permalink.slug, context.now);
  if (!post || !isOnDay(post.publishedAt, permalink)) throw new NotFoundError('Post');
  if (!post.commentsOpen) throw new DomainError('forbidden', 'Comments are closed on this post.');

  const submitted = await db.transaction().execute(async (tx) => {
    let parentDepth: number | null = null;
    if (submission.parentId !== null) {
      const parent = await findApprovedCommentOnPost(tx, post.id, submission.parentId);
      if (!parent) {
        throw new DomainError('invalid', 'The comment you are replying to is not on this page.', {
          comment_parent: 'That comment does not exist or is not published. Post your reply as a new comment instead.',
        });
      }
      parentDepth = parent.depth;
    }
    const depth = replyDepth(parentDepth);
    const body = normalizeNewlines(submission.body);
    const decision = decideModeration(
      {
        linkCount: countLinks(body),
        authorHasApprovedComment: await hasApprovedCommentByEmail(tx, submission.authorEmail),
      },
      context.rules,
    );
    const id = await insertComment(
      tx,
      {
        postId: post.id,
        parentId: submission.parentId,
        depth,
        authorName: submission.authorName,
        authorEmail: submission.authorEmail,
        authorUrl: submission.authorUrl,
        body,
        authorIp: context.ip,
        userAgent: context.userAgent,
        status: decision.status,
      },
      context.now,
    );
    await appendCommentEvent(
      tx,
      {
        commentId: id,
        action: 'submit',
        fromStatus: null,
        toStatus: decision.status,
        actor: 'reader',
        reason: decision.reasons.length > 0 ? `held: ${decision.reasons.join('; ')}` : null,
      },
      context.now,
    );
    if (decision.status === 'approved') await appendChange(tx, [commentsOf(post.id), ALL_COMMENTS], context.now);
    return { id, status: decision.status, reasons: decision.reasons, postPermalink: permalinkOf({ slug: permalink.slug, publishedAt: post.publishedAt }) };
  });
  if (submitted.status === 'approved') noteCommittedChange(db);
  return submitted;
}

export const MODERATION_ACTIONS = {
  approve: 'approved',
  spam: 'spam',
  trash: 'trash',
  unapprove: 'pending',
} as const satisfies Record<string, CommentStatus>;
export type ModerationAction = keyof typeof MODERATION_ACTIONS;

/** A moderator's decision on one comment, written to the comment and to its append-only log. */
export async function moderateComment(
  db: Db,
  id: number,
  action: ModerationAction,
  actor: string,
  now: Date,
): Promise<Comment> {
  let changed = false;
  const result = await db.transaction().execute(async (tx) => {
    const comment = await findComment(tx, id);
    if (!comment) throw new NotFoundError(`Comment ${id}`);
    const status = MODERATION_ACTIONS[action];
    if (comment.status !== status) {
      await updateCommentStatus(tx, id, status, now);
      await appendCommentEvent(tx, { commentId: id, action, fromStatus: comment.status, toStatus: status, actor, reason: null }, now);
      // Readers see approved comments only: a change to or from "approved" changes the article page.
      if (comment.status === 'approved' || status === 'approved') {
        await appendChange(tx, [commentsOf(comment.postId), ALL_COMMENTS], now);
        changed = true;
      }
    }
    return { ...comment, status };
  });
  if (changed) noteCommittedChange(db);
  return result;
}

export function listCommentsForModeration(db: Db, status: CommentStatus, limit: number): Promise<Comment[]> {
  return listCommentsByStatus(db, status, limit);
}
