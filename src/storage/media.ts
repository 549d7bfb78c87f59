/** The photo library: what is known of each image, the posts that use it, and where its original bytes are kept. */
import type { MediaDetails, MediaItem, MediaType } from '../domain/media.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { likePattern } from './like-pattern.ts';

/**
 * Where originals are kept. The database is the default, so that every node of a site reads the
 * same ones without a shared disk; another store (a bucket) could answer the same two calls.
 */
export interface MediaOriginalStore {
  put(db: Executor, mediaId: number, bytes: Uint8Array): Promise<void>;
  get(db: Executor, mediaId: number): Promise<Uint8Array | undefined>;
}

export const DATABASE_ORIGINALS: MediaOriginalStore = {
  async put(db, mediaId, bytes) {
    await db.insertInto('media_originals').values({ media_id: mediaId, bytes }).execute();
  },
  async get(db, mediaId) {
    const row = await db.selectFrom('media_originals').select('bytes').where('media_id', '=', mediaId).executeTakeFirst();
    return row?.bytes;
  },
};

export interface MediaInsert extends MediaDetails {
  sha256: string;
  type: MediaType;
  width: number;
  height: number;
  byteSize: number;
  fileName: string;
  uploadedBy: number | null;
}

const MEDIA_COLUMNS = [
  'media.id',
  'media.sha256',
  'media.mime_type',
  'media.width',
  'media.height',
  'media.byte_size',
  'media.file_name',
  'media.alt',
  'media.caption',
  'media.credit_text',
  'media.credit_source_id',
  'media.uploaded_by',
  'media.created_at',
  'media.updated_at',
  'sources.slug as source_slug',
  'sources.name as source_name',
] as const;

interface MediaJoinedRow {
  id: number;
  sha256: string;
  mime_type: string;
  width: number;
  height: number;
  byte_size: number;
  file_name: string;
  alt: string;
  caption: string;
  credit_text: string;
  credit_source_id: number | null;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
  source_slug: string | null;
  source_name: string | null;
}

export function toMediaItem(row: MediaJoinedRow): MediaItem {
  return {
    id: row.id,
    sha256: row.sha256,
    type: row.mime_type as MediaType,
    width: row.width,
    height: row.height,
    byteSize: Number(row.byte_size),
    fileName: row.file_name,
    alt: row.alt,
    caption: row.caption,
    credit: {
      text: row.credit_text,
      source:
        row.credit_source_id !== null && row.source_slug !== null && row.source_name !== null
          ? { id: row.credit_source_id, slug: row.source_slug, name: row.source_name }
          : null,
    },
    uploadedBy: row.uploaded_by,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

export function selectMedia(db: Executor) {
  return db.selectFrom('media').leftJoin('sources', 'sources.id', 'media.credit_source_id').select(MEDIA_COLUMNS);
}

export async function insertMedia(db: Executor, media: MediaInsert, now: Date): Promise<number> {
  const row = await db
    .insertInto('media')
    .values({
      sha256: media.sha256,
      mime_type: media.type,
      width: media.width,
      height: media.height,
      byte_size: media.byteSize,
      file_name: media.fileName,
      alt: media.alt,
      caption: media.caption,
      credit_text: media.creditText,
      credit_source_id: media.creditSourceId,
      uploaded_by: media.uploadedBy,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findMedia(db: Executor, id: number): Promise<MediaItem | undefined> {
  const row = await selectMedia(db).where('media.id', '=', id).executeTakeFirst();
  return row && toMediaItem(row);
}

export async function findMediaByIds(db: Executor, ids: readonly number[]): Promise<Map<number, MediaItem>> {
  if (ids.length === 0) return new Map();
  const rows = await selectMedia(db)
    .where('media.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, toMediaItem(row)]));
}

/** The library, newest first, optionally only images whose name, alt text, caption or credit contain `search`. */
export async function listMedia(db: Executor, query: { search: string; limit: number; offset: number }): Promise<MediaItem[]> {
  let q = selectMedia(db);
  const term = query.search.trim();
  if (term !== '') {
    const pattern = likePattern(term);
    q = q.where((eb) =>
      eb.or(
        (['media.file_name', 'media.alt', 'media.caption', 'media.credit_text'] as const).map((column) =>
          eb(eb.fn('lower', [eb.ref(column)]), 'like', eb.val(pattern)),
        ),
      ),
    );
  }
  const rows = await q.orderBy('media.created_at', 'desc').orderBy('media.id', 'desc').limit(query.limit).offset(query.offset).execute();
  return rows.map(toMediaItem);
}

export async function updateMediaDetails(db: Executor, id: number, details: MediaDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('media')
    .set({
      alt: details.alt,
      caption: details.caption,
      credit_text: details.creditText,
      credit_source_id: details.creditSourceId,
      updated_at: toDbTime(now),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Renames an image in the library (the name is what the REST API gives as its title). */
export async function updateMediaFileName(db: Executor, id: number, fileName: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('media')
    .set({ file_name: fileName, updated_at: toDbTime(now) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteMedia(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('media_originals').where('media_id', '=', id).execute();
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** A post or page that uses an image, as the library lists it. */
export interface MediaUse {
  kind: 'post' | 'page';
  /** The post's or the page's id. */
  id: number;
  mediaId: number;
  title: string;
  status: 'draft' | 'published';
}

/** Where a text that can show library photos is kept: a post's or a page's body. */
export type PhotoText = { kind: 'post' | 'page'; id: number };

/**
 * Records the library photos a post's or page's text shows now (its ids as the Markdown names
 * them), replacing those of its last save; ids of photos not in the library are left out.
 */
export async function replaceBodyMedia(db: Executor, text: PhotoText, mediaIds: readonly number[]): Promise<void> {
  const ids = [...new Set(mediaIds)];
  const existing = ids.length === 0 ? [] : (await db.selectFrom('media').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
  if (text.kind === 'post') {
    await db.deleteFrom('post_body_media').where('post_id', '=', text.id).execute();
    if (existing.length > 0)
      await db
        .insertInto('post_body_media')
        .values(existing.map((media_id) => ({ post_id: text.id, media_id })))
        .execute();
  } else {
    await db.deleteFrom('page_body_media').where('page_id', '=', text.id).execute();
    if (existing.length > 0)
      await db
        .insertInto('page_body_media')
        .values(existing.map((media_id) => ({ page_id: text.id, media_id })))
        .execute();
  }
}

/**
 * The posts and pages that use these images: as a post's featured image, or in a post's or
 * page's text (recorded at save). Each list at most `limit` per image, posts first, newest first.
 */
export async function listMediaUses(db: Executor, mediaIds: readonly number[], limit: number): Promise<Map<number, MediaUse[]>> {
  const uses = new Map<number, MediaUse[]>();
  const ids = [...new Set(mediaIds)];
  if (ids.length === 0) return uses;
  const add = (use: MediaUse) => {
    const list = uses.get(use.mediaId) ?? [];
    if (list.length < limit && !list.some((u) => u.kind === use.kind && u.id === use.id)) list.push(use);
    uses.set(use.mediaId, list);
  };
  const featured = await db
    .selectFrom('posts')
    .select(['id', 'title', 'status', 'featured_media_id'])
    .where('featured_media_id', 'in', ids)
    .orderBy('id', 'desc')
    .execute();
  for (const row of featured) {
    if (row.featured_media_id !== null) add({ kind: 'post', id: row.id, mediaId: row.featured_media_id, title: row.title, status: row.status });
  }
  const inPosts = await db
    .selectFrom('post_body_media')
    .innerJoin('posts', 'posts.id', 'post_body_media.post_id')
    .select(['posts.id', 'posts.title', 'posts.status', 'post_body_media.media_id'])
    .where('post_body_media.media_id', 'in', ids)
    .orderBy('posts.id', 'desc')
    .execute();
  for (const row of inPosts) add({ kind: 'post', id: row.id, mediaId: row.media_id, title: row.title, status: row.status });
  const inPages = await db
    .selectFrom('page_body_media')
    .innerJoin('pages', 'pages.id', 'page_body_media.page_id')
    .select(['pages.id', 'pages.title', 'pages.status', 'page_body_media.media_id'])
    .where('page_body_media.media_id', 'in', ids)
    .orderBy('pages.id', 'desc')
    .execute();
  for (const row of inPages) add({ kind: 'page', id: row.id, mediaId: row.media_id, title: row.title, status: row.status });
  return uses;
}

/** The posts and pages whose pages show this image: a post's featured image, or one in a text. */
export async function listTextsShowingMedia(db: Executor, mediaId: number): Promise<{ posts: number[]; pages: number[] }> {
  const featured = await db.selectFrom('posts').select('id').where('featured_media_id', '=', mediaId).execute();
  const inPosts = await db.selectFrom('post_body_media').select('post_id as id').where('media_id', '=', mediaId).execute();
  const inPages = await db.selectFrom('page_body_media').select('page_id as id').where('media_id', '=', mediaId).execute();
  return { posts: [...new Set([...featured, ...inPosts].map((r) => r.id))], pages: inPages.map((r) => r.id) };
}

/**
 * Texts that may name a library photo (they contain "/media/"), in id order after `afterId`: for
 * recording the uses of texts saved before they were recorded at save.
 */
export async function listTextsNamingMedia(
  db: Executor,
  kind: 'post' | 'page',
  afterId: number,
  limit: number,
): Promise<Array<{ id: number; bodyMarkdown: string }>> {
  const rows = await db
    .selectFrom(kind === 'post' ? 'posts' : 'pages')
    .select(['id', 'body_markdown'])
    .where('id', '>', afterId)
    .where('body_markdown', 'like', '%/media/%')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, bodyMarkdown: r.body_markdown }));
}

/** The featured image of each of these posts, by post id. */
export async function listFeaturedMediaIds(db: Executor, postIds: readonly number[]): Promise<Map<number, number>> {
  if (postIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('posts')
    .select(['id', 'featured_media_id'])
    .where('id', 'in', [...new Set(postIds)])
    .where('featured_media_id', 'is not', null)
    .execute();
  return new Map(rows.flatMap((r) => (r.featured_media_id === null ? [] : [[r.id, r.featured_media_id] as [number, number]])));
}

export async function setFeaturedMedia(db: Executor, postId: number, mediaId: number | null): Promise<void> {
  await db.updateTable('posts').set({ featured_media_id: mediaId }).where('id', '=', postId).execute();
}
