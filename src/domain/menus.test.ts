import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMenuUrl, moveInOrder } from './menus.ts';

describe('menus', () => {
  it('lead to http(s) addresses and paths of this site, nothing else', () => {
    for (const ok of ['https://example.org/ethics', 'http://example.org', '/about/', '/feed/', '/']) assert.equal(isMenuUrl(ok), true, ok);
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example/',
      '/\\evil.example',
      'about/',
      'mailto:a@b.c',
      '',
      'https://',
      '/a b/',
      'ftp://x.org/',
    ]) {
      assert.equal(isMenuUrl(bad), false, bad);
    }
  });

  it('move an item one place, and not past either end', () => {
    assert.deepEqual(moveInOrder([1, 2, 3], 3, 'up'), [1, 3, 2]);
    assert.deepEqual(moveInOrder([1, 2, 3], 1, 'down'), [2, 1, 3]);
    assert.deepEqual(moveInOrder([1, 2, 3], 1, 'up'), [1, 2, 3]);
    assert.deepEqual(moveInOrder([1, 2, 3], 3, 'down'), [1, 2, 3]);
    assert.deepEqual(moveInOrder([1, 2, 3], 9, 'up'), [1, 2, 3]);
  });
});
