import type { PostSummary } from './posts.ts';

/** Longest search a reader may type (the search box's maxlength); the rest is ignored, not an error. */
export const MAX_SEARCH_LENGTH = 200;
/** Most words or phrases one search looks for: each is an index lookup, and no reader needs more. */
export const MAX_SEARCH_TERMS = 20;

/**
 * Where a match starts and ends in a highlighted snippet. Private-use code points, which the
 * index strips from every text it stores, so a marker in a snippet is always one the engine put
 * there, and the text between markers is still plain text to escape.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

/** One thing to find: a single word, or several words that must follow each other (a phrase). */
export interface SearchTerm {
  words: string[];
}

export interface SearchQuery {
  /** What the reader typed, tidied for showing back (control characters out, at most MAX_SEARCH_LENGTH). */
  text: string;
  /** Every term must match (AND). Empty when the reader typed nothing searchable. */
  terms: SearchTerm[];
}

/** Straight and typographic double quotes open and close phrases alike. */
const QUOTES = /["\u201C\u201D\u201E\u201F\u00AB\u00BB]/;
/** A word: letters, digits and combining marks. Everything else (FTS syntax, SQL, punctuation) separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Control characters, private-use code points (the markers above) and lone surrogates: never shown back. */
const CONTROL = /[\p{Cc}\p{Co}\p{Cs}]/gu;

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Reads a reader's search: words, and "quoted phrases", all of which must match. Nothing in it
 * is syntax for the database: only words survive, so `NEAR(`, `*`, `-`, `:` and quotes can
 * never make a query fail. A word joined by punctuation ("Russia-NATO", "aif.ru") is kept as
 * a phrase of its parts, as the index stores it.
 */
export function parseSearchQuery(input: string): SearchQuery {
  // Cut by code points, never inside a surrogate pair; the first slice only bounds the work.
  const cut = [...input.slice(0, MAX_SEARCH_LENGTH * 4).normalize('NFC')].slice(0, MAX_SEARCH_LENGTH).join('');
  const text = cut.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (words: string[]) => {
    if (words.length === 0 || terms.length >= MAX_SEARCH_TERMS) return;
    const key = words.join(' ').toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    terms.push({ words });
  };
  // Split on quotes: odd pieces were inside a pair (an unclosed quote runs to the end).
  text.split(QUOTES).forEach((piece, i) => {
    if (i % 2 === 1) add(wordsOf(piece));
    else for (const chunk of piece.split(' ')) add(wordsOf(chunk));
  });
  return { text, terms };
}

/** A snippet of text in pieces, the matched ones marked: views escape each piece and wrap the marked ones. */
export type HighlightedText = Array<{ text: string; match: boolean }>;

/**
 * Splits a snippet the engine marked with HIGHLIGHT_START/END into pieces. Unbalanced markers
 * (a snippet cut inside a match) end or start a match at the cut; empty pieces are dropped.
 */
export function splitHighlights(marked: string): HighlightedText {
  const pieces: HighlightedText = [];
  let match = false;
  let current = '';
  const flush = () => {
    if (current) pieces.push({ text: current, match });
    current = '';
  };
  for (const ch of marked) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      flush();
      match = ch === HIGHLIGHT_START;
    } else current += ch;
  }
  flush();
  return pieces;
}

/** A search stopped at the database's time limit for searches; the reader is asked to try other words. */
export class SearchTimedOutError extends Error {
  constructor() {
    super('The search took too long');
    this.name = 'SearchTimedOutError';
  }
}

export interface SearchHit {
  post: PostSummary;
  /** A passage of the post around what matched. */
  snippet: HighlightedText;
}

/** A published page that matches a search: shown in a short group above the posts found. */
export interface PageSearchHit {
  title: string;
  /** Where readers find it ("/about/team/"). */
  href: string;
  /** A passage of the page around what matched, or its opening when only the title did. */
  snippet: HighlightedText;
}

/** Pages shown above the posts found, on the first page of results only. */
export const PAGES_PER_SEARCH = 3;
