import { createHash } from 'node:crypto';
import { DomainError } from './errors.ts';
import { can, type Role } from './users.ts';

/**
 * Photos: what the library holds of an image, the sizes readers get, and their addresses.
 * Originals are never public; readers get variants made from them, at a few widths and in a
 * few formats, under addresses that carry a hash of what they were made from.
 */

/** Widths a variant is made at: from a phone's column to a large screen at twice the density. */
export const VARIANT_WIDTHS = [320, 480, 640, 800, 1024, 1280, 1600, 2048] as const;

/** Formats readers get, best first: a browser takes the first its `<picture>` source lists that it can show. */
export const VARIANT_FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** The share image's shape: what OpenGraph and Twitter cards show without cropping it again. */
export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

/** Types the library accepts, as read from the file's bytes. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif', 'image/heif'] as const;
export type MediaType = (typeof ACCEPTED_TYPES)[number];

/** Longest alt text, caption and credit: a sentence or two, not an article. */
export const MAX_ALT = 500;
export const MAX_CAPTION = 1_000;
export const MAX_CREDIT = 200;

/** An image in the library, without its bytes. */
export interface MediaItem {
  id: number;
  sha256: string;
  type: MediaType;
  /** As readers see it, the EXIF orientation applied. */
  width: number;
  height: number;
  byteSize: number;
  fileName: string;
  alt: string;
  caption: string;
  credit: MediaCredit;
  uploadedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Whether a user may change or delete this photo: the one who uploaded it always, anyone's from
 * editor up, as with posts (its alt text and credit show on every post that uses it).
 */
export function canChangeMedia(user: { id: number; role: Role }, item: Pick<MediaItem, 'uploadedBy'>): boolean {
  return item.uploadedBy === user.id || can(user, 'edit_others');
}

/** "Photo: Reuters" as typed; `source` when the credit names one of the site's sources, whose page it links to. */
export interface MediaCredit {
  text: string;
  source: { id: number; slug: string; name: string } | null;
}

/** What an editor types about an image. */
export interface MediaDetails {
  alt: string;
  caption: string;
  creditText: string;
  creditSourceId: number | null;
}

/** An image as a page shows it: enough to write a `<picture>` and its caption. */
export interface ShownImage {
  id: number;
  /** The part of every variant's address that changes when what it is made from changes. */
  version: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: MediaCredit;
}

/**
 * Changes whenever the way variants are made changes (sizes, quality, formats), so that their
 * addresses change too and no browser keeps an old one forever.
 */
const RECIPE = 'r1';

/** The part of a variant's address that changes with the original and with RECIPE. */
export function variantVersion(sha256: string): string {
  return createHash('sha256').update(`${sha256}:${RECIPE}`).digest('hex').slice(0, 12);
}

/** An image of the library as a page shows it. */
export function shownImage(item: MediaItem): ShownImage {
  return {
    id: item.id,
    version: variantVersion(item.sha256),
    width: item.width,
    height: item.height,
    alt: item.alt,
    caption: item.caption,
    credit: item.credit,
  };
}

/** The widths made for an image this wide: never wider than the image itself. */
export function variantWidths(originalWidth: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= originalWidth);
  // A small image is served at its own width rather than stretched to the smallest.
  if (widths.length === 0 || (widths.at(-1) ?? 0) < originalWidth) widths.push(Math.min(originalWidth, VARIANT_WIDTHS.at(-1) ?? originalWidth));
  return [...new Set(widths)];
}

/** The height of a variant `width` wide, in the image's proportions. */
export function heightAt(image: { width: number; height: number }, width: number): number {
  return Math.max(1, Math.round((image.height * width) / image.width));
}

/** The file extension of a format in a variant's address. */
export function extensionOf(format: VariantFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** The address of one variant: /media/12-3f9a0c1d2e4b/800.webp. */
export function variantPath(image: Pick<ShownImage, 'id' | 'version'>, width: number, format: VariantFormat): string {
  return `/media/${image.id}-${image.version}/${width}.${extensionOf(format)}`;
}

/** The address of the share image, a 1200×630 JPEG crop. */
export function sharePath(image: Pick<ShownImage, 'id' | 'version'>): string {
  return `/media/${image.id}-${image.version}/share.jpg`;
}

/** A variant's address read back, or undefined when it is not one. */
export function parseVariantPath(path: string): { id: number; version: string; kind: { width: number; format: VariantFormat } | { share: true } } | undefined {
  const m = /^\/media\/([1-9]\d{0,15})-([0-9a-f]{12})\/(?:(\d{1,4})\.(avif|webp|jpg)|share\.jpg)$/.exec(path);
  if (!m) return undefined;
  const [, id, version, width, ext] = m;
  if (width === undefined) return { id: Number(id), version: version ?? '', kind: { share: true } };
  const format: VariantFormat = ext === 'jpg' ? 'jpeg' : (ext as VariantFormat);
  return { id: Number(id), version: version ?? '', kind: { width: Number(width), format } };
}

/** A library image's address as an editor pastes it into a post's body: /media/12/. */
export function libraryPath(id: number): string {
  return `/media/${id}/`;
}

/** The id in a body image's address when it is one of the library's, whether written relative or on this site. */
export function libraryIdOf(src: string): number | undefined {
  const m = /^(?:https?:\/\/[^/]+)?\/media\/([1-9]\d{0,15})\/?$/.exec(src.trim());
  return m ? Number(m[1]) : undefined;
}

/** The credit line as printed under a photo: "Photo: Reuters", or the credit as typed when it already says what it is. */
export function creditLine(credit: MediaCredit): string {
  const text = credit.text.trim() !== '' ? credit.text.trim() : (credit.source?.name ?? '');
  return text;
}

/** Human size: "2.4 MB", "380 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1_000))} KB`;
}

/** Why an upload cannot become a picture; each has its message in the catalogues (media.refused.*). */
export type ImageProblem = 'tooManyPixels' | 'tooLargeImage' | 'svg' | 'notImage' | 'format' | 'noSize' | 'heic' | 'damaged';

/**
 * An upload that cannot become a picture: 415 for a kind of file not taken, 422 for a damaged or
 * oversized image. `message` is English (logs, the REST API); the admin says `problem` in the
 * editor's language, with `values` and the file's name.
 */
export class UnusableImageError extends DomainError {
  readonly status: 415 | 422;
  readonly problem: ImageProblem;
  readonly values: Readonly<Record<string, string | number>>;
  /** The file it was, once known (uploads of several files name the one refused). */
  readonly fileName: string | undefined;

  constructor(status: 415 | 422, message: string, problem: ImageProblem, values: Readonly<Record<string, string | number>> = {}, fileName?: string) {
    super('invalid', message);
    this.name = 'UnusableImageError';
    this.status = status;
    this.problem = problem;
    this.values = values;
    this.fileName = fileName;
  }
}
