import { transliterate } from 'transliteration';

/** Longest slug kept; WordPress caps post_name at 200 characters. */
export const MAX_SLUG_LENGTH = 200;

export interface SlugOptions {
  /**
   * Write Cyrillic in Latin letters ("Сергей Лавров" → "sergey-lavrov"), as WordPress sites do
   * with a transliteration plugin; off by default, when a Russian headline keeps its own letters.
   */
  cyrillicToLatin?: boolean;
}

/** Accents on Latin and Greek letters, dropped ("café" → "cafe", "Αθήνα" → "αθηνα"), as WordPress does. */
const LATIN_OR_GREEK_ACCENTS = /(?<=[\p{Script=Latin}\p{Script=Greek}]\p{M}*)\p{M}/gu;
const CYRILLIC_RUN = /\p{Script=Cyrillic}+/gu;
/** What separates words in a slug: anything but letters, their marks and digits. */
const NOT_SLUG_TEXT = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * A URL slug from a title: lower case, Latin and Greek accents dropped, anything that is not a
 * letter or digit collapsed to single hyphens. Every other script is kept as it is written, in
 * composed form (NFC): the vowel signs of Hindi and Thai, Japanese voicing marks, Korean
 * syllables and Cyrillic "й" are parts of their letters, not accents. Links carry such slugs
 * percent-encoded; the router reads them back in any normal form.
 */
export function slugify(title: string, options: SlugOptions = {}): string {
  // Compatibility forms first: ligatures, full-width Latin and digits become plain ones.
  let text = title.normalize('NFKC');
  if (options.cyrillicToLatin) text = text.replace(CYRILLIC_RUN, (run) => transliterate(run));
  const slug = text
    .normalize('NFD')
    .replace(LATIN_OR_GREEK_ACCENTS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(NOT_SLUG_TEXT, '-')
    .replace(/^-+|-+$/g, '');
  return cutToLength(slug).replace(/-+$/g, '');
}

/** At most MAX_SLUG_LENGTH UTF-16 units, never half of a character outside the Basic Multilingual Plane. */
function cutToLength(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  let cut = '';
  for (const ch of slug) {
    if (cut.length + ch.length > MAX_SLUG_LENGTH) break;
    cut += ch;
  }
  return cut;
}

/** Lower-case letters, letters without case (CJK, Arabic, Thai…), their marks and digits, in words joined by single hyphens. */
const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]*(?:-[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]*)*$/u;

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug) && slug === slug.normalize('NFC');
}

/**
 * The slugs to try, in order, for a slug that may be taken: "about", "about-2", "about-3"…, as
 * WordPress numbers duplicates. The base is shortened so that its suffix always fits.
 */
export function* slugCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    yield `${cutToLength(base.slice(0, MAX_SLUG_LENGTH - suffix.length)).replace(/-+$/g, '')}${suffix}`;
  }
}
