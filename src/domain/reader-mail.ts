import { localDateOf, nextDay, startOfLocalDay } from './time-zone.ts';
import type { MailText } from './account-mail.ts';

/**
 * The mail readers ask for and the mail staff expect about comments, in one place beside the
 * rules they carry out. Names and titles come from readers and editors: they are only ever put
 * in a subject through the outbox, which keeps it on one line, and in a plain-text body.
 */

/** How long a confirmation link works: a week, for a reader who reads their mail late. */
export const CONFIRMATION_LINK_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/**
 * How long an unsubscribe link works: a year. A mail program may offer its button long after the
 * message came, and RFC 8058 asks that it keep working; a newer message carries a newer link.
 */
export const UNSUBSCRIBE_LINK_LIFETIME_MS = 365 * 24 * 60 * 60_000;
/** Moderators get at most one mail about held comments in this time; what is held meanwhile joins the next. */
export const MODERATION_DIGEST_INTERVAL_MS = 5 * 60_000;
/** Most comments one moderators' digest lists by name; the queue link shows them all. */
export const MAX_DIGEST_ITEMS = 50;

export interface ConfirmationItem {
  kind: 'comments' | 'posts';
  postTitle: string;
  link: string;
}

export function confirmationMail(input: { siteTitle: string; items: readonly ConfirmationItem[] }): MailText {
  const what = (item: ConfirmationItem) => (item.kind === 'comments' ? `follow-up comments on “${item.postTitle}”` : `new posts on ${input.siteTitle}`);
  return {
    subject: `Please confirm your subscription to ${input.siteTitle}`,
    text: [
      'Hello,',
      '',
      `Someone, probably you, left a comment on ${input.siteTitle} with this address and asked to be sent:`,
      '',
      ...input.items.flatMap((item) => [`- ${what(item)}. To confirm, open this link within a week:`, `  ${item.link}`, '']),
      'Nothing more is sent to you unless you confirm. If it was not you, ignore this message.',
      '',
    ].join('\n'),
  };
}

export function followUpMail(input: {
  siteTitle: string;
  postTitle: string;
  commenterName: string;
  excerpt: string;
  commentLink: string;
  unsubscribeLink: string;
}): MailText {
  return {
    subject: `New comment on “${input.postTitle}”`,
    text: [
      `${input.commenterName} commented on “${input.postTitle}” on ${input.siteTitle}:`,
      '',
      input.excerpt,
      '',
      `Read it and reply: ${input.commentLink}`,
      '',
      `You receive this because you asked to hear about follow-up comments on this post. Stop them: ${input.unsubscribeLink}`,
      '',
    ].join('\n'),
  };
}

export interface PostItem {
  title: string;
  excerpt: string;
  link: string;
}

const postLines = (post: PostItem): string[] => [post.title, post.excerpt, post.link, ''];

export function newPostMail(input: { siteTitle: string; post: PostItem; unsubscribeLink: string }): MailText {
  return {
    subject: `${input.post.title} — ${input.siteTitle}`,
    text: [
      `New on ${input.siteTitle}:`,
      '',
      ...postLines(input.post),
      `You receive this because you asked to hear about new posts. Stop these mails: ${input.unsubscribeLink}`,
      '',
    ].join('\n'),
  };
}

/** The daily digest's first words: posts are added below them while it waits to leave. */
export function newPostsDigestStart(input: { siteTitle: string; unsubscribeLink: string }): { subject: string; head: string; foot: string } {
  return {
    subject: `New posts on ${input.siteTitle}`,
    head: `New on ${input.siteTitle} today:\n\n`,
    foot: `You receive this once a day because you asked to hear about new posts. Stop these mails: ${input.unsubscribeLink}\n`,
  };
}

export function newPostsDigestEntry(post: PostItem): string {
  return postLines(post).join('\n').concat('\n');
}

export function commentPublishedMail(input: {
  siteTitle: string;
  postTitle: string;
  commenterName: string;
  commenterEmail: string;
  excerpt: string;
  commentLink: string;
  queueLink: string;
}): MailText {
  return {
    subject: `[${input.siteTitle}] Comment: “${input.postTitle}”`,
    text: [
      `New comment on your post “${input.postTitle}”`,
      `Author: ${input.commenterName} (${input.commenterEmail})`,
      '',
      input.excerpt,
      '',
      `You can see all comments on this post here: ${input.commentLink}`,
      `Moderate comments: ${input.queueLink}`,
      '',
    ].join('\n'),
  };
}

export interface HeldItem {
  postTitle: string;
  commenterName: string;
  excerpt: string;
}

export function heldDigestStart(input: { siteTitle: string; queueLink: string }): { subject: string; head: string; foot: string } {
  return {
    subject: `[${input.siteTitle}] Comments are waiting for your approval`,
    head: `These comments on ${input.siteTitle} are waiting for approval:\n\n`,
    foot: `Approve, mark as spam or trash them in the moderation queue: ${input.queueLink}\n`,
  };
}

export function heldDigestEntry(item: HeldItem): string {
  return `On “${item.postTitle}”, ${item.commenterName} wrote:\n${item.excerpt}\n\n`;
}

/** Between a digest's entries and its closing words: the usual signature separator. */
const DIGEST_FOOT_SEPARATOR = '\n-- \n';

/**
 * A digest's text with one more entry, after the entries it has and before its closing words
 * (kept as they were first written, with the unsubscribe link the message's headers carry).
 */
export function withEntry(text: string, parts: { head: string; foot: string }, entry: string): string {
  const at = text.lastIndexOf(DIGEST_FOOT_SEPARATOR);
  if (text === '' || at < 0) return `${parts.head}${entry}${DIGEST_FOOT_SEPARATOR}${parts.foot}`;
  return `${text.slice(0, at)}${entry}${text.slice(at)}`;
}

/** A comment's text shortened for a mail: its first few hundred characters, on as many lines as it had. */
export function mailExcerpt(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

/** When a daily digest leaves: the next midnight in the site's time zone after `now`. */
export function nextDigestTime(now: Date, timeZone: string): Date {
  return startOfLocalDay(nextDay(localDateOf(now, timeZone)), timeZone);
}
