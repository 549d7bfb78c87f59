import { escapeHtml } from '../../content/comment-text.ts';
import { creditLine, extensionOf, heightAt, shownImage, variantPath, variantWidths } from '../../domain/media.ts';
import type { RestMedia } from '../../services/media.ts';
import { REST_ROOT, restTime } from './present-post.ts';

/** WordPress's names for the sizes clients look for, each the variant nearest below its width. */
const NAMED_SIZES: ReadonlyArray<[string, number]> = [
  ['thumbnail', 320],
  ['medium', 640],
  ['medium_large', 800],
  ['large', 1024],
];

/**
 * A library image as /wp-json/wp/v2/media gives it. Originals are never served, so `source_url`
 * is the largest JPEG variant, and each size in `media_details.sizes` is a JPEG variant too.
 */
export function presentMedia(origin: string, item: RestMedia, timeZone: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const shown = shownImage(item);
  const widths = variantWidths(item.width);
  const size = (width: number) => {
    const url = `${origin}${variantPath(shown, width, 'jpeg')}`;
    return { file: url.slice(url.lastIndexOf('/') + 1), width, height: heightAt(item, width), mime_type: 'image/jpeg', source_url: url };
  };
  const full = widths.at(-1) ?? item.width;
  const sizes: Record<string, ReturnType<typeof size>> = {};
  for (const [name, wanted] of NAMED_SIZES) {
    const width = widths.filter((w) => w <= wanted).at(-1);
    if (width !== undefined && width < full) sizes[name] = size(width);
  }
  sizes.full = size(full);
  const caption = item.caption ? `<p>${escapeHtml(item.caption)}</p>\n` : '';
  const credit = creditLine(item.credit);
  const title = item.fileName.replace(/\.[a-z0-9]{2,5}$/i, '');
  return {
    id: item.id,
    date: restTime(item.createdAt, timeZone),
    date_gmt: restTime(item.createdAt, 'UTC'),
    guid: { rendered: sizes.full.source_url },
    modified: restTime(item.updatedAt, timeZone),
    modified_gmt: restTime(item.updatedAt, 'UTC'),
    slug: `media-${item.id}`,
    status: 'inherit',
    type: 'attachment',
    link: sizes.full.source_url,
    title: { rendered: escapeHtml(title) },
    author: item.uploadedBy ?? 0,
    comment_status: 'closed',
    ping_status: 'closed',
    template: '',
    meta: [],
    description: { rendered: caption },
    caption: { rendered: caption },
    alt_text: item.alt,
    credit,
    media_type: 'image',
    mime_type: 'image/jpeg',
    post: item.postId,
    source_url: sizes.full.source_url,
    media_details: {
      width: full,
      height: heightAt(item, full),
      file: `${item.id}/${full}.${extensionOf('jpeg')}`,
      filesize: item.byteSize,
      sizes,
      image_meta: { caption: item.caption, credit, title },
    },
    _links: {
      self: [{ href: `${api}/media/${item.id}` }],
      collection: [{ href: `${api}/media` }],
      about: [{ href: `${api}/types/attachment` }],
      ...(item.uploadedBy ? { author: [{ embeddable: true, href: `${api}/users/${item.uploadedBy}` }] } : {}),
    },
  };
}
