/** Posts as the editor writes them: new posts, saves checked against the version loaded, the admin's lists and counts. */
import type { PostStatus } from '../domain/posts.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import type { PostLabel } from '../domain/terms.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export interface PostInsert {
  slug: string;
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  status: PostStatus;
  authorId: number;
  publishedAt: Date | null;
  commentsOpen: boolean;
  /** The body as plain text, and its words: for search, summaries and reading time. */
  bodyText: string;
  wordCount: number;
  label?: PostLabel | null;
  image?: { url: string; alt: string } | null;
  /** The featured image from the library; undefined leaves a stored post's as it is. */
  featuredMediaId?: number | null;
}

export async function insertPost(db: Executor, post: PostInsert, now: Date): Promise<number> {
  const row = await db
    .insertInto('posts')
    .values({
      slug: post.slug,
      title: post.title,
      excerpt: post.excerpt,
      body_markdown: post.bodyMarkdown,
      body_html: post.bodyHtml,
      status: post.status,
      author_id: post.authorId,
      published_at: post.publishedAt && toDbTime(post.publishedAt),
      comments_open: toDbBool(post.commentsOpen),
      body_text: post.bodyText,
      word_count: post.wordCount,
      label: post.label ?? null,
      image_url: post.image?.url ?? null,
      image_alt: post.image?.alt ?? null,
      featured_media_id: post.featuredMediaId ?? null,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
      // A post dated in the future waits for the scheduler to announce it (services/scheduling.ts).
      went_live_at: post.status === 'published' && post.publishedAt && post.publishedAt <= now ? toDbTime(now) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many posts wait as drafts, and how many are published with a date still to come (scheduled). */
export async function countUnpublishedPosts(db: Executor, now: Date): Promise<{ drafts: number; scheduled: number }> {
  const drafts = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'draft')
    .executeTakeFirstOrThrow();
  const scheduled = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published')
    .where('published_at', '>', toDbTime(now))
    .executeTakeFirstOrThrow();
  return { drafts: Number(drafts.n), scheduled: Number(scheduled.n) };
}

/** A post as the editor loads it: every field it edits, where it stands, and its version. */
export interface EditablePostRow {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  label: PostLabel | null;
  commentsOpen: boolean;
  status: PostStatus;
  publishedAt: Date | null;
  authorId: number;
  authorName: string;
  /** The version a form was loaded from: a save from an older one is a conflict. */
  updatedAt: Date;
  featuredMediaId: number | null;
  /** When it was pinned to the top of the home page; null when it is not. */
  pinnedAt: Date | null;
}

export async function findEditablePost(db: Executor, id: number): Promise<EditablePostRow | undefined> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.body_markdown',
      'posts.label',
      'posts.comments_open',
      'posts.status',
      'posts.published_at',
      'posts.author_id',
      'posts.updated_at',
      'posts.featured_media_id',
      'posts.pinned_at',
      'authors.display_name',
    ])
    .where('posts.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      slug: row.slug,
      title: row.title,
      excerpt: row.excerpt,
      bodyMarkdown: row.body_markdown,
      label: row.label,
      commentsOpen: fromDbBool(row.comments_open),
      status: row.status,
      publishedAt: row.published_at === null ? null : fromDbTime(row.published_at),
      authorId: row.author_id,
      authorName: row.display_name,
      updatedAt: fromDbTime(row.updated_at),
      featuredMediaId: row.featured_media_id,
      pinnedAt: row.pinned_at === null ? null : fromDbTime(row.pinned_at),
    }
  );
}

/** Pins a post to the top of the home page (at `pinnedAt`), or unpins it (null). */
export async function setPostPinned(db: Executor, id: number, pinnedAt: Date | null): Promise<void> {
  await db
    .updateTable('posts')
    .set({ pinned_at: pinnedAt && toDbTime(pinnedAt) })
    .where('id', '=', id)
    .execute();
}

/** The id of the post using this slug, if any. */
export async function findPostIdBySlug(db: Executor, slug: string): Promise<{ id: number; title: string; authorId: number } | undefined> {
  const row = await db.selectFrom('posts').select(['id', 'title', 'author_id']).where('slug', '=', slug).executeTakeFirst();
  return row && { id: row.id, title: row.title, authorId: row.author_id };
}

export type PostUpdate = Omit<PostInsert, 'authorId' | 'image'>;

/**
 * Writes a save over the post, only if nobody saved it since `expectedUpdatedAt`: returns false
 * (and changes nothing) when someone did. `wentLive` says whether readers can see it now.
 */
export async function updatePost(
  db: Executor,
  id: number,
  post: PostUpdate,
  expectedUpdatedAt: Date,
  updatedAt: Date,
  wentLiveAt: Date | null,
): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({
      slug: post.slug,
      title: post.title,
      excerpt: post.excerpt,
      body_markdown: post.bodyMarkdown,
      body_html: post.bodyHtml,
      body_text: post.bodyText,
      word_count: post.wordCount,
      status: post.status,
      published_at: post.publishedAt && toDbTime(post.publishedAt),
      comments_open: toDbBool(post.commentsOpen),
      label: post.label ?? null,
      updated_at: toDbTime(updatedAt),
      went_live_at: wentLiveAt && toDbTime(wentLiveAt),
      ...(post.featuredMediaId === undefined ? {} : { featured_media_id: post.featuredMediaId }),
    })
    .where('id', '=', id)
    .where('updated_at', '=', toDbTime(expectedUpdatedAt))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the post as changed without touching its content (a correction was added). */
export async function touchPost(db: Executor, id: number, updatedAt: Date): Promise<void> {
  await db
    .updateTable('posts')
    .set({ updated_at: toDbTime(updatedAt) })
    .where('id', '=', id)
    .execute();
}

export interface AdminPostRow {
  id: number;
  title: string;
  slug: string;
  status: PostStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  authorId: number;
  authorName: string;
}

export interface AdminPostsQuery {
  now: Date;
  status: 'all' | 'draft' | 'scheduled' | 'published';
  /** Only this byline's posts (contributors and authors see their own). */
  authorId?: number;
  limit: number;
  offset: number;
}

/** Posts for the admin list, most recently changed first. */
export async function listPostsForAdmin(db: Executor, query: AdminPostsQuery): Promise<AdminPostRow[]> {
  let q = db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select(['posts.id', 'posts.title', 'posts.slug', 'posts.status', 'posts.published_at', 'posts.updated_at', 'posts.author_id', 'authors.display_name']);
  const now = toDbTime(query.now);
  if (query.status === 'draft') q = q.where('posts.status', '=', 'draft');
  if (query.status === 'published') q = q.where('posts.status', '=', 'published').where('posts.published_at', '<=', now);
  if (query.status === 'scheduled') q = q.where('posts.status', '=', 'published').where('posts.published_at', '>', now);
  if (query.authorId !== undefined) q = q.where('posts.author_id', '=', query.authorId);
  const rows = await q.orderBy('posts.updated_at', 'desc').orderBy('posts.id', 'desc').limit(query.limit).offset(query.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    slug: r.slug,
    status: r.status,
    publishedAt: r.published_at === null ? null : fromDbTime(r.published_at),
    updatedAt: fromDbTime(r.updated_at),
    authorId: r.author_id,
    authorName: r.display_name,
  }));
}

/** Gives every post under one byline to another, when the user who wrote them is removed; returns how many moved. */
export async function moveAllPostsOfAuthor(db: Executor, fromAuthorId: number, toAuthorId: number): Promise<number> {
  const result = await db.updateTable('posts').set({ author_id: toAuthorId }).where('author_id', '=', fromAuthorId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What the REST API's edit view shows of a post beyond the editor's fields: its HTML as saved and when it was first written. */
export async function findPostRendering(db: Executor, id: number): Promise<{ bodyHtml: SafeHtml; createdAt: Date } | undefined> {
  const row = await db.selectFrom('posts').select(['body_html', 'created_at']).where('id', '=', id).executeTakeFirst();
  return row && { bodyHtml: trustSanitizedHtml(row.body_html), createdAt: fromDbTime(row.created_at) };
}
