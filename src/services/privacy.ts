import { ALL_COMMENTS, commentsOf } from '../domain/page-keys.ts';
import { changeContent } from '../storage/changes.ts';
import { appendCommentEvent } from '../storage/comment-events.ts';
import type { Db } from '../storage/db.ts';
import { clearAddressesBefore, eraseComments, listCommentsByEmail, type StoredComment } from '../storage/privacy.ts';
import { deleteQueuedMailTo } from '../storage/outbox.ts';
import { deleteSubscriptionsByEmail, listSubscriptionsByEmail, type Subscription } from '../storage/subscriptions.ts';
import { ERASED_MAIL_KINDS } from './subscriptions.ts';

/** More comments than any one person writes; an export or erasure works through them all in one go. */
const MAX_COMMENTS_PER_PERSON = 100_000;

/** How long comment addresses are kept unless the operator says otherwise (COMMENT_IP_RETENTION_DAYS). */
export const DEFAULT_ADDRESS_RETENTION_DAYS = 30;

export interface CommenterExport {
  email: string;
  exportedAt: string;
  comments: StoredComment[];
  /** Subscriptions to follow-up comments and new posts, with the consent each records (when asked, from which comment, when confirmed). */
  subscriptions: Subscription[];
}

/** Everything the site holds about the commenter with this email address. */
export async function exportCommenterData(db: Db, email: string, now: Date): Promise<CommenterExport> {
  return {
    email,
    exportedAt: now.toISOString(),
    comments: await listCommentsByEmail(db, email, MAX_COMMENTS_PER_PERSON),
    subscriptions: await listSubscriptionsByEmail(db, email, MAX_COMMENTS_PER_PERSON),
  };
}

/**
 * Erases a commenter: every comment with this email loses its name, email, website, address,
 * browser and text, and is shown as a deleted comment so the replies to it still read in
 * place. Their subscriptions are deleted too. The log records each erasure, without the data. Pages showing any of them are dropped
 * from the caches. Returns how many comments were erased.
 */
export async function eraseCommenterData(db: Db, email: string, actor: string, now: Date): Promise<number> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    // Subscriptions, the record of their consent and reader mail still waiting go with the comments.
    await deleteSubscriptionsByEmail(tx, email);
    await deleteQueuedMailTo(tx, email.toLowerCase(), ERASED_MAIL_KINDS);
    const comments = (await listCommentsByEmail(tx, email, MAX_COMMENTS_PER_PERSON)).filter((c) => c.erasedAt === null);
    if (comments.length === 0) return 0;
    await eraseComments(
      tx,
      comments.map((c) => c.id),
      now,
    );
    for (const c of comments) {
      await appendCommentEvent(tx, { commentId: c.id, action: 'erase', fromStatus: c.status, toStatus: c.status, actor, reason: 'erased on request' }, now);
    }
    const visible = comments.filter((c) => c.status === 'approved');
    if (visible.length > 0) pagesChanged([...visible.map((c) => commentsOf(c.post.id)), ALL_COMMENTS]);
    return comments.length;
  });
}

/** Forgets the address and browser of comments older than the retention period; returns how many. */
export function clearExpiredAddresses(db: Db, retentionDays: number, now: Date): Promise<number> {
  return clearAddressesBefore(db, new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000));
}
