import { loadBodyPhotos, recordBodyPhotos } from './media.ts';
import { excerptOf, renderBody } from '../content/markdown.ts';
import type { User } from '../domain/users.ts';
import { can } from '../domain/users.ts';
import {
  canChangePost,
  canCorrectPost,
  decideSave,
  isLive,
  isScheduled,
  movedPermalink,
  nameSlug,
  resolveSlug,
  type ListStatus,
  type PostDraft,
  type SaveAction,
} from '../domain/post-editor.ts';
import { canEditPost } from '../domain/users.ts';
import { DomainError, NotFoundError, type ErrorReason } from '../domain/errors.ts';
import { commentsOf, keysOfPostSave, PINNED_POSTS, type PostPlacement } from '../domain/page-keys.ts';
import { permalinkOf, type Correction, type PostStatus } from '../domain/posts.ts';
import { olderAndNewer, type Revision } from '../domain/revisions.ts';
import { changeContent, type PagesChanged } from '../storage/changes.ts';
import { insertCorrection, listCorrections } from '../storage/corrections.ts';
import type { Db, Executor, Tx } from '../storage/db.ts';
import {
  findEditablePost,
  findPostIdBySlug,
  insertPost,
  listPostsForAdmin,
  setPostPinned,
  updatePost,
  type AdminPostRow,
  type EditablePostRow,
} from '../storage/post-editor.ts';
import { findMedia } from '../storage/media.ts';
import { putRedirect } from '../storage/redirects.ts';
import { findRevision, insertRevision, listRevisions } from '../storage/revisions.ts';
import { ensureSource, listSourceNames, listSourcesOfPosts, replacePostSources } from '../storage/sources.ts';
import { ensureTerm, listTermsOfPosts, replacePostTerms } from '../storage/terms.ts';
import { loadSiteSettings } from './settings.ts';
import { queueWebhookEvent, webhookPostData } from './webhooks.ts';

/** Posts per page of the admin list. */
export const ADMIN_POSTS_PER_PAGE = 20;
/** Revisions a post's history shows; far more than a story gets saved. */
export const MAX_REVISIONS_SHOWN = 200;
/** Outlets suggested in the editor; a newsroom credits a few dozen. */
export const MAX_SOURCE_SUGGESTIONS = 500;

/** A post as the editor shows it. */
export interface EditorPost {
  id: number;
  authorId: number;
  authorName: string;
  status: PostStatus;
  publishedAt: Date | null;
  /** The version this form is loaded from; sent back with a save. */
  updatedAt: Date;
  draft: PostDraft;
  corrections: Correction[];
  /** Where readers find it, when they can. */
  permalink: string | null;
  featuredMediaId: number | null;
  /** Pinned to the top of the home page. */
  pinned: boolean;
}

async function draftOf(db: Executor, row: EditablePostRow): Promise<PostDraft> {
  const terms = (await listTermsOfPosts(db, [row.id])).get(row.id) ?? [];
  const sources = (await listSourcesOfPosts(db, [row.id])).get(row.id) ?? [];
  // An excerpt that is just the body's opening was made from it: leave the field empty so it follows the body.
  const derived = excerptOf(renderBody(row.bodyMarkdown).bodyText);
  return {
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt === derived ? '' : row.excerpt,
    bodyMarkdown: row.bodyMarkdown,
    label: row.label,
    commentsOpen: row.commentsOpen,
    categories: terms.filter((t) => t.kind === 'category').map((t) => t.name),
    tags: terms.filter((t) => t.kind === 'tag').map((t) => t.name),
    sources: sources.map((s) => ({ name: s.source.name, url: s.url, role: s.role, language: s.language })),
  };
}

async function editablePost(db: Executor, user: User, id: number): Promise<EditablePostRow> {
  const row = await findEditablePost(db, id);
  if (!row) throw new NotFoundError('Post');
  if (!canEditPost(user, row)) throw new DomainError('forbidden', 'You can only edit your own posts.');
  return row;
}

export function loadPostForEditing(db: Db, user: User, id: number, now: Date): Promise<EditorPost> {
  return db.connection().execute(async (conn) => {
    const row = await editablePost(conn, user, id);
    const { timezone } = await loadSiteSettings(conn);
    return {
      id: row.id,
      authorId: row.authorId,
      authorName: row.authorName,
      status: row.status,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      draft: await draftOf(conn, row),
      corrections: await listCorrections(conn, row.id),
      permalink: row.publishedAt && isLive(row, now) ? permalinkOf({ slug: row.slug, publishedAt: row.publishedAt }, timezone) : null,
      featuredMediaId: row.featuredMediaId,
      pinned: row.pinnedAt !== null,
    };
  });
}

export interface SaveRequest {
  /** Undefined for a new post. */
  postId?: number;
  /** The version the form was loaded from (required for an existing post). */
  baseVersion?: Date;
  draft: PostDraft;
  action: SaveAction;
  /** The "Publish at" field: when to schedule it for, or a published post's new date. */
  scheduleAt: Date | null;
  /** The featured image from the library, null for none; undefined keeps the post's as it is. */
  featuredMediaId?: number | null;
  /** Pinned to the top of the home page; undefined keeps the post's as it is. Editors and above. */
  pinned?: boolean;
}

export interface SavedPost {
  id: number;
  status: PostStatus;
  publishedAt: Date | null;
}

const CONFLICT_MESSAGE = 'Someone else saved this post after you opened it.';

/** Where a post stands in the site's lists: whether readers see it, its date, its terms and its sources. */
async function placementOf(tx: Tx, postId: number, live: boolean, publishedAt: Date | null): Promise<PostPlacement> {
  const terms = (await listTermsOfPosts(tx, [postId])).get(postId) ?? [];
  const sources = (await listSourcesOfPosts(tx, [postId])).get(postId) ?? [];
  return { live, publishedAt, termIds: terms.map((t) => t.id), sourceIds: sources.map((s) => s.source.id) };
}

/** A featured image must be in the library, and have alt text before the post reaches readers. */
async function checkFeaturedImage(tx: Tx, mediaId: number | null, status: PostStatus): Promise<void> {
  if (mediaId === null) return;
  const image = await findMedia(tx, mediaId);
  if (!image) {
    const message = 'That photo is no longer in the library. Choose another, or none.';
    throw new DomainError('invalid', message, { featured_media: message }, { code: 'featuredGone' });
  }
  if (status === 'published' && image.alt.trim() === '') {
    const message = 'Describe the featured image in its alt text before publishing: readers who cannot see it rely on it.';
    throw new DomainError('invalid', message, { featured_alt: message }, { code: 'featuredAltMissing' });
  }
}

/** The save of a changed post, with its terms, sources, old address and revision, in one transaction. */
async function writeSave(
  tx: Tx,
  pagesChanged: PagesChanged,
  user: User,
  request: SaveRequest,
  current: EditablePostRow | undefined,
  now: Date,
): Promise<SavedPost> {
  const decision = decideSave(user, current, request.action, now, request.scheduleAt);
  const { slugCyrillicToLatin, timezone } = await loadSiteSettings(tx);
  const resolved = resolveSlug(request.draft.slug, request.draft.title, { cyrillicToLatin: slugCyrillicToLatin });
  if ('error' in resolved) throw new DomainError('invalid', resolved.error, { slug: resolved.error }, resolved.reason);
  const taken = await findPostIdBySlug(tx, resolved.slug);
  if (taken && taken.id !== request.postId) {
    // Name the other post only to someone who may open it: a draft's title is not everyone's to read.
    const mayName = canEditPost(user, taken);
    const which = mayName ? `“${taken.title}”` : 'another post';
    const message = `The slug "${resolved.slug}" is already used by ${which}. Choose another.`;
    const reason: ErrorReason = mayName
      ? { code: 'slugTakenBy', values: { slug: resolved.slug, title: taken.title } }
      : { code: 'slugTaken', values: { slug: resolved.slug } };
    throw new DomainError('invalid', message, { slug: message }, reason);
  }
  const draft: PostDraft = { ...request.draft, slug: resolved.slug };
  const photos = await loadBodyPhotos(tx, draft.bodyMarkdown);
  const body = renderBody(draft.bodyMarkdown, photos);
  const featuredMediaId = request.featuredMediaId === undefined ? (current?.featuredMediaId ?? null) : request.featuredMediaId;
  await checkFeaturedImage(tx, featuredMediaId, decision.status);
  const fields = {
    featuredMediaId,
    slug: draft.slug,
    title: draft.title,
    excerpt: draft.excerpt.trim() === '' ? excerptOf(body.bodyText) : draft.excerpt,
    bodyMarkdown: draft.bodyMarkdown,
    ...body,
    label: draft.label,
    commentsOpen: draft.commentsOpen,
    status: decision.status,
    publishedAt: decision.publishedAt,
  };
  const liveAfter = isLive(decision, now);
  const before = current && (await placementOf(tx, current.id, isLive(current, now), current.publishedAt));
  let id: number;
  if (current) {
    if (!request.baseVersion || request.baseVersion.getTime() !== current.updatedAt.getTime()) throw new DomainError('conflict', CONFLICT_MESSAGE);
    // Never the same version twice, even for two saves in one millisecond.
    const updatedAt = new Date(Math.max(now.getTime(), current.updatedAt.getTime() + 1));
    if (!(await updatePost(tx, current.id, fields, current.updatedAt, updatedAt, liveAfter ? now : null))) throw new DomainError('conflict', CONFLICT_MESSAGE);
    id = current.id;
    const moved = movedPermalink(current, { ...decision, slug: draft.slug }, now, timezone);
    if (moved) await putRedirect(tx, moved, id, now);
  } else {
    id = await insertPost(tx, { ...fields, authorId: user.authorId }, now);
  }
  const sources = [];
  for (const line of draft.sources) {
    const source = await ensureSource(tx, { slug: nameSlug(line.name), name: line.name, fullName: null, homepageUrl: null }, now);
    sources.push({ sourceId: source.id, role: line.role, url: line.url, language: line.language });
  }
  await replacePostSources(tx, id, sources);
  await recordBodyPhotos(tx, { kind: 'post', id }, photos);
  const termIds: number[] = [];
  for (const [kind, names] of [
    ['category', draft.categories],
    ['tag', draft.tags],
  ] as const) {
    for (const name of names) termIds.push((await ensureTerm(tx, { kind, slug: nameSlug(name), name }, now)).id);
  }
  await replacePostTerms(tx, id, [...new Set(termIds)]);
  await insertRevision(tx, { postId: id, draft, status: decision.status, publishedAt: decision.publishedAt, userId: user.id, featuredMediaId }, now);
  pagesChanged(keysOfPostSave(id, before, await placementOf(tx, id, liveAfter, decision.publishedAt)));
  await writePin(tx, pagesChanged, user, id, current?.pinnedAt ?? null, request.pinned, (before?.live ?? false) || liveAfter, now);
  // Webhooks hear of what readers see change, in this transaction: a post going live, changing while live, or leaving.
  const wasLive = before?.live ?? false;
  const event = liveAfter ? (wasLive ? 'post.updated' : 'post.published') : wasLive ? 'post.unpublished' : undefined;
  if (event) {
    const status = liveAfter ? 'publish' : isScheduled(decision, now) ? 'future' : 'draft';
    await queueWebhookEvent(tx, event, webhookPostData({ id, slug: draft.slug, title: draft.title, publishedAt: decision.publishedAt }, status), now);
  }
  return { id, status: decision.status, publishedAt: decision.publishedAt };
}

/**
 * Pins or unpins a post as a save asks. Only editors and above decide what leads the home page:
 * anyone else asking for a change is refused (the whole save with it). A pin changes only the
 * home page's first page, and only while readers can see the post.
 */
async function writePin(
  tx: Tx,
  pagesChanged: PagesChanged,
  user: User,
  postId: number,
  pinnedAt: Date | null,
  pinned: boolean | undefined,
  shown: boolean,
  now: Date,
): Promise<void> {
  if (pinned === undefined || pinned === (pinnedAt !== null)) return;
  if (!can(user, 'pin_posts')) throw new DomainError('forbidden', 'Only editors pin posts to the home page.');
  await setPostPinned(tx, postId, pinned ? now : null);
  if (shown) pagesChanged([PINNED_POSTS]);
}

/**
 * Saves a post as the editor sent it, keeping a revision. Throws DomainError: `forbidden` (the
 * role does not allow it; nothing changes), `invalid` with the field to fix, `conflict` when
 * someone saved the post after this form was loaded (nothing is overwritten).
 */
export async function savePost(db: Db, user: User, request: SaveRequest, now: Date): Promise<SavedPost> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const current = request.postId === undefined ? undefined : await findEditablePost(tx, request.postId);
    if (request.postId !== undefined && !current) throw new NotFoundError('Post');
    return writeSave(tx, pagesChanged, user, request, current, now);
  });
}

export interface AdminPostList {
  posts: AdminPostRow[];
  page: number;
  hasNext: boolean;
}

/** The admin's list: everyone's posts for editors and above, one's own for authors and contributors. */
export async function listPostsForUser(db: Db, user: User, status: ListStatus, page: number, now: Date): Promise<AdminPostList> {
  const rows = await listPostsForAdmin(db, {
    now,
    status,
    authorId: can(user, 'edit_others') ? undefined : user.authorId,
    limit: ADMIN_POSTS_PER_PAGE + 1,
    offset: (page - 1) * ADMIN_POSTS_PER_PAGE,
  });
  return { posts: rows.slice(0, ADMIN_POSTS_PER_PAGE), page, hasNext: rows.length > ADMIN_POSTS_PER_PAGE };
}

export function listSourceSuggestions(db: Db): Promise<string[]> {
  return listSourceNames(db, MAX_SOURCE_SUGGESTIONS);
}

export interface PostHistory {
  post: { id: number; title: string; updatedAt: Date };
  revisions: Revision[];
}

export async function listPostRevisions(db: Db, user: User, postId: number): Promise<PostHistory> {
  const row = await editablePost(db, user, postId);
  return { post: { id: row.id, title: row.title, updatedAt: row.updatedAt }, revisions: await listRevisions(db, postId, MAX_REVISIONS_SHOWN) };
}

export async function getRevision(
  db: Db,
  user: User,
  postId: number,
  revisionId: number,
): Promise<{ post: { id: number; title: string; updatedAt: Date }; revision: Revision }> {
  const row = await editablePost(db, user, postId);
  const revision = await findRevision(db, postId, revisionId);
  if (!revision) throw new NotFoundError('Revision');
  return { post: { id: row.id, title: row.title, updatedAt: row.updatedAt }, revision };
}

/** Two revisions of one post, older first. */
export async function loadRevisionPair(
  db: Db,
  user: User,
  postId: number,
  a: number,
  b: number,
): Promise<{ post: { id: number; title: string }; older: Revision; newer: Revision }> {
  const row = await editablePost(db, user, postId);
  const [x, y] = await Promise.all([findRevision(db, postId, a), findRevision(db, postId, b)]);
  if (!x || !y) throw new NotFoundError('Revision');
  const [older, newer] = olderAndNewer(x, y);
  return { post: { id: row.id, title: row.title }, older, newer };
}

/**
 * Brings back a revision's content as a new save (and so a new revision). The post keeps its
 * status and date: restoring never publishes or unpublishes.
 */
export async function restoreRevision(db: Db, user: User, postId: number, revisionId: number, baseVersion: Date | undefined, now: Date): Promise<SavedPost> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const current = await findEditablePost(tx, postId);
    if (!current) throw new NotFoundError('Post');
    if (!canChangePost(user, current)) throw new DomainError('forbidden', 'Your role does not allow you to change this post.');
    const revision = await findRevision(tx, postId, revisionId);
    if (!revision) throw new NotFoundError('Revision');
    // The revision's featured image comes back with it; a save from before they were recorded leaves the post's.
    const featuredMediaId = revision.featuredImage === undefined ? undefined : (revision.featuredImage?.id ?? null);
    return writeSave(
      tx,
      pagesChanged,
      user,
      { postId, baseVersion, draft: revision.draft, action: 'save', scheduleAt: current.publishedAt, featuredMediaId },
      current,
      now,
    );
  });
}

/** Adds a correction note to a published post; its article shows it at once. */
export async function addCorrection(db: Db, user: User, postId: number, text: string, now: Date): Promise<void> {
  await changeContent(db, now, async (tx, pagesChanged) => {
    const post = await findEditablePost(tx, postId);
    if (!post) throw new NotFoundError('Post');
    if (!canCorrectPost(user, post, now)) throw new DomainError('forbidden', 'Corrections are added to published posts by those who may publish them.');
    await insertCorrection(tx, postId, text, now);
    // The article's own key (it carries its comments and its corrections): lists do not show corrections.
    pagesChanged([commentsOf(postId)]);
  });
}
