import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectPermalinkStructure,
  legacyAddressOfLink,
  legacyLocation,
  legacyRequestOf,
  parsePermalinkStructure,
  pathOfStructure,
} from './legacy-addresses.ts';

const request = (url: string) => {
  const u = new URL(url, 'https://site.example');
  return legacyRequestOf(u.pathname, u.searchParams);
};

describe('old WordPress addresses', () => {
  it('keys a link by its decoded path, or by the query that named the post', () => {
    assert.equal(legacyAddressOfLink('https://old.example/2019/03/hello/'), '/2019/03/hello');
    assert.equal(legacyAddressOfLink('https://old.example/2019/%d0%bf%d1%80%d0%b8/'), '/2019/при');
    assert.equal(legacyAddressOfLink('https://old.example/?p=12'), '?p=12');
    assert.equal(legacyAddressOfLink('https://old.example/'), undefined);
    assert.equal(legacyAddressOfLink('not a link'), undefined);
  });

  it('reads requests: query ids first, feed addresses fixed or of what they follow', () => {
    assert.deepEqual(request('/?p=12'), { kind: 'lookup', address: '?p=12', feed: null });
    assert.deepEqual(request('/?cat=3&feed=rss2'), { kind: 'lookup', address: '?cat=3', feed: 'rss' });
    assert.deepEqual(request('/?feed=atom'), { kind: 'fixed', location: '/feed/atom/' });
    assert.deepEqual(request('/feed/rss2/'), { kind: 'fixed', location: '/feed/' });
    assert.deepEqual(request('/comments/feed/rss2/'), { kind: 'fixed', location: '/comments/feed/' });
    assert.deepEqual(request('/wp-rss2.php'), { kind: 'fixed', location: '/feed/' });
    assert.deepEqual(request('/category/a/b/feed/'), { kind: 'lookup', address: '/category/a/b', feed: 'rss' });
    assert.deepEqual(request('/archives/123'), { kind: 'lookup', address: '/archives/123', feed: null });
    assert.deepEqual(request('/'), { kind: 'none' });
    assert.deepEqual(request('/%E0%A4%A'), { kind: 'none' }, 'a broken escape is no address');
  });

  it('leads only to paths of this site', () => {
    assert.equal(legacyLocation('/category/world/', 'rss'), '/category/world/feed/');
    assert.throws(() => legacyLocation('//evil.example/', null));
    assert.throws(() => legacyLocation('https://evil.example/', null));
  });

  it('knows WordPress structures by name or by tags, and detects the one links follow', () => {
    assert.equal(parsePermalinkStructure('post-name'), '/%postname%/');
    assert.equal(parsePermalinkStructure('/%year%/%postname%.html'), '/%year%/%postname%.html');
    assert.equal(parsePermalinkStructure('/%year%/'), undefined, 'a structure must name the post');
    assert.equal(parsePermalinkStructure('/%evil%/%postname%/'), undefined);
    const values = { postId: '7', slug: 'hello', localDate: '2019-03-04 01:02:03', category: 'news', author: 'ann' };
    assert.equal(pathOfStructure('/%year%/%monthnum%/%postname%/', values), '/2019/03/hello');
    assert.equal(pathOfStructure('/%category%/%post_id%/', values), '/news/7');
    assert.equal(detectPermalinkStructure([{ link: 'https://o.example/2019/03/hello/', ...values }]), 'month-and-name');
    assert.equal(detectPermalinkStructure([{ link: 'https://o.example/archives/7', ...values }]), 'numeric');
    assert.equal(detectPermalinkStructure([{ link: 'https://o.example/?p=7', ...values }]), 'plain');
  });
});
