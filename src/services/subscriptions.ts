import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { can, type User } from '../domain/users.ts';
import { permalinkOf } from '../domain/posts.ts';
import { READER_MAIL_KINDS } from '../domain/mail.ts';
import {
  commentPublishedMail,
  CONFIRMATION_LINK_LIFETIME_MS,
  confirmationMail,
  followUpMail,
  heldDigestEntry,
  heldDigestStart,
  mailExcerpt,
  MODERATION_DIGEST_INTERVAL_MS,
  newPostMail,
  newPostsDigestEntry,
  newPostsDigestStart,
  nextDigestTime,
  UNSUBSCRIBE_LINK_LIFETIME_MS,
  withEntry,
  type ConfirmationItem,
  type PostItem,
} from '../domain/reader-mail.ts';
import type { Db, Executor } from '../storage/db.ts';
import { deleteQueuedMailTo, findLastMailQueuedAt, findQueuedDigest, rewriteQueuedDigest } from '../storage/outbox.ts';
import { findSetting, insertSettingIfAbsent } from '../storage/settings.ts';
import {
  claimMailCause,
  confirmSubscriptionRow,
  findLiveSubscription,
  findPostForMail,
  findSubscription,
  insertSubscriptionRequest,
  liftSuppression,
  listConfirmedSubscribers,
  listUnmailedLivePosts,
  listUnsentRequestsOfComment,
  markConfirmationSent,
  unsubscribeRow,
  type PostForMail,
  type Subscription,
} from '../storage/subscriptions.ts';
import { listSuspendedUserIds, listUsers } from '../storage/users.ts';
import { queueMail } from './outbox.ts';
import { loadSiteSettings } from './settings.ts';

/** Where links in mail point: the site's public origin (SITE_URL, or the request's). */
export interface MailOrigin {
  origin: string;
}

/** Most readers one cause mails in its transaction: far beyond a newsroom's subscribers, and a bound all the same. */
const MAX_RECIPIENTS = 50_000;
/** A digest stops growing at this size; the queue or the site shows the rest. */
const MAX_DIGEST_LENGTH = 40_000;
/** Posts that went live longer ago than this are never mailed about (a site down for days does not mail old news). */
const NEW_POST_MAIL_WINDOW_MS = 48 * 60 * 60_000;
/** Posts one round of new-post mail looks at. */
const NEW_POSTS_PER_ROUND = 20;

const SECRET_KEY = 'mail_link_secret';

type LinkPurpose = 'confirm' | 'unsubscribe';
const PURPOSE_CODES: Record<LinkPurpose, string> = { confirm: 'c', unsubscribe: 'u' };

async function linkSecret(db: Executor): Promise<Buffer> {
  // The first process to need it makes it; every process and node signs with the one stored.
  await insertSettingIfAbsent(db, SECRET_KEY, randomBytes(32).toString('base64url'));
  return Buffer.from(String(await findSetting(db, SECRET_KEY)), 'base64url');
}

function signature(secret: Buffer, code: string, id: number, expires: number): string {
  return createHmac('sha256', secret).update(`mail-link:${code}:${id}:${expires}`).digest('base64url').slice(0, 32);
}

/** A link that does one thing to one subscription until it expires: "<id>.<c|u>.<expiry seconds>.<signature>". */
async function signedLink(db: Executor, origin: string, purpose: LinkPurpose, id: number, lifetimeMs: number, now: Date): Promise<string> {
  const expires = Math.floor((now.getTime() + lifetimeMs) / 1000);
  const code = PURPOSE_CODES[purpose];
  const token = `${id}.${code}.${expires}.${signature(await linkSecret(db), code, id, expires)}`;
  return new URL(`/subscriptions/${purpose}/?token=${token}`, origin).href;
}

export type LinkCheck = { state: 'valid'; subscription: Subscription; postTitle: string | null } | { state: 'expired' } | { state: 'invalid' };

/** What a link from a mail says, checked against its signature and its time. */
export async function checkMailLink(db: Db, purpose: LinkPurpose, token: string | undefined, now: Date): Promise<LinkCheck> {
  const match = /^(\d{1,15})\.([cu])\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token ?? '');
  if (!match || match[2] !== PURPOSE_CODES[purpose]) return { state: 'invalid' };
  const id = Number(match[1]);
  const expires = Number(match[3]);
  const expected = Buffer.from(signature(await linkSecret(db), match[2], id, expires));
  if (!timingSafeEqual(expected, Buffer.from(match[4]!))) return { state: 'invalid' };
  if (expires * 1000 <= now.getTime()) return { state: 'expired' };
  const subscription = await findSubscription(db, id);
  // Erased on its owner's request: the link has nothing left to act on.
  if (!subscription) return { state: 'invalid' };
  const post = subscription.postId === null ? undefined : await findPostForMail(db, subscription.postId);
  return { state: 'valid', subscription, postTitle: post?.title ?? null };
}

/** Confirms the subscription a confirmation link names; the address receives reader mail from now on. */
export async function confirmSubscription(db: Db, token: string | undefined, now: Date): Promise<LinkCheck & { changed?: boolean }> {
  const check = await checkMailLink(db, 'confirm', token, now);
  if (check.state !== 'valid') return check;
  const changed = await db.transaction().execute(async (tx) => {
    const confirmed = await confirmSubscriptionRow(tx, check.subscription.id, now);
    if (confirmed) await liftSuppression(tx, check.subscription.email);
    return confirmed;
  });
  return { ...check, changed };
}

/** Ends the subscription an unsubscribe link names, with its mail still waiting to leave. */
export async function unsubscribeByLink(db: Db, token: string | undefined, now: Date): Promise<LinkCheck & { changed?: boolean }> {
  const check = await checkMailLink(db, 'unsubscribe', token, now);
  if (check.state !== 'valid') return check;
  const changed = await db.transaction().execute(async (tx) => {
    const ended = await unsubscribeRow(tx, check.subscription.id, now);
    if (ended && check.subscription.kind === 'posts') await deleteQueuedMailTo(tx, check.subscription.email, ['new_post', 'new_posts_digest']);
    return ended;
  });
  return { ...check, changed };
}

/**
 * Records what a reader ticked under the reply form, in the transaction that stores their
 * comment: nothing is mailed yet. The confirmation goes once the comment is published
 * (mailAboutPublishedComment), so a comment held, or sent to spam, mails no one.
 */
export async function requestSubscriptions(
  tx: Executor,
  input: { email: string; postId: number; commentId: number; comments: boolean; posts: boolean },
  now: Date,
): Promise<void> {
  const wanted: Array<{ kind: 'comments' | 'posts'; postId: number | null }> = [];
  if (input.comments) wanted.push({ kind: 'comments', postId: input.postId });
  if (input.posts) wanted.push({ kind: 'posts', postId: null });
  const email = input.email.toLowerCase();
  for (const w of wanted) {
    // Already asked for or confirmed: asking again changes nothing and mails nothing.
    if (await findLiveSubscription(tx, email, w.kind, w.postId)) continue;
    await insertSubscriptionRequest(tx, { email, kind: w.kind, postId: w.postId, commentId: input.commentId }, now);
  }
}

function postLink(origin: string, post: PostForMail, timeZone: string, fragment = ''): string {
  if (!post.publishedAt) return new URL('/', origin).href;
  return new URL(`${permalinkOf({ slug: post.slug, publishedAt: post.publishedAt }, timeZone)}${fragment}`, origin).href;
}

const queueLink = (origin: string) => new URL('/admin/comments/?status=pending', origin).href;

async function activeStaff(tx: Executor): Promise<User[]> {
  const [users, suspended] = await Promise.all([listUsers(tx), listSuspendedUserIds(tx)]);
  const out = new Set(suspended);
  return users.filter((u) => !out.has(u.id));
}

/** The comment a mail is about, as its transaction knows it. */
export interface CommentForMail {
  id: number;
  postId: number;
  authorName: string;
  authorEmail: string;
  body: string;
}

/**
 * A comment was published (at once, or approved by a moderator): in the same transaction, the
 * confirmation its author asked for, the follow-up to each confirmed subscriber of the post
 * (never to the commenter about their own comment, never to an address that refused mail), and
 * the notice to the post's author when the site sends it. The follow-ups and the notice go once
 * per comment, however often it is approved.
 */
export async function mailAboutPublishedComment(tx: Executor, comment: CommentForMail, links: MailOrigin, now: Date): Promise<number> {
  const post = await findPostForMail(tx, comment.postId);
  if (!post) return 0;
  const settings = await loadSiteSettings(tx);
  let queued = 0;
  const requests = await listUnsentRequestsOfComment(tx, comment.id);
  if (requests.length > 0) {
    const items: ConfirmationItem[] = [];
    for (const r of requests) {
      items.push({ kind: r.kind, postTitle: post.title, link: await signedLink(tx, links.origin, 'confirm', r.id, CONFIRMATION_LINK_LIFETIME_MS, now) });
    }
    const mail = confirmationMail({ siteTitle: settings.title, items });
    await queueMail(tx, { kind: 'subscription_confirmation', to: requests[0]!.email, ...mail }, links.origin, now);
    await markConfirmationSent(
      tx,
      requests.map((r) => r.id),
      now,
    );
    queued += 1;
  }
  if (!(await claimMailCause(tx, 'comment', comment.id, now))) return queued;
  const commenter = comment.authorEmail.toLowerCase();
  const commentLink = postLink(links.origin, post, settings.timezone, `#comment-${comment.id}`);
  const excerpt = mailExcerpt(comment.body);
  for (const s of await listConfirmedSubscribers(tx, { kind: 'comments', postId: post.id }, MAX_RECIPIENTS)) {
    if (s.email === commenter) continue;
    const unsubscribeUrl = await signedLink(tx, links.origin, 'unsubscribe', s.id, UNSUBSCRIBE_LINK_LIFETIME_MS, now);
    const mail = followUpMail({
      siteTitle: settings.title,
      postTitle: post.title,
      commenterName: comment.authorName,
      excerpt,
      commentLink,
      unsubscribeLink: unsubscribeUrl,
    });
    await queueMail(tx, { kind: 'comment_follow_up', to: s.email, ...mail, unsubscribeUrl }, links.origin, now);
    queued += 1;
  }
  if (settings.mail.notifyAuthorOnComment) {
    const author = (await activeStaff(tx)).find((u) => u.authorId === post.authorId);
    if (author && author.email.toLowerCase() !== commenter) {
      const mail = commentPublishedMail({
        siteTitle: settings.title,
        postTitle: post.title,
        commenterName: comment.authorName,
        commenterEmail: comment.authorEmail,
        excerpt,
        commentLink,
        queueLink: new URL('/admin/comments/', links.origin).href,
      });
      await queueMail(tx, { kind: 'comment_published', to: author.email, ...mail }, links.origin, now);
      queued += 1;
    }
  }
  return queued;
}

/** Adds an entry to the digest of this kind waiting for this address, or queues a new one due at `dueAt`. */
async function addToDigest(
  tx: Executor,
  input: {
    kind: 'comments_held' | 'new_posts_digest';
    to: string;
    parts: { subject: string; head: string; foot: string };
    entry: string;
    dueAt: Date;
    unsubscribeUrl?: string;
  },
  origin: string,
  now: Date,
): Promise<void> {
  const waiting = await findQueuedDigest(tx, input.to, input.kind);
  if (waiting) {
    if (waiting.text.length >= MAX_DIGEST_LENGTH) return;
    if (await rewriteQueuedDigest(tx, waiting.id, waiting.subject, withEntry(waiting.text, input.parts, input.entry))) return;
  }
  await queueMail(
    tx,
    {
      kind: input.kind,
      to: input.to,
      subject: input.parts.subject,
      text: withEntry('', input.parts, input.entry),
      dueAt: input.dueAt,
      unsubscribeUrl: input.unsubscribeUrl,
    },
    origin,
    now,
  );
}

/**
 * A comment was held for moderation: moderators (editors and up, not suspended) hear of it in a
 * digest, at most one per MODERATION_DIGEST_INTERVAL_MS each, so a burst of comments makes one
 * message that lists them. Comments sent straight to spam mail no one.
 */
export async function mailModeratorsAboutHeld(tx: Executor, comment: CommentForMail, links: MailOrigin, now: Date): Promise<void> {
  const settings = await loadSiteSettings(tx);
  if (!settings.mail.notifyModeratorsOnHold) return;
  const post = await findPostForMail(tx, comment.postId);
  const entry = heldDigestEntry({ postTitle: post?.title ?? '(a removed post)', commenterName: comment.authorName, excerpt: mailExcerpt(comment.body, 300) });
  const parts = heldDigestStart({ siteTitle: settings.title, queueLink: queueLink(links.origin) });
  for (const moderator of (await activeStaff(tx)).filter((u) => can(u, 'moderate_comments'))) {
    const last = await findLastMailQueuedAt(tx, moderator.email, 'comments_held');
    const dueAt = last ? new Date(Math.max(now.getTime(), last.getTime() + MODERATION_DIGEST_INTERVAL_MS)) : now;
    await addToDigest(tx, { kind: 'comments_held', to: moderator.email, parts, entry, dueAt }, links.origin, now);
  }
}

/**
 * Mails readers subscribed to new posts about posts that went live (published now, or a
 * scheduled one whose time came): each post once, in the transaction that marks it mailed, to
 * those who had confirmed by then. One message per post, or an entry in the digest that leaves
 * after midnight in the site's time zone, as the settings say. Returns how many posts were mailed about.
 */
export async function mailNewPosts(db: Db, links: MailOrigin, now: Date): Promise<number> {
  const posts = await listUnmailedLivePosts(db, new Date(now.getTime() - NEW_POST_MAIL_WINDOW_MS), now, NEW_POSTS_PER_ROUND);
  let mailed = 0;
  for (const candidate of posts) {
    await db.transaction().execute(async (tx) => {
      if (!(await claimMailCause(tx, 'post', candidate.id, now))) return;
      const post = await findPostForMail(tx, candidate.id);
      if (!post) return;
      mailed += 1;
      const settings = await loadSiteSettings(tx);
      const item: PostItem = { title: post.title, excerpt: mailExcerpt(post.excerpt, 400), link: postLink(links.origin, post, settings.timezone) };
      for (const s of await listConfirmedSubscribers(tx, { kind: 'posts', confirmedBy: candidate.wentLiveAt }, MAX_RECIPIENTS)) {
        const unsubscribeUrl = await signedLink(tx, links.origin, 'unsubscribe', s.id, UNSUBSCRIBE_LINK_LIFETIME_MS, now);
        if (settings.mail.newPostsMail === 'each') {
          const mail = newPostMail({ siteTitle: settings.title, post: item, unsubscribeLink: unsubscribeUrl });
          await queueMail(tx, { kind: 'new_post', to: s.email, ...mail, unsubscribeUrl }, links.origin, now);
        } else {
          const parts = newPostsDigestStart({ siteTitle: settings.title, unsubscribeLink: unsubscribeUrl });
          await addToDigest(
            tx,
            { kind: 'new_posts_digest', to: s.email, parts, entry: newPostsDigestEntry(item), dueAt: nextDigestTime(now, settings.timezone), unsubscribeUrl },
            links.origin,
            now,
          );
        }
      }
    });
  }
  return mailed;
}

/** Everything kept about an address's subscriptions, for its owner's export. */
export { listSubscriptionsByEmail } from '../storage/subscriptions.ts';

/** Reader mail kinds, for dropping what waits for an erased address. */
export const ERASED_MAIL_KINDS = [...READER_MAIL_KINDS, 'subscription_confirmation'] as const;
