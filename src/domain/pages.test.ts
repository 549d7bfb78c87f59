import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVERY_PAGE } from './page-keys.ts';
import { childPath, isReservedPageSlug, keysOfPageSave, PAGE_LISTS, pageHref, pageKey } from './pages.ts';
import { MAX_SLUG_LENGTH, slugCandidates } from './slugs.ts';

describe('pages', () => {
  it('keep the first segments the site answers itself, and years, for the site', () => {
    for (const slug of ['category', 'tag', 'author', 'source', 'search', 'feed', 'admin', 'wp-json', 'archives', 'page', '2022'])
      assert.ok(isReservedPageSlug(slug), slug);
    for (const slug of ['about', 'corrections-policy', '20221', 'feeds', 'о-нас']) assert.ok(!isReservedPageSlug(slug), slug);
  });

  it('are at their path, each segment percent-encoded', () => {
    assert.equal(childPath(null, 'about'), 'about');
    assert.equal(childPath('about', 'team'), 'about/team');
    assert.equal(pageHref('about/team'), '/about/team/');
    assert.equal(pageHref('о-нас'), '/%D0%BE-%D0%BD%D0%B0%D1%81/');
  });

  it('drop only themselves when edited in place, every page when they come, go or move', () => {
    const live = { live: true, path: 'about' };
    assert.deepEqual(keysOfPageSave(1, live, live), [pageKey(1), PAGE_LISTS]);
    assert.deepEqual(keysOfPageSave(1, live, { live: true, path: 'about-us' }), [EVERY_PAGE]);
    assert.deepEqual(keysOfPageSave(1, live, { live: false, path: 'about' }), [EVERY_PAGE]);
    assert.deepEqual(keysOfPageSave(1, undefined, live), [EVERY_PAGE]);
    assert.deepEqual(keysOfPageSave(1, { live: false, path: 'about' }, { live: false, path: 'x' }), []);
  });

  it('number duplicate slugs as WordPress does, within the longest slug kept', () => {
    const candidates = slugCandidates('about');
    assert.deepEqual([candidates.next().value, candidates.next().value, candidates.next().value], ['about', 'about-2', 'about-3']);
    const long = slugCandidates(`${'a'.repeat(MAX_SLUG_LENGTH - 2)}-b`);
    long.next();
    const second = long.next().value as string;
    assert.equal(second.length <= MAX_SLUG_LENGTH, true);
    assert.ok(second.endsWith('-2') && !second.includes('--'));
  });
});
