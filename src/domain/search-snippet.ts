import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchTerm } from './search.ts';
import { searchKeyOf, searchWordsOf } from './search-language.ts';

/**
 * Characters of a text a snippet is made from: about 3,000 words, a long feature. The full-text
 * engines' own passage makers read the whole text, and grow with the square of the matches in
 * it (FTS5's snippet() took 4 s on a post repeating one word 30,000 times); a match further in
 * still finds the post, and its snippet shows the text's opening.
 */
export const SNIPPET_SOURCE_CHARS = 20_000;
/** Words in a snippet: about two lines of a results page. */
export const SNIPPET_WORDS = 32;

const MARKERS = /[\uE000\uE001]/g;

/** A word reduced as the index reduces it before comparing, in the site's language: lower case, stemmed, accents folded ("Résumés" → "resum"). */
function keyOf(word: string, cache: Map<string, string>, language: string): string {
  let key = cache.get(word);
  if (key === undefined) {
    key = searchKeyOf(word, language);
    cache.set(word, key);
  }
  return key;
}

interface Span {
  /** Index of the first and last word of a match. */
  first: number;
  last: number;
  term: number;
}

/** Where each term matches, in word order: a term matches where all its words follow each other. Linear in the words. */
function matchesIn(keys: readonly string[], terms: readonly SearchTerm[], cache: Map<string, string>, language: string): Span[] {
  const byFirstWord = new Map<string, Array<{ term: number; keys: string[] }>>();
  terms.forEach((t, term) => {
    // Split as the text is: a CJK word of a query is a phrase of its characters.
    const termKeys = searchWordsOf(t.words.join(' ').normalize('NFC')).map((w) => keyOf(w.word, cache, language));
    if (termKeys.length === 0) return;
    const list = byFirstWord.get(termKeys[0]!) ?? [];
    list.push({ term, keys: termKeys });
    byFirstWord.set(termKeys[0]!, list);
  });
  const spans: Span[] = [];
  keys.forEach((key, i) => {
    for (const candidate of byFirstWord.get(key) ?? []) {
      if (candidate.keys.every((k, j) => keys[i + j] === k)) spans.push({ first: i, last: i + candidate.keys.length - 1, term: candidate.term });
    }
  });
  return spans;
}

/**
 * The window of `size` words holding the most different terms, then the most matches (as
 * FTS5's snippet() scores them), found in one pass over the matches. Returns its first word.
 */
function bestWindow(spans: readonly Span[], wordCount: number, size: number): number {
  if (spans.length === 0) return 0;
  const seen = new Map<number, number>();
  let best = { score: -1, first: 0, last: 0 };
  let from = 0;
  for (let to = 0; to < spans.length; to++) {
    seen.set(spans[to]!.term, (seen.get(spans[to]!.term) ?? 0) + 1);
    while (spans[to]!.last - spans[from]!.first >= size) {
      const term = spans[from]!.term;
      const left = seen.get(term)! - 1;
      if (left === 0) seen.delete(term);
      else seen.set(term, left);
      from += 1;
    }
    const score = seen.size * 1000 + (to - from + 1);
    if (score > best.score) best = { score, first: spans[from]!.first, last: spans[to]!.last };
  }
  // The matches in the middle of the window, the words around them on both sides.
  const start = best.first - Math.floor((size - (best.last - best.first + 1)) / 2);
  return Math.max(0, Math.min(start, wordCount - size));
}

/**
 * A passage of `text` of about SNIPPET_WORDS words around the best matches of the terms, each
 * match between HIGHLIGHT_START and HIGHLIGHT_END, "…" where the text goes on; the text's
 * opening when nothing in it matches. Reads at most SNIPPET_SOURCE_CHARS characters, and its
 * work grows with those alone, whatever the text repeats.
 */
export function searchSnippet(text: string, terms: readonly SearchTerm[], language: string): { snippet: string; matched: boolean } {
  const cut = text.length > SNIPPET_SOURCE_CHARS;
  const source = text.slice(0, SNIPPET_SOURCE_CHARS).replace(MARKERS, '').normalize('NFC');
  const words = searchWordsOf(source).map((w) => ({ index: w.index, 0: w.word }));
  // A word the cut went through is left out: it may be the start of another word.
  if (cut && words.length > 0 && words[words.length - 1]!.index + words[words.length - 1]![0].length === source.length) words.pop();
  if (words.length === 0) return { snippet: '', matched: false };
  const cache = new Map<string, string>();
  const spans = matchesIn(
    words.map((w) => keyOf(w[0], cache, language)),
    terms,
    cache,
    language,
  );
  const first = bestWindow(spans, words.length, SNIPPET_WORDS);
  const last = Math.min(words.length, first + SNIPPET_WORDS) - 1;

  // Each match marked whole (a phrase with the words between), overlapping matches as one.
  const ranges: Array<{ first: number; last: number }> = [];
  for (const span of spans) {
    if (span.last < first || span.first > last) continue;
    const range = { first: Math.max(span.first, first), last: Math.min(span.last, last) };
    const previous = ranges[ranges.length - 1];
    if (previous && range.first <= previous.last) previous.last = Math.max(previous.last, range.last);
    else ranges.push(range);
  }
  let snippet = first > 0 ? '…' : '';
  let at = first > 0 ? words[first]!.index : 0;
  for (const range of ranges) {
    const start = words[range.first]!.index;
    const end = words[range.last]!.index + words[range.last]![0].length;
    snippet += `${source.slice(at, start)}${HIGHLIGHT_START}${source.slice(start, end)}${HIGHLIGHT_END}`;
    at = end;
  }
  const endOfLast = words[last]!.index + words[last]![0].length;
  const goesOn = last < words.length - 1 || cut;
  snippet += goesOn ? `${source.slice(at, endOfLast)}…` : source.slice(at);
  return { snippet: snippet.trim(), matched: ranges.length > 0 };
}
