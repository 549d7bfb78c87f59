/** Reading and making images with sharp (libvips): what an upload is, and each size readers get. */
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { SHARE_HEIGHT, SHARE_WIDTH, UnusableImageError, type MediaType, type VariantFormat } from '../domain/media.ts';
import { readExifCredits, type ExifCredits } from '../domain/exif-credits.ts';

/**
 * Largest image accepted, in pixels: 60 megapixels is past any press camera (a 61 MP full-frame
 * sensor is the largest in common use), and refuses a "decompression bomb", a small file that
 * would unpack into gigabytes of memory.
 */
export const MAX_PIXELS = 60_000_000;

/**
 * How every image is opened: past the pixel limit is refused before decoding; a file that ends
 * early is refused rather than shown half grey; an animated image gives its first frame.
 */
const INPUT: SharpOptions = { limitInputPixels: MAX_PIXELS, failOn: 'truncated', pages: 1 };

/**
 * Threads libvips gives one image. One: the media queues already run images side by side, and
 * each image spread over every core (libvips's default) is what left readers waiting behind a
 * burst of uploads (docs/performance.md).
 */
export const IMAGE_THREADS = 1;

/** Sets IMAGE_THREADS for the process; called once at start. */
export function limitImageThreads(): void {
  sharp.concurrency(IMAGE_THREADS);
}

/** What an upload turned out to be. */
export interface InspectedImage {
  type: MediaType;
  /** As readers see it, the EXIF orientation applied. */
  width: number;
  height: number;
  sha256: string;
}

export { variantVersion } from '../domain/media.ts';

const FORMAT_TYPES: Record<string, MediaType> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads an upload from its bytes alone (never its name or the browser's word for its type) and
 * decodes it whole, so that a file that cannot become a picture is refused now, with a reason,
 * rather than when a reader first asks for it. Throws UnusableImageError: 415 for a kind of file
 * the library does not take, 422 for an image that is damaged or too large.
 */
export async function inspectImage(bytes: Uint8Array): Promise<InspectedImage> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, INPUT).metadata();
  } catch (error) {
    if (/pixel limit/i.test(messageOf(error))) {
      throw new UnusableImageError(
        422,
        `This image has more than the ${MAX_PIXELS / 1_000_000} megapixels accepted. Make it smaller and upload it again.`,
        'tooManyPixels',
        {
          megapixels: MAX_PIXELS / 1_000_000,
        },
      );
    }
    if (/<svg[\s>]/i.test(Buffer.from(bytes.subarray(0, 4096)).toString('latin1'))) {
      throw new UnusableImageError(415, 'SVG drawings are not accepted: they can carry scripts. Export it as a PNG and upload that.', 'svg');
    }
    throw new UnusableImageError(415, 'This file is not an image the library can read. Upload a JPEG, PNG, WebP, AVIF or GIF.', 'notImage');
  }
  if (meta.format === 'svg') {
    throw new UnusableImageError(415, 'SVG drawings are not accepted: they can carry scripts. Export it as a PNG and upload that.', 'svg');
  }
  let type: MediaType | undefined = FORMAT_TYPES[meta.format];
  if (meta.format === 'heif') type = meta.compression === 'av1' ? 'image/avif' : 'image/heif';
  if (!type)
    throw new UnusableImageError(415, `${meta.format.toUpperCase()} files are not accepted. Upload a JPEG, PNG, WebP, AVIF or GIF.`, 'format', {
      format: meta.format.toUpperCase(),
    });
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new UnusableImageError(422, 'This image has no size the library can read. It may be damaged.', 'noSize');
  if (width * height > MAX_PIXELS) {
    throw new UnusableImageError(
      422,
      `This image is ${width}×${height} pixels, more than the ${MAX_PIXELS / 1_000_000} megapixels accepted. Make it smaller and upload it again.`,
      'tooLargeImage',
      // Sizes as written, not as numbers a language would group (6 000).
      { width: String(width), height: String(height), megapixels: MAX_PIXELS / 1_000_000 },
    );
  }
  try {
    // A whole decode at a small size: libvips reads every byte, so a cut-off or corrupt file shows here.
    await sharp(bytes, INPUT).rotate().resize({ width: 64, withoutEnlargement: true }).raw().toBuffer();
  } catch (error) {
    if (type === 'image/heif') {
      throw new UnusableImageError(415, 'HEIC photos cannot be read here. Export it from the phone or photo app as JPEG and upload that.', 'heic');
    }
    const reason = messageOf(error);
    if (/pixel limit/i.test(reason)) {
      throw new UnusableImageError(422, `This image has more than the ${MAX_PIXELS / 1_000_000} megapixels accepted.`, 'tooManyPixels', {
        megapixels: MAX_PIXELS / 1_000_000,
      });
    }
    throw new UnusableImageError(
      422,
      'This image is damaged or incomplete (the upload may have been cut off). Open it on your computer to check it, then upload it again.',
      'damaged',
    );
  }
  return { type, width, height, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** What a variant keeps of the original's metadata: nothing by default; the photographer and copyright fields when the site keeps them. */
export interface VariantMetadata {
  keepCredits: boolean;
}

/** One size readers get: `width` wide in `format`, or the share card (a 1200×630 crop). */
export type VariantSpec = { width: number; format: VariantFormat } | { share: true };

function withCredits(image: Sharp, credits: ExifCredits | undefined): Sharp {
  if (!credits || (credits.artist === undefined && credits.copyright === undefined)) return image;
  const fields: Record<string, string> = {};
  if (credits.artist !== undefined) fields.Artist = credits.artist;
  if (credits.copyright !== undefined) fields.Copyright = credits.copyright;
  return image.withExif({ IFD0: fields });
}

/**
 * Makes one variant from the original. Everything the camera wrote (EXIF with GPS, XMP, IPTC,
 * comments) is left out, as sharp does unless told otherwise; the orientation is applied to the
 * pixels first, so nothing needs it. Colours end as sRGB (a CMYK or wide-gamut original too);
 * a JPEG of an image with transparency gets a white background.
 */
export async function renderVariant(original: Uint8Array, spec: VariantSpec, metadata: VariantMetadata): Promise<Buffer> {
  let image = sharp(original, INPUT).rotate();
  if ('share' in spec) {
    image = image.resize({ width: SHARE_WIDTH, height: SHARE_HEIGHT, fit: 'cover', position: 'attention' });
  } else {
    image = image.resize({ width: spec.width, withoutEnlargement: true });
  }
  image = image.toColourspace('srgb');
  if (metadata.keepCredits) {
    const meta = await sharp(original, INPUT).metadata();
    image = withCredits(image, meta.exif ? readExifCredits(meta.exif) : undefined);
  }
  const format = 'share' in spec ? 'jpeg' : spec.format;
  switch (format) {
    case 'jpeg':
      return image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true }).toBuffer();
    case 'webp':
      return image.webp({ quality: 78 }).toBuffer();
    case 'avif':
      // Effort 2 of 9: a fraction of the default's time for files a few per cent larger.
      return image.avif({ quality: 55, effort: 2 }).toBuffer();
  }
}
