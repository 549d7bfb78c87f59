/** Longest slug kept; WordPress caps post_name at 200 characters. */
export const MAX_SLUG_LENGTH = 200;

/**
 * A URL slug from a title: lower case, accents dropped, anything else that is not a letter or
 * digit collapsed to single hyphens. Letters of other scripts (Cyrillic, Greek…) are kept, as
 * WordPress keeps them, so a Russian headline still gets a readable slug.
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
  return slug;
}

const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
