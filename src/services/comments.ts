import { createHash } from 'node:crypto';
import { countLinks, normalizeNewlines } from '../content/comment-text.ts';
import {
  commentsAreOpen,
  decideModeration,
  moderationTarget,
  replyDepth,
  type Comment,
  type CommentStatus,
  type DiscussionRules,
  type ModerationAction,
} from '../domain/comments.ts';
import { checkCommentPace, HOUR_MS, networkOf, type CommentPace } from '../domain/comment-pace.ts';
import { DomainError, NotFoundError, RateLimitedError } from '../domain/errors.ts';
import { spamProbability, spamTokens } from '../domain/bayes.ts';
import { spamSignals, spamVerdict, type SpamInput } from '../domain/spam-signals.ts';
import { addTokenCounts, readTokenCounts, removeSpamTokenCounts } from '../storage/spam-filter.ts';
import { ALL_COMMENTS, commentsOf } from '../domain/page-keys.ts';
import { isOnDay, permalinkOf, type Permalink } from '../domain/posts.ts';
import {
  findApprovedCommentOnPost,
  findComment,
  findCommentBySubmissionKey,
  hasApprovedCommentByEmail,
  insertComment,
  insertSubmittedComment,
} from '../storage/comments.ts';
import {
  countCommentsByStatus,
  findCommentDepth,
  findCommentsByIds,
  findQueuedComment,
  findStatusBefore,
  listCommentsByStatus,
  listQueuedComments,
  updateCommentContent,
  updateCommentStatus,
  type CommentEdit,
  type QueuedCommentRow,
} from '../storage/comment-moderation.ts';
import { appendCommentEvent, wasMarkedSpamByModerator } from '../storage/comment-events.ts';
import { countSameTextElsewhere, findDuplicateComment, readSenderActivity } from '../storage/comment-pace.ts';
import { changeContent, type PagesChanged } from '../storage/changes.ts';
import type { Db, Executor } from '../storage/db.ts';
import { queueWebhookEvent } from './webhooks.ts';
import { findPublishedPostIdBySlug } from '../storage/posts.ts';
import { loadSiteSettings } from './settings.ts';
import { mailAboutPublishedComment, mailModeratorsAboutHeld, requestSubscriptions, type MailOrigin } from './subscriptions.ts';

/** A reader's reply as the form delivers it, already checked field by field. */
export interface CommentSubmission {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  parentId: number | null;
  /** The boxes under the form: follow-up comments on this post, new posts. Nothing is mailed before the reader confirms. */
  subscribe?: { comments: boolean; posts: boolean } | undefined;
}

export interface SubmissionContext {
  ip: string | null;
  userAgent: string | null;
  now: Date;
  rules: DiscussionRules;
  /** The site's time zone: the permalink's date is the post's day there. */
  timeZone: string;
  /** Flood control and hourly limits per address and network (domain/comment-pace.ts). */
  pace: CommentPace;
  /** The reply form's hidden field and signed time stamp, for the spam score (domain/spam-signals.ts). */
  honeypot: string;
  formToken: SpamInput['formToken'];
  /** The time stamp as posted: with a valid one, the same submission sent again answers as the first did. */
  postedFormToken: string | undefined;
  /** Where links in mail point; without it no mail is queued (and no subscription recorded). */
  mail?: MailOrigin | undefined;
}

/** How far back the same text on other articles counts as a repeat. */
const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** WordPress's words for a repeated comment (wp_allow_comment), so readers recognise them. */
export const DUPLICATE_MESSAGE = 'Duplicate comment detected; it looks as though you’ve already said that!';

export interface SubmittedComment {
  id: number;
  /** As it is now: a repeat answers with what moderators have made of the first since. */
  status: CommentStatus;
  /** Why it was held, for logs and moderators; empty for a repeat. */
  reasons: string[];
  postId: number;
  postPermalink: string;
  /** The same submission was sent again (a double click, a retry): nothing was stored this time. */
  repeat: boolean;
}

/**
 * What makes two submissions the same one: the form they came from (its signed time stamp) and
 * everything the reader sent. The time stamp alone is not enough: every reader of a page served
 * from the cache gets the same one, and a form sent back with mistakes gets a new one. Only a
 * stamp this site signed counts, so no one can choose a key to collide with. Undefined: every
 * submission is new (WordPress's duplicate rule still applies).
 */
function submissionKeyOf(submission: CommentSubmission, body: string, context: SubmissionContext): string | undefined {
  if (context.formToken.state !== 'valid' || context.postedFormToken === undefined) return undefined;
  const { authorName, authorEmail, authorUrl, parentId } = submission;
  return createHash('sha256')
    .update(JSON.stringify([context.postedFormToken, parentId, authorName, authorEmail, authorUrl, body]))
    .digest('base64url');
}

export async function submitComment(db: Db, permalink: Permalink, submission: CommentSubmission, context: SubmissionContext): Promise<SubmittedComment> {
  const post = await findPublishedPostIdBySlug(db, permalink.slug, context.now);
  if (!post || !isOnDay(post.publishedAt, permalink, context.timeZone)) throw new NotFoundError('Post');
  const postPermalink = permalinkOf({ slug: permalink.slug, publishedAt: post.publishedAt }, context.timeZone);
  // A submission sent again gets the first one's answer before any rule is asked: it is not a
  // duplicate of itself, nor too soon after itself, and it stores nothing.
  const key = submissionKeyOf(submission, normalizeNewlines(submission.body), context);
  const firstAnswer = async (executor: Executor): Promise<SubmittedComment | undefined> => {
    const first = key === undefined ? undefined : await findCommentBySubmissionKey(executor, post.id, key);
    return first && { id: first.id, status: first.status, reasons: [], postId: post.id, postPermalink, repeat: true };
  };
  const repeated = await firstAnswer(db);
  if (repeated) return repeated;
  if (!commentsAreOpen(post, context.rules, context.now)) throw new DomainError('forbidden', 'Comments are closed on this post.');

  // The same submission, racing this one, was stored while this one was checked: this one was
  // then refused as a duplicate of it, or as too soon after it. It is a repeat all the same.
  const raced = async (error: unknown): Promise<SubmittedComment> => {
    const first = error instanceof DomainError && (error.code === 'conflict' || error.code === 'rate_limited') ? await firstAnswer(db) : undefined;
    if (first) return first;
    throw error;
  };

  const submitted = await changeContent(db, context.now, async (tx, pagesChanged) => {
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
    const depth = replyDepth(parentDepth, context.rules.threadDepth);
    const body = normalizeNewlines(submission.body);
    // WordPress's order: a duplicate first (409), then the pace of this sender (429). Both are
    // refused with the reader's text kept in the form, and nothing is written.
    if ((await findDuplicateComment(tx, post.id, body)) !== undefined) {
      throw new DomainError('conflict', DUPLICATE_MESSAGE, { comment: DUPLICATE_MESSAGE });
    }
    const network = context.ip === null ? null : networkOf(context.ip);
    const activity = await readSenderActivity(tx, {
      ip: context.ip,
      network,
      email: submission.authorEmail,
      newest: context.pace.floodIntervalMs > 0,
      since: new Date(context.now.getTime() - HOUR_MS),
      addressLimit: context.pace.perAddressPerHour,
      networkLimit: context.pace.perNetworkPerHour,
    });
    const pace = checkCommentPace(activity, context.pace, context.now);
    if (!pace.ok) throw new RateLimitedError(pace.message, pace.retryAfterMs);
    const linkCount = countLinks(body);
    const decision = decideModeration(
      {
        linkCount,
        authorHasApprovedComment: await hasApprovedCommentByEmail(tx, submission.authorEmail),
        fields: { ...submission, body, authorIp: context.ip, userAgent: context.userAgent },
      },
      context.rules,
    );
    // The local spam score can only make the decision stricter: hold what would be published,
    // send to spam what scores that high. Its reasons go to the moderator with the rules' own.
    const tokens = spamTokens(`${submission.authorName}\n${submission.authorUrl ?? ''}\n${body}`);
    const learnt = await readTokenCounts(tx, tokens);
    const signals = spamSignals({
      filterProbability: spamProbability(learnt.tokens, learnt.totals),
      body,
      authorName: submission.authorName,
      authorUrl: submission.authorUrl,
      honeypot: context.honeypot,
      formToken: context.formToken,
      sameTextElsewhere: await countSameTextElsewhere(tx, post.id, body, new Date(context.now.getTime() - REPEAT_WINDOW_MS)),
      linkCount,
    });
    const verdict = spamVerdict(signals);
    if (verdict === 'spam') decision.status = 'spam';
    else if (verdict === 'hold' && decision.status === 'approved') decision.status = 'pending';
    decision.reasons.push(...signals.map((sig) => sig.reason));
    const comment = {
      postId: post.id,
      parentId: submission.parentId,
      depth,
      authorName: submission.authorName,
      authorEmail: submission.authorEmail,
      authorUrl: submission.authorUrl,
      body,
      authorIp: context.ip,
      authorNetwork: network,
      userAgent: context.userAgent,
      status: decision.status,
    };
    const id =
      key === undefined ? await insertComment(tx, comment, context.now) : await insertSubmittedComment(tx, { ...comment, submissionKey: key }, context.now);
    if (id === undefined) {
      // The same submission, racing this one, got to the unique index first: nothing was written.
      const first = await firstAnswer(tx);
      if (!first) throw new Error('A comment with this submission key was neither stored nor found');
      return first;
    }
    await appendCommentEvent(
      tx,
      {
        commentId: id,
        action: 'submit',
        fromStatus: null,
        toStatus: decision.status,
        actor: 'reader',
        reason: decision.reasons.length > 0 ? `${decision.status === 'spam' ? 'spam' : 'held'}: ${decision.reasons.join('; ')}` : null,
      },
      context.now,
    );
    if (decision.status === 'approved') pagesChanged([commentsOf(post.id), ALL_COMMENTS]);
    // Mail goes out with the comment or not at all: queued in this transaction. Spam mails no one.
    if (context.mail && decision.status !== 'spam') {
      const forMail = { id, postId: post.id, authorName: submission.authorName, authorEmail: submission.authorEmail, body };
      if (submission.subscribe && (submission.subscribe.comments || submission.subscribe.posts)) {
        await requestSubscriptions(tx, { email: submission.authorEmail, postId: post.id, commentId: id, ...submission.subscribe }, context.now);
      }
      if (decision.status === 'approved') await mailAboutPublishedComment(tx, forMail, context.mail, context.now);
      else await mailModeratorsAboutHeld(tx, forMail, context.mail, context.now);
    }
    return { id, status: decision.status, reasons: decision.reasons, postId: post.id, postPermalink, repeat: false };
  }).catch(raced);
  return submitted;
}

export { MODERATION_ACTIONS, type ModerationAction } from '../domain/comments.ts';

/** Who did something to a comment, as its log records it: a user's email, "cli", "reader". */
export type Actor = string;

/**
 * Applies one action inside a transaction: the comment's new status, its log entry, and the
 * page key when readers' view changes. Returns the comment as it now is and whether readers see a change.
 */
/**
 * What a moderator's decision teaches the spam filter: "spam" teaches spam words; approving or
 * "not spam" teaches ham words, and "not spam" also takes back what an earlier "spam" taught.
 */
async function learnFromDecision(tx: Executor, comment: Comment, action: ModerationAction): Promise<void> {
  const tokens = spamTokens(`${comment.authorName}\n${comment.authorUrl ?? ''}\n${comment.body}`);
  if (action === 'spam') await addTokenCounts(tx, tokens, 'spam');
  if (action === 'approve' || action === 'not_spam') await addTokenCounts(tx, tokens, 'ham');
  if (action === 'not_spam' && (await wasMarkedSpamByModerator(tx, comment.id))) await removeSpamTokenCounts(tx, tokens);
}

async function applyModeration(
  tx: Executor,
  pagesChanged: PagesChanged,
  comment: Comment,
  action: ModerationAction,
  actor: Actor,
  now: Date,
  mail?: MailOrigin,
): Promise<{ comment: Comment; visible: boolean }> {
  const previous =
    action === 'restore' ? await findStatusBefore(tx, comment.id, 'trash') : action === 'not_spam' ? await findStatusBefore(tx, comment.id, 'spam') : null;
  const status = moderationTarget(action, comment.status, previous);
  if (status === undefined || status === comment.status) return { comment, visible: false };
  await learnFromDecision(tx, comment, action);
  await updateCommentStatus(tx, comment.id, status, now);
  await appendCommentEvent(tx, { commentId: comment.id, action, fromStatus: comment.status, toStatus: status, actor, reason: null }, now);
  // Readers see approved comments only: a change to or from "approved" changes the article page.
  const visible = comment.status === 'approved' || status === 'approved';
  if (visible) pagesChanged([commentsOf(comment.postId), ALL_COMMENTS]);
  if (status === 'approved') {
    await queueWebhookEvent(tx, 'comment.approved', { comment: { id: comment.id, post: comment.postId, rest: `/wp-json/wp/v2/comments/${comment.id}` } }, now);
  }
  // Published now: its confirmation, follow-ups and author's notice, queued with the decision (once per comment).
  if (status === 'approved' && mail) await mailAboutPublishedComment(tx, comment, mail, now);
  return { comment: { ...comment, status }, visible };
}

/** A moderator's decision on one comment, written to the comment and to its append-only log. */
export async function moderateComment(db: Db, id: number, action: ModerationAction, actor: Actor, now: Date, mail?: MailOrigin): Promise<Comment> {
  const result = await changeContent(db, now, async (tx, pagesChanged) => {
    const comment = await findComment(tx, id);
    if (!comment) throw new NotFoundError(`Comment ${id}`);
    return applyModeration(tx, pagesChanged, comment, action, actor, now, mail);
  });
  return result.comment;
}

/** Most comments one bulk action may touch: a queue page's worth, with room to spare. */
export const MAX_BULK_COMMENTS = 200;

/** One action on many comments, all or none; returns how many changed. Ids that do not exist are ignored. */
export async function moderateComments(db: Db, ids: readonly number[], action: ModerationAction, actor: Actor, now: Date, mail?: MailOrigin): Promise<number> {
  if (ids.length > MAX_BULK_COMMENTS) throw new DomainError('invalid', `Choose at most ${MAX_BULK_COMMENTS} comments at a time.`);
  return changeContent(db, now, async (tx, pagesChanged) => {
    let changed = 0;
    for (const comment of await findCommentsByIds(tx, ids)) {
      const r = await applyModeration(tx, pagesChanged, comment, action, actor, now, mail);
      if (r.comment.status !== comment.status) changed += 1;
    }
    return changed;
  });
}

export function listCommentsForModeration(db: Db, status: CommentStatus, limit: number): Promise<Comment[]> {
  return listCommentsByStatus(db, status, limit);
}

export interface ModerationQueue {
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  comments: Array<QueuedCommentRow & { postPermalink: string | null }>;
  page: number;
  hasMore: boolean;
}

/** Comments shown per page of the moderation queue. */
export const QUEUE_PAGE_SIZE = 50;

/** One page of the moderation queue for one status, with the counts of every status for its tabs. */
export async function loadModerationQueue(db: Db, status: CommentStatus, page: number): Promise<ModerationQueue> {
  const [counts, rows, { timezone }] = await Promise.all([
    countCommentsByStatus(db),
    listQueuedComments(db, status, QUEUE_PAGE_SIZE + 1, (page - 1) * QUEUE_PAGE_SIZE),
    loadSiteSettings(db),
  ]);
  return {
    status,
    counts,
    page,
    hasMore: rows.length > QUEUE_PAGE_SIZE,
    comments: rows.slice(0, QUEUE_PAGE_SIZE).map((r) => ({
      ...r,
      postPermalink: r.post.publishedAt ? permalinkOf({ slug: r.post.slug, publishedAt: r.post.publishedAt }, timezone) : null,
    })),
  };
}

/** A comment for its moderation page, or NotFoundError. */
export async function getCommentForModeration(db: Db, id: number): Promise<QueuedCommentRow & { postPermalink: string | null }> {
  const [found, { timezone }] = await Promise.all([findQueuedComment(db, id), loadSiteSettings(db)]);
  if (!found) throw new NotFoundError(`Comment ${id}`);
  return { ...found, postPermalink: found.post.publishedAt ? permalinkOf({ slug: found.post.slug, publishedAt: found.post.publishedAt }, timezone) : null };
}

/** A moderator's correction of a comment's text or author fields; logged, and dropped from cached pages when readers see it. */
export async function editComment(db: Db, id: number, edit: CommentEdit, actor: Actor, now: Date): Promise<Comment> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const comment = await findComment(tx, id);
    if (!comment) throw new NotFoundError(`Comment ${id}`);
    const body = normalizeNewlines(edit.body);
    await updateCommentContent(tx, id, { ...edit, body }, now);
    await appendCommentEvent(tx, { commentId: id, action: 'edit', fromStatus: comment.status, toStatus: comment.status, actor, reason: null }, now);
    if (comment.status === 'approved') pagesChanged([commentsOf(comment.postId), ALL_COMMENTS]);
    return { ...comment, ...edit, body };
  });
}

/** The signed-in user a reply from the queue is written as. */
export interface SiteReplier {
  displayName: string;
  email: string;
  /** The log's actor for this user. */
  actor: Actor;
}

/**
 * A moderator's reply from the queue: published at once under their name. Replying to a held
 * comment approves it first, as WordPress does, so the reply never answers something hidden; a
 * comment in spam or the trash must be restored before it can be answered.
 */
export async function replyAsSite(
  db: Db,
  parentId: number,
  body: string,
  replier: SiteReplier,
  rules: Pick<DiscussionRules, 'threadDepth'>,
  now: Date,
  mail?: MailOrigin,
): Promise<{ id: number; parentApproved: boolean }> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const parent = await findComment(tx, parentId);
    if (!parent) throw new NotFoundError(`Comment ${parentId}`);
    if (parent.status === 'spam' || parent.status === 'trash') {
      throw new DomainError('conflict', `This comment is in ${parent.status === 'spam' ? 'spam' : 'the trash'}; restore it before replying.`);
    }
    const depth = replyDepth((await findCommentDepth(tx, parentId)) ?? 1, rules.threadDepth);
    const parentApproved = parent.status === 'pending';
    if (parentApproved) await applyModeration(tx, pagesChanged, parent, 'approve', replier.actor, now, mail);
    const text = normalizeNewlines(body);
    const id = await insertComment(
      tx,
      {
        postId: parent.postId,
        parentId,
        depth,
        authorName: replier.displayName,
        authorEmail: replier.email,
        authorUrl: null,
        body: text,
        authorIp: null,
        userAgent: null,
        status: 'approved',
      },
      now,
    );
    await appendCommentEvent(tx, { commentId: id, action: 'reply', fromStatus: null, toStatus: 'approved', actor: replier.actor, reason: null }, now);
    pagesChanged([commentsOf(parent.postId), ALL_COMMENTS]);
    if (mail)
      await mailAboutPublishedComment(tx, { id, postId: parent.postId, authorName: replier.displayName, authorEmail: replier.email, body: text }, mail, now);
    return { id, parentApproved };
  });
}
