import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { z } from 'zod';
import {
  DEFAULT_IDENTITY,
  FAVICON_ICO_SIZES,
  ICON_SIZES,
  MAX_FOOTER_TEXT,
  MAX_SOCIAL_LINKS,
  parseHexColor,
  parseProfileLink,
  type SiteIdentity,
} from '../domain/identity.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Executor } from '../storage/db.ts';
import { listSettings, putSetting } from '../storage/settings.ts';
import { deleteSiteImages, findSiteImage, listSiteImageRefs, putSiteImages, type SiteImage, type SiteImageRef } from '../storage/site-images.ts';

export type { SiteImage, SiteImageRef };

/** One of the site's images with its bytes, to serve; undefined when there is none of that name. */
export function findSiteImageFile(db: Executor, name: string): Promise<SiteImage | undefined> {
  return findSiteImage(db, name);
}

/** Largest logo or icon file accepted: a logo needs far less, and sharp decodes what it is given. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Largest picture decoded, in pixels (8,000 by 5,000): a small file can claim an enormous size. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Formats read; SVG is refused, as it can carry scripts and links, and raster formats are all a logo needs. */
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'avif', 'heif']);
/** The logo is kept at most this tall and wide (twice what the masthead shows, for sharp screens). */
const LOGO_BOX = { width: 960, height: 240 };
/** Smallest icon worth making the 512-pixel one from. */
export const MIN_ICON_SIZE = 64;

/** Why an uploaded image was refused; the settings page words each for its field. */
export type ImageProblem = 'too-large' | 'not-an-image' | 'svg' | 'too-many-pixels' | 'too-small';

export class ImageRefusedError extends Error {
  constructor(
    readonly field: 'logo' | 'icon',
    readonly problem: ImageProblem,
  ) {
    super(`The ${field} was refused: ${problem}`);
    this.name = 'ImageRefusedError';
  }
}

const STORED = {
  accent_color: z.string().refine((v) => parseHexColor(v) === v),
  footer_text: z.string().max(MAX_FOOTER_TEXT),
  social_links: z.array(z.string().refine((v) => parseProfileLink(v) === v)).max(MAX_SOCIAL_LINKS),
};

/** The identity as stored; a bad value falls back to its default. */
export async function loadSiteIdentity(db: Executor): Promise<SiteIdentity> {
  const stored = await listSettings(db);
  const accent = STORED.accent_color.safeParse(stored.get('accent_color'));
  const footer = STORED.footer_text.safeParse(stored.get('footer_text'));
  const links = STORED.social_links.safeParse(stored.get('social_links'));
  return {
    accentColor: accent.success ? accent.data : DEFAULT_IDENTITY.accentColor,
    footerText: footer.success ? footer.data : DEFAULT_IDENTITY.footerText,
    socialLinks: links.success ? links.data : DEFAULT_IDENTITY.socialLinks,
  };
}

/** The identity and the names of the stored images, for every page's header, head and footer. */
export async function loadSiteLook(db: Executor): Promise<{ identity: SiteIdentity; images: SiteImageRef[] }> {
  return { identity: await loadSiteIdentity(db), images: await listSiteImageRefs(db) };
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** Reads an upload's header only: its format and size, or why it is refused. */
async function checkedImage(field: 'logo' | 'icon', bytes: Buffer): Promise<Sharp> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRefusedError(field, 'too-large');
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefusedError(field, 'not-an-image');
  }
  if (metadata.format === 'svg') throw new ImageRefusedError(field, 'svg');
  if (!ACCEPTED_FORMATS.has(metadata.format ?? '') || !metadata.width || !metadata.height) throw new ImageRefusedError(field, 'not-an-image');
  if (metadata.width * metadata.height > MAX_IMAGE_PIXELS) throw new ImageRefusedError(field, 'too-many-pixels');
  if (field === 'icon' && Math.min(metadata.width, metadata.height) < MIN_ICON_SIZE) throw new ImageRefusedError(field, 'too-small');
  // The first frame of an animation; turned as its EXIF says, so a phone's photo stands up.
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false }).rotate();
}

async function png(image: Sharp, name: string): Promise<SiteImage> {
  const { data, info } = await image.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true });
  return { name, contentType: 'image/png', data, hash: hashOf(data), width: info.width, height: info.height };
}

/** The logo as stored: a PNG no larger than LOGO_BOX, transparency kept. A decoding failure is a refusal, never a 500. */
export async function prepareLogo(bytes: Buffer): Promise<SiteImage[]> {
  const image = await checkedImage('logo', bytes);
  try {
    return [await png(image.resize({ ...LOGO_BOX, fit: 'inside', withoutEnlargement: true }), 'logo')];
  } catch {
    throw new ImageRefusedError('logo', 'not-an-image');
  }
}

/**
 * favicon.ico holding PNG images (every browser since 2009 reads them): a 6-byte header, a
 * 16-byte entry per image, then the images (the ICO format as Microsoft documents it).
 */
export function icoOf(images: ReadonlyArray<{ size: number; data: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry);
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(image.data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** The icon made into every size asked for (ICON_SIZES, square, cropped to the middle) and favicon.ico. */
export async function prepareIcon(bytes: Buffer): Promise<SiteImage[]> {
  const image = await checkedImage('icon', bytes);
  try {
    const square = (size: number) => image.clone().resize(size, size, { fit: 'cover' });
    const icons = await Promise.all(ICON_SIZES.map((size) => png(square(size), `icon-${size}`)));
    const inIco = await Promise.all(FAVICON_ICO_SIZES.map(async (size) => ({ size, data: (await png(square(size), 'ico')).data })));
    const ico = icoOf(inIco);
    return [...icons, { name: 'favicon', contentType: 'image/x-icon', data: ico, hash: hashOf(ico), width: 48, height: 48 }];
  } catch {
    throw new ImageRefusedError('icon', 'not-an-image');
  }
}

/** Names of the images made from the icon, to remove them together. */
export const ICON_IMAGE_NAMES = [...ICON_SIZES.map((size) => `icon-${size}`), 'favicon'];

export interface IdentityChange {
  identity: SiteIdentity;
  /** New images (from prepareLogo/prepareIcon), stored in place of those of the same name. */
  images: SiteImage[];
  removeLogo: boolean;
  removeIcon: boolean;
}

/**
 * Saves the identity and its images in one transaction. They show on every page (the header,
 * the footer, the icons in <head>), so every cached page is dropped when it commits.
 */
export async function saveSiteIdentity(db: Db, change: IdentityChange, now: Date): Promise<void> {
  const { identity } = change;
  if (identity.accentColor !== null && parseHexColor(identity.accentColor) !== identity.accentColor) throw new Error('accent_color is not a colour');
  if (!STORED.footer_text.safeParse(identity.footerText).success) throw new Error('footer_text is not valid');
  if (!STORED.social_links.safeParse(identity.socialLinks).success) throw new Error('social_links are not valid');
  await changeContent(db, now, async (tx, pagesChanged) => {
    await putSetting(tx, 'accent_color', identity.accentColor);
    await putSetting(tx, 'footer_text', identity.footerText);
    await putSetting(tx, 'social_links', identity.socialLinks);
    await deleteSiteImages(tx, [...(change.removeLogo ? ['logo'] : []), ...(change.removeIcon ? ICON_IMAGE_NAMES : [])]);
    await putSiteImages(tx, change.images, now);
    pagesChanged([EVERY_PAGE]);
  });
}
