/**
 * WordPress attachments into the photo library (`wirepress import wordpress --uploads DIR`): each
 * image file found in the copy of wp-content/uploads is read, one at a time, through the same
 * inspection and storing as an upload, and recorded with the attachment's id in the same
 * transaction, so that importing again stores no photo twice. Its old file addresses, and those of
 * the sizes WordPress made of it, answer with a redirect to the photo.
 */
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { UploadedPhoto } from '../content/wordpress-body.ts';
import { htmlToPlainText } from '../content/html-to-markdown.ts';
import { normalizeLegacyPath } from '../domain/legacy-addresses.ts';
import { libraryPath, MAX_ALT, MAX_CAPTION, shownImage, UnusableImageError, variantPath, variantWidths, type MediaItem } from '../domain/media.ts';
import { isSizeOf, looksLikeImage, UPLOADS_SEGMENT } from '../domain/wordpress-uploads.ts';
import type { WxrItem } from '../content/wxr.ts';
import type { Database } from '../storage/db.ts';
import { addLegacyAddressIfNew, putLegacyAddress } from '../storage/legacy-addresses.ts';
import { findMedia, updateMediaDetails } from '../storage/media.ts';
import { findWordpressItems, putWordpressItem } from '../storage/wordpress-import.ts';
import { inspectUpload, storeInspectedUploads } from './media.ts';
import type { MediaVariants } from './media-variants.ts';

/** Why an attachment's file is not in the library: it stays a link to its old address. */
export const KEPT_AS_LINK = {
  notImage: 'not images (PDF, audio, video and other files)',
  missing: 'files not found in the uploads folder',
  tooLarge: 'files larger than the upload limit',
  unreadable: 'files the photo library cannot read (damaged, too many pixels, or not an image)',
} as const;

/** Why an attachment is refused altogether. */
export const OUTSIDE_UPLOADS = 'attachments whose path leads outside the uploads folder';

export type PhotoOutcome =
  | { kind: 'photo'; mediaId: number; photo: UploadedPhoto; outcome: 'created' | 'updated' | 'unchanged'; addresses: number }
  | { kind: 'link'; reason: string }
  | { kind: 'refused'; reason: string };

/** Where the attachment's file would be, relative to the uploads folder; undefined when its path leads outside. */
export function attachmentFileOf(item: WxrItem, attachmentUrl: string): string | undefined {
  const attached = item.meta.find((m) => m.key === '_wp_attached_file')?.value.trim() ?? '';
  let rel: string;
  if (attached !== '') {
    // WordPress before 2.7 kept the whole path on its own disk.
    const at = attached.indexOf(UPLOADS_SEGMENT.slice(1));
    rel = at === -1 ? attached : attached.slice(at + UPLOADS_SEGMENT.length - 1);
  } else {
    let path: string;
    try {
      path = decodeURIComponent(new URL(attachmentUrl).pathname);
    } catch {
      return undefined;
    }
    const at = path.indexOf(UPLOADS_SEGMENT);
    if (at === -1) return undefined;
    rel = path.slice(at + UPLOADS_SEGMENT.length);
  }
  // A ".." anywhere, or a path from the root, is refused before it is ever joined to the folder.
  if (rel === '' || /(?:^|[/\\])\.\.(?:[/\\]|$)/.test(rel) || isAbsolute(rel) || /^[a-z]:/i.test(rel) || rel.includes('\0')) return undefined;
  return rel.replace(/\\/g, '/');
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The file's real place, when it is a file inside the folder (symbolic links followed); 'outside' or 'missing' otherwise. */
export async function realFileOf(uploadsDir: string, rel: string): Promise<string | 'outside' | 'missing'> {
  const root = await realpath(resolve(uploadsDir));
  const wanted = resolve(root, rel);
  if (!inside(root, wanted)) return 'outside';
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    return 'missing';
  }
  if (!inside(root, real)) return 'outside';
  const stat = await lstat(real);
  return stat.isFile() ? real : 'missing';
}

/** The names in one folder, the last one asked for kept: an export lists a month's attachments together. */
export class FolderListing {
  #folder = '';
  #names: string[] = [];

  async namesIn(folder: string): Promise<string[]> {
    if (folder !== this.#folder) {
      this.#folder = folder;
      try {
        this.#names = await readdir(folder);
      } catch {
        this.#names = [];
      }
    }
    return this.#names;
  }
}

/** The photo as a body shows it and as a link leads to it. */
export function uploadedPhotoOf(item: MediaItem): UploadedPhoto {
  const shown = shownImage(item);
  const widths = variantWidths(item.width);
  return { image: libraryPath(item.id), full: variantPath(shown, widths.at(-1) ?? item.width, 'jpeg') };
}

export interface PhotoImport {
  database: Database;
  media: MediaVariants;
  uploadsDir: string;
  site: string;
  folders: FolderListing;
  now: Date;
}

/**
 * The address paths a file was served at, in the folder its address names: its own, then each
 * size WordPress made of it (a size is kept only where no other file's address already is).
 */
async function oldAddressesOf(context: PhotoImport, realFile: string, attachmentUrl: string, rel: string): Promise<{ own: string[]; sizes: string[] }> {
  let folderPath: string;
  try {
    const path = decodeURIComponent(new URL(attachmentUrl).pathname);
    folderPath = path.includes(UPLOADS_SEGMENT) ? dirname(path) : dirname(`${UPLOADS_SEGMENT}${rel}`);
  } catch {
    folderPath = dirname(`${UPLOADS_SEGMENT}${rel}`);
  }
  const names = (await context.folders.namesIn(dirname(realFile))).filter((name) => isSizeOf(name, basename(realFile)) || isSizeOf(name, basename(rel)));
  const pathOf = (name: string) => normalizeLegacyPath(`${folderPath === '/' ? '' : folderPath}/${name}`);
  const urlPath = attachmentUrlPath(attachmentUrl);
  const ownNames = urlPath.includes(UPLOADS_SEGMENT) ? [basename(rel), basename(urlPath)] : [basename(rel)];
  const own = [...new Set(ownNames.filter((name) => name !== '').map(pathOf))].filter((p) => p !== undefined);
  const sizes = [...new Set(names.map(pathOf))].filter((p) => p !== undefined && !own.includes(p)) as string[];
  return { own, sizes };
}

function attachmentUrlPath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return '';
  }
}

/**
 * One attachment's file into the library, uploaded by `uploaderId`, with its record and its old
 * addresses (the file's, its sizes', and `pageAddresses`, those of its page when it belongs to
 * no post) in one transaction. A file stored before (the record of this attachment) is not read
 * again; its alt text and caption follow a newer export.
 */
export async function importAttachmentPhoto(
  context: PhotoImport,
  item: WxrItem,
  attachmentUrl: string,
  digest: string,
  uploaderId: number | null,
  pageAddresses: readonly string[],
): Promise<PhotoOutcome> {
  const rel = attachmentFileOf(item, attachmentUrl);
  if (rel === undefined) return { kind: 'refused', reason: OUTSIDE_UPLOADS };
  // As the library's form reads them: alt text on one line, a caption with its lines, no control characters.
  const alt = htmlToPlainText(item.meta.find((m) => m.key === '_wp_attachment_image_alt')?.value ?? '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, MAX_ALT);
  const caption = htmlToPlainText(item.excerpt, { keepLines: true })
    .replace(/[^\P{Cc}\n]/gu, '')
    .trim()
    .slice(0, MAX_CAPTION);
  const db = context.database.db;
  const found = (await findWordpressItems(db, context.site, 'photo', [item.postId])).get(item.postId);
  const existing = found && (await findMedia(db, found.localId));
  if (found && existing) {
    if (found.digest === digest) return { kind: 'photo', mediaId: existing.id, photo: uploadedPhotoOf(existing), outcome: 'unchanged', addresses: 0 };
    await db.transaction().execute(async (tx) => {
      const details = { alt, caption, creditText: existing.credit.text, creditSourceId: existing.credit.source?.id ?? null };
      await updateMediaDetails(tx, existing.id, details, context.now);
      await putWordpressItem(tx, { site: context.site, kind: 'photo', wpId: item.postId, localId: existing.id, digest }, context.now);
    });
    return { kind: 'photo', mediaId: existing.id, photo: uploadedPhotoOf(existing), outcome: 'updated', addresses: 0 };
  }
  if (!looksLikeImage(rel)) return { kind: 'link', reason: KEPT_AS_LINK.notImage };
  const file = await realFileOf(context.uploadsDir, rel);
  if (file === 'outside') return { kind: 'refused', reason: OUTSIDE_UPLOADS };
  if (file === 'missing') return { kind: 'link', reason: KEPT_AS_LINK.missing };
  if ((await lstat(file)).size > context.media.options.maxUploadBytes) return { kind: 'link', reason: KEPT_AS_LINK.tooLarge };
  const title = htmlToPlainText(item.title).trim();
  const name = title === '' ? basename(rel) : `${title.slice(0, 180)}${extname(rel)}`;
  let inspected: Awaited<ReturnType<typeof inspectUpload>>;
  try {
    // One file in memory at a time: read, decoded, stored, then let go before the next.
    inspected = await inspectUpload(context.media, { name, bytes: await readFile(file) });
  } catch (error) {
    if (error instanceof UnusableImageError) return { kind: 'link', reason: KEPT_AS_LINK.unreadable };
    throw error;
  }
  const addresses = await oldAddressesOf(context, file, attachmentUrl, rel);
  const { id: mediaId, kept } = await db.transaction().execute(async (tx) => {
    const [id] = await storeInspectedUploads(tx, context.media, uploaderId, [inspected], { alt, caption, creditText: '', creditSourceId: null }, context.now);
    await putWordpressItem(tx, { site: context.site, kind: 'photo', wpId: item.postId, localId: id!, digest }, context.now);
    let kept = 0;
    for (const address of [...addresses.own, ...pageAddresses]) {
      await putLegacyAddress(tx, address, 'media', id!, context.now);
      kept += 1;
    }
    for (const address of addresses.sizes) if (await addLegacyAddressIfNew(tx, address, 'media', id!, context.now)) kept += 1;
    return { id: id!, kept };
  });
  const stored = await findMedia(db, mediaId);
  if (!stored) throw new Error(`The photo just stored (${mediaId}) is gone.`);
  return { kind: 'photo', mediaId, photo: uploadedPhotoOf(stored), outcome: found ? 'updated' : 'created', addresses: kept };
}
