/**
 * What REST API clients write, through the same services and rules as the admin: a post is
 * saved by savePost (so a contributor cannot publish and an author cannot touch others' posts
 * here either), a comment moderated by moderateComment. Nothing here decides who may do what.
 */
import { DomainError, NotFoundError } from '../domain/errors.ts';
import type { Page, PageDraft } from '../domain/pages.ts';
import { isLive, isScheduled, type PostDraft, type SaveAction } from '../domain/post-editor.ts';
import type { Term, TermKind } from '../domain/terms.ts';
import { can, canEditPost, type User } from '../domain/users.ts';
import type { SafeHtml } from '../domain/safe-html.ts';
import type { Db } from '../storage/db.ts';
import { findPostRendering } from '../storage/post-editor.ts';
import { listRestEditableRows, listRestPostIdsByStatus, listRestPosts, type RestPost, type RestPostsQuery } from '../storage/rest-posts.ts';
import { listSourcesOfPosts } from '../storage/sources.ts';
import { excerptOf } from '../content/markdown.ts';
import { listTermsByIds, listTermsOfPosts } from '../storage/terms.ts';
import { changePage, createPage, getPageForEditing, type SavedPage } from './pages.ts';
import { type EditorPost, loadPostForEditing, type SavedPost, savePost } from './post-editor.ts';

/** WordPress's statuses a client may ask a post to take; Wirepress has no "pending" or "private". */
export const REST_POST_STATUSES = ['publish', 'future', 'draft', 'pending'] as const;
export type RestPostStatus = (typeof REST_POST_STATUSES)[number];

/** A post write as a REST client sends it: only the fields it names change. */
export interface RestPostInput {
  title?: string;
  /** Markdown, as the editor takes it. */
  content?: string;
  excerpt?: string;
  slug?: string;
  status?: RestPostStatus;
  /** When to publish or schedule it (`date` or `date_gmt`). */
  date?: Date;
  categories?: readonly number[];
  tags?: readonly number[];
  commentsOpen?: boolean;
  /** The featured image from the library (WordPress's `featured_media`), null for none. */
  featuredMediaId?: number | null;
  /** WordPress's `sticky`: pinned to the top of the home page (editors and above). */
  pinned?: boolean;
}

/** A post as the REST API's edit view shows it to someone who may edit it. */
export interface RestEditablePost {
  post: EditorPost;
  bodyHtml: SafeHtml;
  createdAt: Date;
  terms: Term[];
  /** WordPress's word for where it stands: "publish", "future" or "draft". */
  status: 'publish' | 'future' | 'draft';
}

/** Why a save was refused, in WordPress's terms, so the API can give its error code. */
export type RestRefusal = 'create' | 'edit' | 'publish';

export class RestWriteRefused extends DomainError {
  readonly refusal: RestRefusal;
  constructor(refusal: RestRefusal, message: string) {
    super('forbidden', message);
    this.refusal = refusal;
  }
}

export async function loadPostForRestEdit(db: Db, user: User, id: number, now: Date): Promise<RestEditablePost> {
  const post = await loadPostForEditing(db, user, id, now);
  const rendering = await findPostRendering(db, id);
  const terms = (await listTermsOfPosts(db, [id])).get(id) ?? [];
  const status = isLive(post, now) ? 'publish' : isScheduled(post, now) ? 'future' : 'draft';
  return { post, bodyHtml: rendering!.bodyHtml, createdAt: rendering!.createdAt, terms, status };
}

async function termNames(db: Db, kind: TermKind, ids: readonly number[] | undefined, field: string): Promise<string[] | undefined> {
  if (ids === undefined) return undefined;
  const found = await listTermsByIds(db, kind, ids);
  const byId = new Map(found.map((t) => [t.id, t.name]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new DomainError('invalid', `Invalid term ID ${missing[0]}.`, { [field]: `No ${kind} has the id ${missing[0]}.` });
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

/** The editor's button a requested status amounts to, for a post that is `current` (undefined: new). */
function actionFor(input: RestPostInput, current: EditorPost | undefined, now: Date): SaveAction {
  switch (input.status) {
    case undefined:
      return 'save';
    case 'publish':
      // WordPress schedules a post published with a date still to come.
      return input.date && input.date.getTime() > now.getTime() ? 'schedule' : 'publish';
    case 'future':
      return 'schedule';
    case 'draft':
    case 'pending':
      return current?.status === 'published' ? 'unpublish' : 'save';
  }
}

async function saveFromRest(db: Db, user: User, input: RestPostInput, current: EditorPost | undefined, now: Date): Promise<SavedPost> {
  const base: PostDraft = current?.draft ?? {
    title: '',
    slug: '',
    excerpt: '',
    bodyMarkdown: '',
    label: null,
    commentsOpen: true,
    categories: [],
    tags: [],
    sources: [],
  };
  const draft: PostDraft = {
    ...base,
    title: input.title ?? base.title,
    slug: input.slug ?? base.slug,
    excerpt: input.excerpt ?? base.excerpt,
    bodyMarkdown: input.content ?? base.bodyMarkdown,
    commentsOpen: input.commentsOpen ?? base.commentsOpen,
    categories: (await termNames(db, 'category', input.categories, 'categories')) ?? base.categories,
    tags: (await termNames(db, 'tag', input.tags, 'tags')) ?? base.tags,
  };
  if (draft.title.trim() === '') throw new DomainError('invalid', 'A post needs a title.', { title: 'A post needs a title.' });
  const action = actionFor(input, current, now);
  try {
    return await savePost(
      db,
      user,
      {
        postId: current?.id,
        baseVersion: current?.updatedAt,
        draft,
        action,
        scheduleAt: input.date ?? null,
        featuredMediaId: input.featuredMediaId,
        pinned: input.pinned,
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'forbidden') throw error;
    // Which of WordPress's refusals this is: the rule itself was savePost's.
    const owner = current ?? { authorId: user.authorId };
    const refusal: RestRefusal = !canEditPost(user, owner) || action === 'save' ? (current ? 'edit' : 'create') : 'publish';
    throw new RestWriteRefused(refusal, error.message);
  }
}

/** A new post from a REST client, as the user's own. */
export function createPostFromRest(db: Db, user: User, input: RestPostInput, now: Date): Promise<SavedPost> {
  return saveFromRest(db, user, input, undefined, now);
}

/** Changes the fields a REST client sent; the rest of the post stays as it is. */
export async function updatePostFromRest(db: Db, user: User, id: number, input: RestPostInput, now: Date): Promise<SavedPost> {
  const current = await loadPostForEditingAs(db, user, id, now);
  return saveFromRest(db, user, input, current, now);
}

/**
 * DELETE: takes the post away from readers as the editor's Unpublish does (Wirepress keeps no
 * trash of posts; the post stays a draft, with its revisions, for whoever may edit it).
 */
export async function takeDownPostFromRest(db: Db, user: User, id: number, now: Date): Promise<SavedPost> {
  const current = await loadPostForEditingAs(db, user, id, now);
  if (current.status !== 'published') return { id, status: current.status, publishedAt: current.publishedAt };
  return saveFromRest(db, user, { status: 'draft' }, current, now);
}

async function loadPostForEditingAs(db: Db, user: User, id: number, now: Date): Promise<EditorPost> {
  try {
    return await loadPostForEditing(db, user, id, now);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'forbidden') throw new RestWriteRefused('edit', error.message);
    throw error;
  }
}

/** WordPress's statuses a client may ask a page to take; a page is live or a draft, never scheduled. */
export const REST_PAGE_STATUSES = ['publish', 'draft', 'pending'] as const;

/** A page write as a REST client sends it: only the fields it names change. */
export interface RestPageInput {
  title?: string;
  /** Markdown, as the page editor takes it. */
  content?: string;
  slug?: string;
  status?: (typeof REST_PAGE_STATUSES)[number];
  /** null: at the top. */
  parentId?: number | null;
  menuOrder?: number;
  commentsOpen?: boolean;
}

function requirePageRole(user: User, refusal: RestRefusal): void {
  if (!can(user, 'manage_pages')) throw new RestWriteRefused(refusal, 'Pages are written by editors and above.');
}

function pageDraftOf(input: RestPageInput, current: Page | undefined): PageDraft {
  const draft: PageDraft = {
    title: input.title ?? current?.title ?? '',
    slug: input.slug ?? current?.slug ?? '',
    bodyMarkdown: input.content ?? current?.bodyMarkdown ?? '',
    parentId: input.parentId === undefined ? (current?.parentId ?? null) : input.parentId,
    menuOrder: input.menuOrder ?? current?.menuOrder ?? 0,
    status: input.status === undefined ? (current?.status ?? 'draft') : input.status === 'publish' ? 'published' : 'draft',
  };
  if (draft.title.trim() === '') throw new DomainError('invalid', 'A page needs a title.', { title: 'A page needs a title.' });
  return draft;
}

/** A new page from a REST client, under the user's byline: the admin's savePage, its slug rules and reserved addresses. */
export async function createPageFromRest(db: Db, user: User, input: RestPageInput, now: Date): Promise<SavedPage> {
  requirePageRole(user, 'create');
  return createPage(db, { draft: pageDraftOf(input, undefined), authorId: user.authorId, commentsOpen: input.commentsOpen }, now);
}

/** Changes the fields a REST client sent; the rest of the page stays as it is. */
export async function updatePageFromRest(db: Db, user: User, id: number, input: RestPageInput, now: Date): Promise<SavedPage> {
  requirePageRole(user, 'edit');
  const current = await getPageForEditing(db, id);
  return changePage(db, id, { draft: pageDraftOf(input, current), authorId: current.authorId, commentsOpen: input.commentsOpen }, now);
}

/** DELETE: takes the page away from readers (a draft again), as for posts; nothing is deleted. */
export async function takeDownPageFromRest(db: Db, user: User, id: number, now: Date): Promise<void> {
  requirePageRole(user, 'edit');
  const current = await getPageForEditing(db, id);
  if (current.status === 'draft') return;
  await changePage(db, id, { draft: pageDraftOf({ status: 'draft' }, current), authorId: current.authorId }, now);
}

/** A page, whatever its status, for someone who may write pages; undefined for anyone else or no page. */
export async function findPageForRestEdit(db: Db, user: User, id: number): Promise<Page | undefined> {
  if (!can(user, 'manage_pages')) return undefined;
  try {
    return await getPageForEditing(db, id);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** WordPress's `status` filter values as Wirepress's: pending is a draft here, and there are no private posts. */
export function restStatusesOf(asked: readonly string[]): Array<'publish' | 'future' | 'draft'> {
  const out = new Set<'publish' | 'future' | 'draft'>();
  for (const status of asked) {
    if (status === 'any') for (const s of ['publish', 'future', 'draft'] as const) out.add(s);
    else if (status === 'publish' || status === 'future' || status === 'draft') out.add(status);
    else if (status === 'pending') out.add('draft');
  }
  return [...out];
}

/** A post in a signed-in client's listing: in the edit view when the client may edit it, else as readers see it. */
export type RestListedPost = { editable: RestEditablePost } | { live: RestPost };

/**
 * One page of posts in the statuses a signed-in client asked for: authors and contributors see
 * their own drafts and scheduled posts, editors everyone's; live posts are everyone's to see,
 * except in the edit view, which lists only what the client may edit.
 */
export async function listPostsByStatusForRest(
  db: Db,
  user: User,
  query: RestPostsQuery,
  statuses: ReadonlyArray<'publish' | 'future' | 'draft'>,
  editView: boolean,
): Promise<{ posts: RestListedPost[]; total: number }> {
  if (statuses.length === 0) return { posts: [], total: 0 };
  const { ids, total } = await listRestPostIdsByStatus(db, query, {
    statuses,
    ownAuthorId: can(user, 'edit_others') ? undefined : user.authorId,
    othersLive: !editView,
  });
  // A handful of queries for the whole page, whatever its size: the rows, their terms and sources, and others' live posts as readers see them.
  const rows = await listRestEditableRows(db, ids);
  const terms = await listTermsOfPosts(db, ids);
  const sources = await listSourcesOfPosts(db, ids);
  const listed = new Map<number, RestListedPost>();
  const others: number[] = [];
  for (const row of rows) {
    if (!canEditPost(user, row)) {
      others.push(row.id);
      continue;
    }
    const postTerms = terms.get(row.id) ?? [];
    const post: EditorPost = {
      id: row.id,
      authorId: row.authorId,
      authorName: row.authorName,
      status: row.status,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      draft: {
        title: row.title,
        slug: row.slug,
        // As the editor shows it: an excerpt that is just the body's opening is left empty, to follow the body.
        excerpt: row.excerpt === excerptOf(row.bodyText) ? '' : row.excerpt,
        bodyMarkdown: row.bodyMarkdown,
        label: row.label,
        commentsOpen: row.commentsOpen,
        categories: postTerms.filter((t) => t.kind === 'category').map((t) => t.name),
        tags: postTerms.filter((t) => t.kind === 'tag').map((t) => t.name),
        sources: (sources.get(row.id) ?? []).map((s) => ({ name: s.source.name, url: s.url, role: s.role, language: s.language })),
      },
      corrections: [],
      permalink: null,
      featuredMediaId: row.featuredMediaId,
      pinned: row.pinnedAt !== null,
    };
    const status = isLive(row, query.now) ? 'publish' : isScheduled(row, query.now) ? 'future' : 'draft';
    listed.set(row.id, { editable: { post, bodyHtml: row.bodyHtml, createdAt: row.createdAt, terms: postTerms, status } });
  }
  if (others.length > 0) {
    const { posts } = await listRestPosts(db, { now: query.now, limit: others.length, offset: 0, include: others, orderBy: 'id', order: 'asc' });
    for (const post of posts) listed.set(post.id, { live: post });
  }
  return { posts: ids.flatMap((id) => listed.get(id) ?? []), total };
}
