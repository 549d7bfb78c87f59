import snowball from 'snowball-stemmers';

/**
 * What search does for the site's language (the "language" setting, a catalogue's code), by
 * BCP 47 primary code, so that a catalogue added later is searched well at once: the Snowball
 * stemmer SQLite's index runs in JavaScript (snowball-stemmers), and the PostgreSQL text search
 * configuration (whose stemmers are Snowball's too). A language without one, or a code not
 * listed here, is still searched, word for word, accents folded ("simple" on PostgreSQL).
 */
export const SEARCH_LANGUAGES: Readonly<Record<string, { name: string; snowball?: string; postgres: string }>> = {
  ar: { name: 'Arabic', snowball: 'arabic', postgres: 'arabic' },
  bg: { name: 'Bulgarian', postgres: 'simple' },
  ca: { name: 'Catalan', snowball: 'catalan', postgres: 'catalan' },
  cs: { name: 'Czech', snowball: 'czech', postgres: 'simple' },
  da: { name: 'Danish', snowball: 'danish', postgres: 'danish' },
  de: { name: 'German', snowball: 'german', postgres: 'german' },
  el: { name: 'Greek', postgres: 'greek' },
  en: { name: 'English', snowball: 'english', postgres: 'english' },
  es: { name: 'Spanish', snowball: 'spanish', postgres: 'spanish' },
  eu: { name: 'Basque', snowball: 'basque', postgres: 'basque' },
  fa: { name: 'Persian', postgres: 'simple' },
  fi: { name: 'Finnish', snowball: 'finnish', postgres: 'finnish' },
  fr: { name: 'French', snowball: 'french', postgres: 'french' },
  ga: { name: 'Irish', snowball: 'irish', postgres: 'irish' },
  he: { name: 'Hebrew', postgres: 'simple' },
  hi: { name: 'Hindi', postgres: 'hindi' },
  hu: { name: 'Hungarian', snowball: 'hungarian', postgres: 'hungarian' },
  hy: { name: 'Armenian', snowball: 'armenian', postgres: 'armenian' },
  id: { name: 'Indonesian', postgres: 'indonesian' },
  it: { name: 'Italian', snowball: 'italian', postgres: 'italian' },
  ja: { name: 'Japanese', postgres: 'simple' },
  ka: { name: 'Georgian', postgres: 'simple' },
  kk: { name: 'Kazakh', postgres: 'simple' },
  ko: { name: 'Korean', postgres: 'simple' },
  lt: { name: 'Lithuanian', postgres: 'lithuanian' },
  lv: { name: 'Latvian', postgres: 'simple' },
  nb: { name: 'Norwegian Bokmål', snowball: 'norwegian', postgres: 'norwegian' },
  ne: { name: 'Nepali', postgres: 'nepali' },
  nl: { name: 'Dutch', snowball: 'dutch', postgres: 'dutch' },
  nn: { name: 'Norwegian Nynorsk', snowball: 'norwegian', postgres: 'norwegian' },
  no: { name: 'Norwegian', snowball: 'norwegian', postgres: 'norwegian' },
  pl: { name: 'Polish', postgres: 'simple' },
  pt: { name: 'Portuguese', snowball: 'portuguese', postgres: 'portuguese' },
  ro: { name: 'Romanian', snowball: 'romanian', postgres: 'romanian' },
  ru: { name: 'Russian', snowball: 'russian', postgres: 'russian' },
  sk: { name: 'Slovak', postgres: 'simple' },
  sl: { name: 'Slovenian', snowball: 'slovene', postgres: 'simple' },
  sr: { name: 'Serbian', postgres: 'serbian' },
  sv: { name: 'Swedish', snowball: 'swedish', postgres: 'swedish' },
  ta: { name: 'Tamil', snowball: 'tamil', postgres: 'tamil' },
  th: { name: 'Thai', postgres: 'simple' },
  tr: { name: 'Turkish', snowball: 'turkish', postgres: 'turkish' },
  uk: { name: 'Ukrainian', postgres: 'simple' },
  vi: { name: 'Vietnamese', postgres: 'simple' },
  yi: { name: 'Yiddish', postgres: 'yiddish' },
  zh: { name: 'Chinese', postgres: 'simple' },
};

/** The language a site has until its operator picks one. */
export const DEFAULT_LANGUAGE = 'en';

/**
 * Chinese, Japanese and Korean characters: their writing puts no spaces between words, so each
 * character is indexed as a word of its own and a search for several is a phrase of them, which
 * finds them side by side: a substring search of any length, even the two characters of most
 * Chinese words (a trigram index finds nothing shorter than three).
 */
const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}';
/** A word as search sees it: one CJK character, or a run of other letters, digits and combining marks. */
const SEARCH_WORD = new RegExp(`[${CJK}]\\p{M}*|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');
const MARKS = /\p{M}/gu;
/** Scripts whose words are stemmed before their accents are folded: folding "й" to "и" first would defeat the Russian stemmer. */
const STEM_BEFORE_FOLDING = /[\p{sc=Cyrillic}\p{sc=Greek}\p{sc=Arabic}\p{sc=Armenian}\p{sc=Hebrew}]/u;
/** Scripts whose combining marks are vowels, not accents: they are kept (Hindi, Tamil, Thai…). */
const MARKS_ARE_LETTERS =
  /[\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Gujarati}\p{sc=Gurmukhi}\p{sc=Oriya}\p{sc=Sinhala}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}]/u;

/** The words of a text as search splits them, each with where it starts. */
export function searchWordsOf(text: string): Array<{ word: string; index: number }> {
  return [...text.matchAll(SEARCH_WORD)].map((m) => ({ word: m[0], index: m.index }));
}

type Stem = (word: string) => string;
const STEMMERS = new Map<string, Stem>();

function stemmerFor(language: string): Stem {
  let stem = STEMMERS.get(language);
  if (!stem) {
    const algorithm = SEARCH_LANGUAGES[language]?.snowball;
    if (algorithm) {
      const stemmer = snowball.newStemmer(algorithm);
      stem = (word) => stemmer.stem(word);
    } else stem = (word) => word;
    STEMMERS.set(language, stem);
  }
  return stem;
}

function fold(word: string): string {
  if (MARKS_ARE_LETTERS.test(word)) return word;
  return word.normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/**
 * Keys already made, by language and word. Every search makes the snippets of its results by
 * reducing each word of their texts, the same words of the same posts search after search, and
 * the JavaScript stemmer costs microseconds a word (2.3 ms for the demo's two posts); a word's key
 * never changes, so it is made once. Bounded: emptied when full (about 5 MB at most).
 */
const MAX_REMEMBERED_KEYS = 50_000;
const REMEMBERED_KEYS = new Map<string, Map<string, string>>();

/**
 * A word reduced as search compares it in `language`: lower case, its ending stemmed, its
 * accents folded ("переговорах" and "переговоры" → "переговор", "Résumés" → "resum"). The
 * SQLite index stores these keys, queries are reduced the same way, and snippets find the
 * words to highlight with them.
 */
export function searchKeyOf(word: string, language: string): string {
  let keys = REMEMBERED_KEYS.get(language);
  if (!keys) {
    keys = new Map();
    REMEMBERED_KEYS.set(language, keys);
  }
  let key = keys.get(word);
  if (key === undefined) {
    const lower = word.normalize('NFC').toLowerCase();
    const stem = stemmerFor(language);
    key = STEM_BEFORE_FOLDING.test(lower) ? fold(stem(lower)) : fold(stem(fold(lower)));
    if (keys.size >= MAX_REMEMBERED_KEYS) keys.clear();
    keys.set(word, key);
  }
  return key;
}

/** Longest text reduced at once: past it the rest is not indexed (PostgreSQL keeps the same bound, MAX_INDEXED_BODY). */
const MAX_REDUCED_TEXT = 200_000;

/** A text as its keys, separated by spaces: what SQLite's index stores of a post in `language`. */
export function searchKeysOfText(text: string, language: string): string {
  const keys = new Map<string, string>();
  const out: string[] = [];
  for (const m of text.slice(0, MAX_REDUCED_TEXT).normalize('NFC').matchAll(SEARCH_WORD)) {
    let key = keys.get(m[0]);
    if (key === undefined) {
      key = searchKeyOf(m[0], language);
      keys.set(m[0], key);
    }
    out.push(key);
  }
  return out.join(' ');
}
