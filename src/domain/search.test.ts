import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HIGHLIGHT_END, HIGHLIGHT_START, MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS, parseSearchQuery, splitHighlights } from './search.ts';

const termsOf = (input: string) => parseSearchQuery(input).terms.map((t) => t.words.join(' '));

describe('parseSearchQuery', () => {
  it('reads words, each a term that must match', () => {
    assert.deepEqual(termsOf('Lavrov  Blinken\tsecurity'), ['Lavrov', 'Blinken', 'security']);
  });

  it('reads "quoted phrases" as one term, straight or typographic quotes', () => {
    assert.deepEqual(termsOf('"indivisibility of security" Lavrov'), ['indivisibility of security', 'Lavrov']);
    assert.deepEqual(termsOf('NATO “security guarantees”'), ['NATO', 'security guarantees']);
    assert.deepEqual(parseSearchQuery('"indivisibility of security"').terms, [{ words: ['indivisibility', 'of', 'security'] }]);
  });

  it('runs an unclosed quote to the end', () => {
    assert.deepEqual(termsOf('Lavrov "security guarantees'), ['Lavrov', 'security guarantees']);
  });

  it('keeps a word joined by punctuation as a phrase of its parts', () => {
    assert.deepEqual(termsOf('Russia-NATO aif.ru'), ['Russia NATO', 'aif ru']);
  });

  it('strips every character the engines could read as syntax', () => {
    assert.deepEqual(termsOf('NEAR(Lavrov Blinken) -Putin title:Biden ^NATO secur* Lavrov OR Blinken'), [
      'NEAR Lavrov',
      'Blinken',
      'Putin',
      'title Biden',
      'NATO',
      'secur',
      'Lavrov',
      'OR',
    ]);
    assert.deepEqual(termsOf(`'; drop table posts; -- " * ( ) : ^ \\ %_ &| !<->`), ['drop', 'table', 'posts']);
  });

  it('finds no terms in an empty or punctuation-only search', () => {
    for (const input of ['', '   ', '"', '""', '* - ( ) :', '\u0000\u0001']) assert.deepEqual(parseSearchQuery(input).terms, [], JSON.stringify(input));
  });

  it('keeps letters of every script and folds nothing itself (the engines fold case and accents)', () => {
    assert.deepEqual(termsOf('Лавров Café 東京 Δελτίο'), ['Лавров', 'Café', '東京', 'Δελτίο']);
  });

  it('drops repeated terms, whatever their case', () => {
    assert.deepEqual(termsOf('NATO nato "NATO"'), ['NATO']);
  });

  it('limits the length and the number of terms', () => {
    const long = parseSearchQuery('word '.repeat(200));
    assert.ok(long.text.length <= MAX_SEARCH_LENGTH);
    const many = parseSearchQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '));
    assert.equal(many.terms.length, MAX_SEARCH_TERMS);
    assert.deepEqual(many.terms[0], { words: ['w0'] });
  });

  it('never cuts a character in two, and shows back no control or private-use characters', () => {
    const emoji = parseSearchQuery('😀'.repeat(300));
    assert.equal([...emoji.text].length, MAX_SEARCH_LENGTH);
    assert.ok(!/[\uD800-\uDFFF]/.test(emoji.text.replace(/\uD83D\uDE00/g, '')));
    const odd = parseSearchQuery(`a\u0000b ${HIGHLIGHT_START}c${HIGHLIGHT_END} \uD800d`);
    assert.equal(odd.text, 'a b c d');
    assert.deepEqual(termsOf(`a\u0000b ${HIGHLIGHT_START}c${HIGHLIGHT_END}`), ['a', 'b', 'c']);
  });

  it('shows back what was typed, spaces tidied', () => {
    assert.equal(parseSearchQuery('  "indivisibility  of security"  ').text, '"indivisibility of security"');
  });
});

describe('splitHighlights', () => {
  const S = HIGHLIGHT_START;
  const E = HIGHLIGHT_END;

  it('splits a marked snippet into plain and matched pieces', () => {
    assert.deepEqual(splitHighlights(`the principle of ${S}indivisibility${E} of ${S}security${E}.`), [
      { text: 'the principle of ', match: false },
      { text: 'indivisibility', match: true },
      { text: ' of ', match: false },
      { text: 'security', match: true },
      { text: '.', match: false },
    ]);
  });

  it('keeps markup as text for the view to escape', () => {
    assert.deepEqual(splitHighlights(`<${S}script${E}>`), [
      { text: '<', match: false },
      { text: 'script', match: true },
      { text: '>', match: false },
    ]);
  });

  it('copes with markers cut off at either end, and with no text', () => {
    assert.deepEqual(splitHighlights(`${S}cut`), [{ text: 'cut', match: true }]);
    assert.deepEqual(splitHighlights(`cut${E} off`), [
      { text: 'cut', match: false },
      { text: ' off', match: false },
    ]);
    assert.deepEqual(splitHighlights(''), []);
  });
});
