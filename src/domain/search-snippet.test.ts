import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSearchQuery, splitHighlights } from './search.ts';
import { searchSnippet, SNIPPET_SOURCE_CHARS, SNIPPET_WORDS } from './search-snippet.ts';

const marks = (snippet: string) =>
  splitHighlights(snippet)
    .filter((p) => p.match)
    .map((p) => p.text);
const wordsIn = (snippet: string) => snippet.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

describe('search snippets', () => {
  it('shows the words around the best match, marked, with "…" where the text goes on', () => {
    const text = `${'Filler words about nothing much. '.repeat(40)}The NATO ministers met in Brussels. ${'More filler after it. '.repeat(40)}`;
    const { snippet, matched } = searchSnippet(text, parseSearchQuery('nato brussels').terms, 'en');
    assert.ok(matched);
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…'), snippet);
    assert.deepEqual(marks(snippet), ['NATO', 'Brussels']);
    assert.equal(wordsIn(snippet), SNIPPET_WORDS);
  });

  it('matches as the index does: stems, folded accents, phrases marked whole', () => {
    assert.deepEqual(marks(searchSnippet('Rangers counted quokkas.', parseSearchQuery('count quokka').terms, 'en').snippet), ['counted', 'quokkas']);
    assert.deepEqual(marks(searchSnippet('Send your résumé today', parseSearchQuery('resume').terms, 'en').snippet), ['résumé']);
    const phrase = searchSnippet('security and the indivisibility of security', parseSearchQuery('"indivisibility of security"').terms, 'en').snippet;
    assert.deepEqual(marks(phrase), ['indivisibility of security']);
  });

  it('keeps a short text whole, its own markers out', () => {
    const { snippet } = searchSnippet('The Zorblax \uE000spokesman\uE001 <b>left</b>.', parseSearchQuery('zorblax').terms, 'en');
    assert.equal(snippet, 'The \uE000Zorblax\uE001 spokesman <b>left</b>.');
  });

  it('a text repeating one word 30,000 times gives a snippet of SNIPPET_WORDS words', () => {
    const { snippet, matched } = searchSnippet('a '.repeat(30_000), parseSearchQuery('a "a a" "a a a"').terms, 'en');
    assert.ok(matched);
    assert.equal(wordsIn(snippet), SNIPPET_WORDS);
  });

  it('reads only the first SNIPPET_SOURCE_CHARS characters: a match past them shows the opening', () => {
    const text = `${'word '.repeat(SNIPPET_SOURCE_CHARS / 5)}zebra`;
    const { snippet, matched } = searchSnippet(text, parseSearchQuery('zebra').terms, 'en');
    assert.equal(matched, false);
    assert.ok(snippet.startsWith('word word') && snippet.endsWith('…'), snippet);
    // The cut never leaves half a word: "ze" of "zebra" is not shown as a word.
    assert.ok(!searchSnippet(`${'x'.repeat(SNIPPET_SOURCE_CHARS - 3)} zebra`, parseSearchQuery('ze').terms, 'en').matched);
  });

  it('an empty text gives an empty snippet', () => {
    assert.deepEqual(searchSnippet('', parseSearchQuery('a').terms, 'en'), { snippet: '', matched: false });
  });
});
