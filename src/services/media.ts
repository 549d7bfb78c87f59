import { bodyPhotoIds, type BodyPhoto } from '../content/markdown.ts';
/** The photo library: uploading, describing and deleting images, and the images pages show. */
import {
  canChangeMedia,
  MAX_ALT,
  MAX_CAPTION,
  MAX_CREDIT,
  UnusableImageError,
  type MediaDetails,
  type MediaItem,
  type ShownImage,
  shownImage,
} from '../domain/media.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { postKey } from '../domain/page-keys.ts';
import { pageKey } from '../domain/pages.ts';
import { can, type User } from '../domain/users.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Executor, Tx } from '../storage/db.ts';
import {
  deleteMedia,
  findMedia,
  findMediaByIds,
  insertMedia,
  listMedia,
  listMediaUses,
  listTextsShowingMedia,
  replaceBodyMedia,
  updateMediaDetails,
  updateMediaFileName,
  type MediaUse,
  type PhotoText,
} from '../storage/media.ts';
import { listRestMedia, type RestMedia, type RestMediaQuery } from '../storage/rest-media.ts';
import { findSourceBySlug, listSourceChoices } from '../storage/sources.ts';
import { inspectImage, variantVersion, type InspectedImage } from './media-images.ts';
import type { MediaVariants } from './media-variants.ts';

/** Images per page of the library. */
export const MEDIA_PER_PAGE = 24;
/** Posts listed per image in the library: enough to find them, the rest are counted in "and more". */
export const MAX_USES_LISTED = 10;
/** Sources offered for a credit: a newsroom credits a few dozen outlets. */
const MAX_CREDIT_SOURCES = 500;
/** Longest file name kept: the name is only a hint in the library. */
const MAX_FILE_NAME = 200;

export type { MediaUse, PhotoText } from '../storage/media.ts';

/** The library photos a post's or page's text shows, by id, for its body to be rendered with them. */
export async function loadBodyPhotos(db: Executor, markdown: string): Promise<Map<number, BodyPhoto>> {
  const ids = bodyPhotoIds(markdown);
  return ids.length === 0 ? new Map() : loadShownImages(db, ids);
}

/**
 * Records which library photos a post's or page's text shows, as it is saved (the photos
 * loadBodyPhotos found): the library lists them among the photo's uses and refuses to delete it.
 */
export async function recordBodyPhotos(db: Executor, text: PhotoText, photos: ReadonlyMap<number, unknown>): Promise<void> {
  await replaceBodyMedia(db, text, [...photos.keys()]);
}

/** The images pages show for these ids, by id; ids of deleted images are left out. */
export async function loadShownImages(db: Executor, ids: readonly number[]): Promise<Map<number, ShownImage>> {
  const items = await findMediaByIds(db, ids);
  return new Map([...items].map(([id, item]) => [id, shownImage(item)]));
}

function requireMediaRole(user: User): void {
  if (!can(user, 'write')) throw new DomainError('forbidden', 'Your role does not allow working with the photo library.');
}

function requireChangeable(user: User, item: MediaItem): void {
  if (!canChangeMedia(user, item)) throw new DomainError('forbidden', 'Only whoever uploaded this photo, or an editor, may change or delete it.');
}

/** Reads what an editor typed about an image, or says what to fix, field by field. */
export async function checkMediaDetails(
  db: Executor,
  input: { alt: string; caption: string; credit: string; creditSource: string },
): Promise<{ details: MediaDetails } | { errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const alt = input.alt.trim().replace(/\s+/g, ' ');
  const caption = input.caption.trim();
  const creditText = input.credit.trim().replace(/\s+/g, ' ');
  if (alt.length > MAX_ALT) errors.alt = `Use at most ${MAX_ALT} characters.`;
  if (caption.length > MAX_CAPTION) errors.caption = `Use at most ${MAX_CAPTION} characters.`;
  if (creditText.length > MAX_CREDIT) errors.credit = `Use at most ${MAX_CREDIT} characters.`;
  let creditSourceId: number | null = null;
  if (input.creditSource !== '') {
    const source = await findSourceBySlug(db, input.creditSource);
    if (!source) errors.credit_source = 'Choose one of the sources listed, or none.';
    else creditSourceId = source.id;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { details: { alt, caption, creditText, creditSourceId } };
}

/** The site's sources a credit may name, for the library's and the editor's lists. */
export async function listCreditSources(db: Executor): Promise<Array<{ slug: string; name: string }>> {
  return listSourceChoices(db, MAX_CREDIT_SOURCES);
}

/** A file read and decoded whole, ready to be stored. */
export interface InspectedUpload {
  bytes: Uint8Array;
  fileName: string;
  image: InspectedImage;
}

/**
 * Reads a file from its bytes and decodes it whole, through the uploads' queue, one at a time, so
 * that uploads leave a core to readers. Throws UnusableImageError (415/422) naming the file and the reason.
 */
export async function inspectUpload(variants: MediaVariants, file: { name: string; bytes: Uint8Array }): Promise<InspectedUpload> {
  const fileName =
    file.name
      .replace(/[\p{Cc}\\/]/gu, '')
      .trim()
      .slice(0, MAX_FILE_NAME) || 'image';
  try {
    return { bytes: file.bytes, fileName, image: await variants.uploads.run(() => inspectImage(file.bytes)) };
  } catch (error) {
    if (error instanceof UnusableImageError) throw new UnusableImageError(error.status, `${fileName}: ${error.message}`, error.problem, error.values, fileName);
    throw error;
  }
}

/** Stores inspected files with their details in the caller's transaction, uploaded by `uploaderId` (null when no one here). */
export async function storeInspectedUploads(
  tx: Tx,
  variants: MediaVariants,
  uploaderId: number | null,
  inspected: readonly InspectedUpload[],
  details: MediaDetails,
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const { bytes, fileName, image } of inspected) {
    const mediaId = await insertMedia(
      tx,
      {
        ...details,
        sha256: image.sha256,
        type: image.type,
        width: image.width,
        height: image.height,
        byteSize: bytes.length,
        fileName,
        uploadedBy: uploaderId,
      },
      now,
    );
    await variants.originals.put(tx, mediaId, bytes);
    ids.push(mediaId);
  }
  return ids;
}

/**
 * Adds uploaded files to the library: each read from its bytes and decoded whole (through the
 * uploads' queue, one at a time, so that uploads leave a core to readers), then all stored with their
 * details in one transaction. Throws UnusableImageError (415/422) naming the file and the reason;
 * nothing is stored then, not even the files before it.
 */
export async function uploadMedia(
  db: Db,
  variants: MediaVariants,
  user: User,
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
  details: MediaDetails,
  now: Date,
): Promise<number[]> {
  requireMediaRole(user);
  const inspected: InspectedUpload[] = [];
  for (const file of files) inspected.push(await inspectUpload(variants, file));
  return db.transaction().execute((tx) => storeInspectedUploads(tx, variants, user.id, inspected, details, now));
}

export type LibraryItem = MediaItem & { version: string; uses: MediaUse[] };

export interface LibraryPage {
  items: LibraryItem[];
  page: number;
  hasNext: boolean;
}

/** A page of the library, newest first, with the posts that use each image. */
export async function listLibrary(db: Db, user: User, search: string, page: number): Promise<LibraryPage> {
  requireMediaRole(user);
  const rows = await listMedia(db, { search, limit: MEDIA_PER_PAGE + 1, offset: (page - 1) * MEDIA_PER_PAGE });
  const items = rows.slice(0, MEDIA_PER_PAGE);
  const uses = await listMediaUses(
    db,
    items.map((i) => i.id),
    MAX_USES_LISTED,
  );
  return {
    items: items.map((item) => ({ ...item, version: variantVersion(item.sha256), uses: uses.get(item.id) ?? [] })),
    page,
    hasNext: rows.length > MEDIA_PER_PAGE,
  };
}

export async function getLibraryItem(db: Db, user: User, id: number): Promise<LibraryItem> {
  requireMediaRole(user);
  const item = await findMedia(db, id);
  if (!item) throw new NotFoundError('Image');
  const uses = await listMediaUses(db, [id], MAX_USES_LISTED);
  return { ...item, version: variantVersion(item.sha256), uses: uses.get(id) ?? [] };
}

/** Changes an image's alt text, caption or credit; every page that shows it changes at once. */
export async function editMedia(db: Db, user: User, id: number, details: MediaDetails, now: Date): Promise<void> {
  requireMediaRole(user);
  await changeContent(db, now, async (tx, pagesChanged) => {
    const item = await findMedia(tx, id);
    if (!item) throw new NotFoundError('Image');
    requireChangeable(user, item);
    if (!(await updateMediaDetails(tx, id, details, now))) throw new NotFoundError('Image');
    const texts = await listTextsShowingMedia(tx, id);
    pagesChanged([...texts.posts.map(postKey), ...texts.pages.map(pageKey)]);
  });
}

/**
 * The file name a REST client's title gives an image: the library shows the name, and the REST
 * API gives it without its extension as the title, so the extension is kept.
 */
export function fileNameForTitle(title: string, fileName: string): string {
  const extension = /\.[a-z0-9]{2,5}$/i.exec(fileName)?.[0] ?? '';
  const base = title
    .replace(/[\p{Cc}\\/]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_FILE_NAME - extension.length);
  return base === '' ? fileName : `${base}${extension}`;
}

/**
 * Changes what a REST client sent of an image (WordPress's alt_text, caption and title) in one
 * transaction, under the library's rules: its uploader or an editor; fields not sent stay.
 */
export async function describeMediaFromRest(
  db: Db,
  user: User,
  id: number,
  change: { alt?: string; caption?: string; title?: string },
  now: Date,
): Promise<void> {
  requireMediaRole(user);
  await changeContent(db, now, async (tx, pagesChanged) => {
    const item = await findMedia(tx, id);
    if (!item) throw new NotFoundError('Image');
    requireChangeable(user, item);
    const checked = await checkMediaDetails(tx, {
      alt: change.alt ?? item.alt,
      caption: change.caption ?? item.caption,
      credit: item.credit.text,
      creditSource: item.credit.source?.slug ?? '',
    });
    if ('errors' in checked) throw new DomainError('invalid', Object.values(checked.errors)[0]!, checked.errors);
    if (!(await updateMediaDetails(tx, id, checked.details, now))) throw new NotFoundError('Image');
    if (change.title !== undefined) await updateMediaFileName(tx, id, fileNameForTitle(change.title, item.fileName), now);
    const texts = await listTextsShowingMedia(tx, id);
    pagesChanged([...texts.posts.map(postKey), ...texts.pages.map(pageKey)]);
  });
}

/** Deletes an image no post or page uses; refused with the list of them while any does. */
export async function removeMedia(db: Db, user: User, id: number): Promise<void> {
  requireMediaRole(user);
  await db.transaction().execute(async (tx) => {
    const item = await findMedia(tx, id);
    if (!item) throw new NotFoundError('Image');
    requireChangeable(user, item);
    const uses = (await listMediaUses(tx, [id], MAX_USES_LISTED)).get(id) ?? [];
    if (uses.length > 0) {
      const titles = uses.map((u) => `“${u.title}”`).join(', ');
      throw new DomainError(
        'conflict',
        `This image is used by ${uses.length === 1 ? 'a post or page' : `${uses.length} posts and pages`}: ${titles}. Remove it from them first.`,
      );
    }
    await deleteMedia(tx, id);
  });
}

/** An image readers may be sent, with what its variants are made from; undefined when there is none. */
export async function findLibraryImage(db: Executor, id: number): Promise<(ShownImage & { sha256: string }) | undefined> {
  const item = await findMedia(db, id);
  return item && { ...shownImage(item), sha256: item.sha256 };
}

/** Photos the post editor offers as its featured image: the newest, and the post's own wherever it is. */
export const MAX_PHOTO_CHOICES = 100;

export async function listPhotoChoices(db: Executor, currentId: number | null): Promise<Array<{ id: number; label: string }>> {
  const items = await listMedia(db, { search: '', limit: MAX_PHOTO_CHOICES, offset: 0 });
  if (currentId !== null && !items.some((i) => i.id === currentId)) {
    const current = await findMedia(db, currentId);
    if (current) items.unshift(current);
  }
  return items.map((i) => ({ id: i.id, label: i.alt ? `${i.fileName} — ${i.alt}` : i.fileName }));
}

/** The image a post editor shows as chosen, with what it says of it; undefined when it is gone. */
export async function findFeaturedImage(db: Executor, id: number): Promise<MediaItem | undefined> {
  return findMedia(db, id);
}

/**
 * Writes the details typed in the post editor to its featured image, when they differ from the
 * stored ones. 'refused' when they differ and the photo is someone else's that this user may not
 * change (nothing is written then).
 */
export async function updateFeaturedDetails(db: Db, user: User, id: number, details: MediaDetails, now: Date): Promise<'saved' | 'refused'> {
  const item = await findMedia(db, id);
  if (!item) return 'saved';
  const same =
    item.alt === details.alt &&
    item.caption === details.caption &&
    item.credit.text === details.creditText &&
    (item.credit.source?.id ?? null) === details.creditSourceId;
  if (same) return 'saved';
  if (!canChangeMedia(user, item)) return 'refused';
  await editMedia(db, user, id, details, now);
  return 'saved';
}

export type { RestMedia, RestMediaQuery } from '../storage/rest-media.ts';

/**
 * One page of the library for the REST API. Readers (and roles that do not write) see only the
 * images they already see on the site, the featured images of live posts; writers see it all.
 */
export function listMediaForRest(
  db: Executor,
  user: User | undefined,
  query: Omit<RestMediaQuery, 'publicOnly'>,
): Promise<{ media: RestMedia[]; total: number }> {
  return listRestMedia(db, { ...query, publicOnly: !user || !can(user, 'write') });
}
