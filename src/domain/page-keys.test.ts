import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keysOfPostSave, POST_EDITS, POST_PAGES, postKey, type PostPlacement } from './page-keys.ts';

describe('keysOfPostSave', () => {
  const at = new Date('2024-03-01T09:00:00Z');
  const live: PostPlacement = { live: true, publishedAt: at, termIds: [3, 1], sourceIds: [7] };

  it('an edit that leaves a live post in place touches only the pages that show it, and the sitemaps', () => {
    assert.deepEqual(keysOfPostSave(9, live, { ...live, termIds: [1, 3] }), [postKey(9), POST_EDITS]);
  });

  it('a post that comes, goes or moves touches every list', () => {
    const lists = [POST_PAGES, postKey(9), POST_EDITS];
    assert.deepEqual(keysOfPostSave(9, undefined, live), lists, 'published at once');
    assert.deepEqual(keysOfPostSave(9, { ...live, live: false }, live), lists, 'a draft published');
    assert.deepEqual(keysOfPostSave(9, live, { ...live, live: false }), lists, 'unpublished');
    assert.deepEqual(keysOfPostSave(9, live, { ...live, publishedAt: new Date('2024-03-02T09:00:00Z') }), lists, 'redated');
    assert.deepEqual(keysOfPostSave(9, live, { ...live, termIds: [1] }), lists, 'a category or tag removed');
    assert.deepEqual(keysOfPostSave(9, live, { ...live, sourceIds: [7, 8] }), lists, 'a source added');
  });

  it('a post readers never saw touches nothing (a draft saved, or scheduled for later)', () => {
    assert.deepEqual(keysOfPostSave(9, undefined, { ...live, live: false }), []);
    assert.deepEqual(keysOfPostSave(9, { ...live, live: false }, { ...live, live: false, publishedAt: null }), []);
  });
});
