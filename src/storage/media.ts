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

/** A post that uses an image, as the library lists it. */
export interface MediaUse {
  postId: number;
  mediaId: number;
  title: string;
  status: 'draft' | 'published';
}

/**
 * The posts that use these images: as their featured image, or in their body through the
 * library's address (/media/12/). Each list at most `limit` posts per image.
 */
export async function listMediaUses(db: Executor, mediaIds: readonly number[], limit: number): Promise<Map<number, MediaUse[]>> {
  const uses = new Map<number, MediaUse[]>();
  if (mediaIds.length === 0) return uses;
  const add = (use: MediaUse) => {
    const list = uses.get(use.mediaId) ?? [];
    if (list.length < limit && !list.some((u) => u.postId === use.postId)) list.push(use);
    uses.set(use.mediaId, list);
  };
  const featured = await db
    .selectFrom('posts')
    .select(['id', 'title', 'status', 'featured_media_id'])
    .where('featured_media_id', 'in', [...new Set(mediaIds)])
    .orderBy('id', 'desc')
    .execute();
  for (const row of featured) if (row.featured_media_id !== null) add({ postId: row.id, mediaId: row.featured_media_id, title: row.title, status: row.status });
  for (const mediaId of new Set(mediaIds)) {
    const inBody = await db
      .selectFrom('posts')
      .select(['id', 'title', 'status'])
      .where('body_markdown', 'like', `%/media/${mediaId}/%`)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    for (const row of inBody) add({ postId: row.id, mediaId, title: row.title, status: row.status });
  }
  return uses;
}

/** Ids of the posts whose pages show this image: the featured image, or one in the body. */
export async function listPostIdsShowingMedia(db: Executor, mediaId: number): Promise<number[]> {
  const featured = await db.selectFrom('posts').select('id').where('featured_media_id', '=', mediaId).execute();
  const inBody = await db.selectFrom('posts').select('id').where('body_markdown', 'like', `%/media/${mediaId}/%`).execute();
  return [...new Set([...featured, ...inBody].map((r) => r.id))];
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
