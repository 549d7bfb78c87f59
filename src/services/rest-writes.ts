/**
 * What REST API clients write, through the same services and rules as the admin: a post is
 * saved by savePost (so a contributor cannot publish and an author cannot touch others' posts
 * here either), a comment moderated by moderateComment. Nothing here decides who may do what.
 */
import { DomainError } from '../domain/errors.ts';
import { isLive, isScheduled, type PostDraft, type SaveAction } from '../domain/post-editor.ts';
import type { Term, TermKind } from '../domain/terms.ts';
import { canEditPost, type User } from '../domain/users.ts';
import type { SafeHtml } from '../domain/safe-html.ts';
import type { Db } from '../storage/db.ts';
import { findPostRendering } from '../storage/post-editor.ts';
import { listTermsByIds, listTermsOfPosts } from '../storage/terms.ts';
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
      { postId: current?.id, baseVersion: current?.updatedAt, draft, action, scheduleAt: input.date ?? null, pinned: input.pinned },
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
