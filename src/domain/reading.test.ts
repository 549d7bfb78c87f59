import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countWords, readingMinutes } from './reading.ts';

describe('reading time', () => {
  it('counts words in any script, keeping contractions and hyphenated words whole', () => {
    assert.equal(countWords('Lavrov’s call — a “pragmatic” dialogue, 2022.'), 6);
    assert.equal(countWords('Лавров указал Блинкену на недопустимость'), 5);
    assert.equal(countWords('well-known co-op'), 2);
    assert.equal(countWords('  \n '), 0);
  });

  it('rounds to whole minutes and never says zero', () => {
    assert.equal(readingMinutes(0), 1);
    assert.equal(readingMinutes(100), 1);
    assert.equal(readingMinutes(460), 2);
    assert.equal(readingMinutes(1000), 4);
  });
});
