/** The whole site read in pieces for a WordPress export (services/wordpress-export.ts). */
import type { CommentStatus } from '../domain/comments.ts';
import type { PostStatus } from '../domain/posts.ts';
import { fromDbBool, fromDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export interface ExportAuthor {
  id: number;
  slug: string;
  displayName: string;
  email: string | null;
}

/** Every byline, with its user's email when it has one. */
export async function listAuthorsForExport(db: Executor): Promise<ExportAuthor[]> {
  const rows = await db
    .selectFrom('authors')
    .leftJoin('users', 'users.author_id', 'authors.id')
    .select(['authors.id', 'authors.slug', 'authors.display_name', 'users.email'])
    .orderBy('authors.id')
    .execute();
  const seen = new Set<number>();
  const out: ExportAuthor[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({ id: r.id, slug: r.slug, displayName: r.display_name, email: r.email });
  }
  return out;
}

export interface ExportTerm {
  id: number;
  kind: 'category' | 'tag';
  slug: string;
  name: string;
  parentId: number | null;
}

export async function listTermsForExport(db: Executor): Promise<ExportTerm[]> {
  const rows = await db.selectFrom('terms').select(['id', 'kind', 'slug', 'name', 'parent_id']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, slug: r.slug, name: r.name, parentId: r.parent_id }));
}

export interface ExportPost {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  bodyHtml: string;
  status: PostStatus;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  commentsOpen: boolean;
  authorSlug: string;
  imageUrl: string | null;
  imageAlt: string | null;
  featuredMediaId: number | null;
  /** Pinned to the top of the home page: WordPress's sticky flag. */
  pinned: boolean;
}

/** Posts in id order after `afterId`, at most `limit`. */
export async function listPostsForExport(db: Executor, afterId: number, limit: number): Promise<ExportPost[]> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.body_html',
      'posts.status',
      'posts.published_at',
      'posts.created_at',
      'posts.updated_at',
      'posts.comments_open',
      'posts.image_url',
      'posts.image_alt',
      'posts.featured_media_id',
      'posts.pinned_at',
      'authors.slug as author_slug',
    ])
    .where('posts.id', '>', afterId)
    .orderBy('posts.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    bodyHtml: r.body_html,
    status: r.status,
    publishedAt: r.published_at === null ? null : fromDbTime(r.published_at),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    commentsOpen: fromDbBool(r.comments_open),
    authorSlug: r.author_slug,
    imageUrl: r.image_url,
    imageAlt: r.image_alt,
    featuredMediaId: r.featured_media_id,
    pinned: r.pinned_at !== null,
  }));
}

export interface ExportComment {
  id: number;
  postId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  authorIp: string | null;
  body: string;
  status: CommentStatus;
  createdAt: Date;
}

/** The comments of these posts, every status, oldest first; comments erased on request are left out, their text is gone. */
export async function listCommentsForExport(db: Executor, postIds: readonly number[]): Promise<ExportComment[]> {
  if (postIds.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'post_id', 'parent_id', 'author_name', 'author_email', 'author_url', 'author_ip', 'body', 'status', 'created_at'])
    .where('post_id', 'in', postIds)
    .where('erased_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postId: r.post_id,
    parentId: r.parent_id,
    authorName: r.author_name,
    authorEmail: r.author_email,
    authorUrl: r.author_url,
    authorIp: r.author_ip,
    body: r.body,
    status: r.status,
    createdAt: fromDbTime(r.created_at),
  }));
}

export interface ExportPage {
  id: number;
  parentId: number | null;
  slug: string;
  path: string;
  title: string;
  bodyHtml: string;
  status: 'draft' | 'published';
  menuOrder: number;
  authorSlug: string;
  commentsOpen: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Pages in id order, at most `limit` (a site keeps a few dozen). */
export async function listPagesForExport(db: Executor, limit: number): Promise<ExportPage[]> {
  const rows = await db
    .selectFrom('pages')
    .leftJoin('authors', 'authors.id', 'pages.author_id')
    .select([
      'pages.id',
      'pages.parent_id',
      'pages.slug',
      'pages.path',
      'pages.title',
      'pages.body_html',
      'pages.status',
      'pages.menu_order',
      'pages.comments_open',
      'pages.published_at',
      'pages.created_at',
      'pages.updated_at',
      'authors.slug as author_slug',
    ])
    .orderBy('pages.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    slug: r.slug,
    path: r.path,
    title: r.title,
    bodyHtml: r.body_html,
    status: r.status,
    menuOrder: r.menu_order,
    authorSlug: r.author_slug ?? '',
    commentsOpen: fromDbBool(r.comments_open),
    publishedAt: r.published_at === null ? null : fromDbTime(r.published_at),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  }));
}

export interface ExportMedia {
  id: number;
  sha256: string;
  width: number;
  height: number;
  fileName: string;
  alt: string;
  caption: string;
  createdAt: Date;
  /** The byline of whoever uploaded it, when they have one. */
  authorSlug: string | null;
  /** The first post that has it as featured image, WordPress's "uploaded to". */
  postId: number | null;
}

/** Photos of the library in id order after `afterId`, at most `limit`. */
export async function listMediaForExport(db: Executor, afterId: number, limit: number): Promise<ExportMedia[]> {
  const rows = await db
    .selectFrom('media')
    .leftJoin('users', 'users.id', 'media.uploaded_by')
    .leftJoin('authors', 'authors.id', 'users.author_id')
    .select((eb) => [
      'media.id',
      'media.sha256',
      'media.width',
      'media.height',
      'media.file_name',
      'media.alt',
      'media.caption',
      'media.created_at',
      'authors.slug as author_slug',
      eb
        .selectFrom('posts')
        .select((p) => p.fn.min('posts.id').as('first'))
        .whereRef('posts.featured_media_id', '=', 'media.id')
        .as('post_id'),
    ])
    .where('media.id', '>', afterId)
    .orderBy('media.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    fileName: r.file_name,
    alt: r.alt,
    caption: r.caption,
    createdAt: fromDbTime(r.created_at),
    authorSlug: r.author_slug,
    postId: r.post_id === null ? null : Number(r.post_id),
  }));
}
