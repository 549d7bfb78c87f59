import { can, canEditPost, canPublishPost, type User } from './users.ts';
import { DomainError, type ErrorReason } from './errors.ts';
import { permalinkOf, type PostStatus } from './posts.ts';
import { isValidSlug, MAX_SLUG_LENGTH, slugify, type SlugOptions } from './slugs.ts';
import type { SourceRole } from './sources.ts';
import type { PostLabel } from './terms.ts';

/**
 * Writing, publishing and scheduling posts: who may do what, and what a save turns a post into.
 * A scheduled post is a published post whose date is still to come; readers see it at that time.
 */

/** The buttons of the editor. "save" keeps a post as it is (a new post becomes a draft). */
export const SAVE_ACTIONS = ['save', 'publish', 'schedule', 'unpublish'] as const;
export type SaveAction = (typeof SAVE_ACTIONS)[number];

export function isSaveAction(value: unknown): value is SaveAction {
  return typeof value === 'string' && (SAVE_ACTIONS as readonly string[]).includes(value);
}

/** Where a post stands, as the posts list filters it. */
export const LIST_STATUSES = ['all', 'draft', 'scheduled', 'published'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface PostState {
  authorId: number;
  status: PostStatus;
  publishedAt: Date | null;
}

/** Readers can see it now. */
export function isLive(post: Pick<PostState, 'status' | 'publishedAt'>, now: Date): boolean {
  return post.status === 'published' && post.publishedAt !== null && post.publishedAt.getTime() <= now.getTime();
}

export function isScheduled(post: Pick<PostState, 'status' | 'publishedAt'>, now: Date): boolean {
  return post.status === 'published' && post.publishedAt !== null && post.publishedAt.getTime() > now.getTime();
}

export function listStatusOf(post: Pick<PostState, 'status' | 'publishedAt'>, now: Date): Exclude<ListStatus, 'all'> {
  if (post.status === 'draft') return 'draft';
  return isScheduled(post, now) ? 'scheduled' : 'published';
}

/**
 * Whether a user may change this post's content at all: their own (or anyone's, from editor
 * up) while it is a draft; once it is published or scheduled, only someone who may publish it,
 * since the change reaches readers.
 */
export function canChangePost(user: Pick<User, 'role' | 'authorId'>, post: PostState): boolean {
  return post.status === 'published' ? canPublishPost(user, post) : canEditPost(user, post);
}

/** Whether the user may add a correction note: published posts, by whoever may publish them. */
export function canCorrectPost(user: Pick<User, 'role' | 'authorId'>, post: PostState, now: Date): boolean {
  return isLive(post, now) && canPublishPost(user, post);
}

/** Two times the editor's "Publish at" field cannot tell apart: it shows minutes. */
function sameMinute(a: Date, b: Date): boolean {
  return Math.floor(a.getTime() / 60_000) === Math.floor(b.getTime() / 60_000);
}

/**
 * What a save makes of a post (its status and date), or a DomainError: `forbidden` when the
 * user's role does not allow it, `invalid` with the field to fix. `current` is undefined for a
 * new post, which is the user's own. `requestedAt` is the "Publish at" field: the time to
 * schedule for; on Publish now or on saving a published post, a time in the past dates the post
 * then (as WordPress does), and a time in the future schedules it. A field that still shows
 * the post's own date (to the minute) changes nothing.
 */
export function decideSave(
  user: Pick<User, 'role' | 'authorId'>,
  current: PostState | undefined,
  action: SaveAction,
  now: Date,
  requestedAt: Date | null,
): { status: PostStatus; publishedAt: Date | null } {
  const post: PostState = current ?? { authorId: user.authorId, status: 'draft', publishedAt: null };
  if (!current && !can(user, 'write')) throw new DomainError('forbidden', 'Your role does not allow writing posts.');
  if (!canEditPost(user, post)) throw new DomainError('forbidden', 'You can only edit your own posts.');
  const mayPublish = canPublishPost(user, post);
  const refuse = (what: string) => new DomainError('forbidden', `Your role does not allow you to ${what}. Save it as a draft for an editor instead.`);
  const unchanged = requestedAt === null || (post.publishedAt !== null && sameMinute(requestedAt, post.publishedAt));
  switch (action) {
    case 'save':
      if (post.status !== 'published') return { status: 'draft', publishedAt: null };
      if (!mayPublish) throw refuse('change a published post');
      return { status: 'published', publishedAt: unchanged ? post.publishedAt : requestedAt };
    case 'publish':
      if (!mayPublish) throw refuse('publish this post');
      if (!unchanged && requestedAt.getTime() > now.getTime()) {
        throw new DomainError(
          'invalid',
          'That time is still to come.',
          { publish_at: 'That time is still to come: use Schedule, or clear the field to publish now.' },
          { code: 'publishInFuture' },
        );
      }
      if (!unchanged) return { status: 'published', publishedAt: requestedAt };
      // Publishing a post that is already live keeps its date, and so its address.
      return { status: 'published', publishedAt: isLive(post, now) ? post.publishedAt : now };
    case 'schedule':
      if (!mayPublish) throw refuse('schedule this post');
      if (!requestedAt)
        throw new DomainError('invalid', 'Choose when to publish it.', { publish_at: 'Choose a date and time to publish it.' }, { code: 'scheduleMissing' });
      if (requestedAt.getTime() <= now.getTime()) {
        throw new DomainError(
          'invalid',
          'That time has passed.',
          { publish_at: 'Choose a time in the future, or use Publish now.' },
          { code: 'scheduleInPast' },
        );
      }
      return { status: 'published', publishedAt: requestedAt };
    case 'unpublish':
      if (!mayPublish) throw refuse('unpublish this post');
      if (post.status !== 'published') throw new DomainError('invalid', 'This post is not published.', {}, { code: 'notPublished' });
      return { status: 'draft', publishedAt: null };
  }
}

/**
 * The old permalink to keep answering (with a 301) when a save moves a post readers could
 * see to another address; undefined when nothing moved or nobody could have linked to it.
 */
export function movedPermalink(
  before: { slug: string; status: PostStatus; publishedAt: Date | null },
  after: { slug: string; status: PostStatus; publishedAt: Date | null },
  now: Date,
  timeZone = 'UTC',
): string | undefined {
  if (!isLive(before, now) || !before.publishedAt || after.status !== 'published' || !after.publishedAt) return undefined;
  const from = permalinkOf({ slug: before.slug, publishedAt: before.publishedAt }, timeZone);
  return from === permalinkOf({ slug: after.slug, publishedAt: after.publishedAt }, timeZone) ? undefined : from;
}

/** One source line of the editor: an outlet, matched across posts by the slug of its name. */
export interface SourceLine {
  name: string;
  url: string | null;
  role: SourceRole;
  language: string | null;
}

/** What the editor sends, checked field by field (http/forms/post-form.ts). */
export interface PostDraft {
  title: string;
  /** Empty: made from the title. */
  slug: string;
  /** Empty: taken from the body. */
  excerpt: string;
  bodyMarkdown: string;
  label: PostLabel | null;
  commentsOpen: boolean;
  categories: string[];
  tags: string[];
  sources: SourceLine[];
}

/** The slug a save uses: the one typed, else one made from the title. */
export function resolveSlug(typed: string, title: string, options: SlugOptions = {}): { slug: string } | { error: string; reason: ErrorReason } {
  // A typed slug in any normal form is the same slug: stored composed, as the router reads it.
  const slug = typed.trim() === '' ? slugify(title, options) : typed.trim().normalize('NFC');
  if (slug === '') return { error: 'Type a slug: the title has no letters or digits to make one from.', reason: { code: 'slugEmpty' } };
  if (slug.length > MAX_SLUG_LENGTH)
    return { error: `Use at most ${MAX_SLUG_LENGTH} characters.`, reason: { code: 'tooLong', values: { max: MAX_SLUG_LENGTH } } };
  if (!isValidSlug(slug)) return { error: 'Use lower-case letters, digits and single hyphens, e.g. "lavrov-meets-blinken".', reason: { code: 'slugInvalid' } };
  return { slug };
}

/** The slug an outlet or a category is stored under; the same name always gives the same one. */
export function nameSlug(name: string): string {
  return slugify(name);
}
