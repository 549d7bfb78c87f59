import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../../../test/support/process.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { parsePermalinkStructure } from '../../domain/legacy-addresses.ts';
import { importWordpress } from '../../services/wordpress-import.ts';

async function* whole(text: string): AsyncGenerator<string> {
  yield text;
}

/** Every address the fixture's old site had for something Wirepress shows, and where it lives now. */
const OLD_ADDRESSES: ReadonlyArray<[string, string]> = [
  ['/?p=10', '/2022/02/15/lavrov-meets-blinken/'],
  ['/?attachment_id=11', '/2022/02/15/lavrov-meets-blinken/'],
  ['/2022/02/15/lavrov-meets-blinken/geneva/', '/2022/02/15/lavrov-meets-blinken/'],
  ['/?p=12', `/2022/02/15/${encodeURIComponent('заявление-мид')}/`],
  ['/2022/02/16/%d0%b7%d0%b0%d1%8f%d0%b2%d0%bb%d0%b5%d0%bd%d0%b8%d0%b5-%d0%bc%d0%b8%d0%b4/', `/2022/02/15/${encodeURIComponent('заявление-мид')}/`],
  ['/?p=17', '/2022/03/04/lavrov-meets-blinken-2/'],
  ['/2022/03/04/lavrov-meets-blinken/', '/2022/03/04/lavrov-meets-blinken-2/'],
  ['/?cat=3', '/category/news/'],
  ['/?cat=4', '/category/world/'],
  ['/category/news/world/', '/category/world/'],
  ['/?tag=diplomacy', '/tag/diplomacy/'],
  ['/?tag=%D0%BC%D0%B8%D0%B4', `/tag/${encodeURIComponent('мид')}/`],
  ['/?author=1', '/author/editor/'],
  ['/?author=2', '/author/ivan/'],
  // Old feed addresses.
  ['/feed/rss2/', '/feed/'],
  ['/?feed=rss2', '/feed/'],
  ['/?feed=atom', '/feed/atom/'],
  ['/?feed=comments-rss2', '/comments/feed/'],
  ['/wp-atom.php', '/feed/atom/'],
  ['/?p=10&feed=rss2', '/2022/02/15/lavrov-meets-blinken/feed/'],
  ['/?cat=4&feed=rss2', '/category/world/feed/'],
  ['/category/news/world/feed/', '/category/world/feed/'],
  ['/2022/03/04/lavrov-meets-blinken/feed/', '/2022/03/04/lavrov-meets-blinken-2/feed/'],
];

describe('old WordPress addresses after an import', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seed: false });
    const text = readFileSync(join(ROOT, 'test/fixtures/wordpress/wxr-1.2.xml'), 'utf8');
    // The links in the export say day-and-name; the operator says the site once used post names too.
    const summary = await importWordpress(server.database, whole(text), { now: () => new Date(), permalinkStructure: parsePermalinkStructure('post-name') });
    assert.equal(summary.permalinks, 'day-and-name, and /%postname%/ as given');
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

  it('answers every old address with a 301 to the address on this site, which answers 200', async () => {
    for (const [old, now] of OLD_ADDRESSES) {
      const res = await get(old);
      assert.equal(res.status, 301, old);
      const location = res.headers.get('location') ?? '';
      assert.equal(location, now, old);
      const followed = await get(location);
      assert.equal(followed.status, 200, `${old} → ${location}`);
      await followed.arrayBuffer();
    }
  });

  it('keeps the structure the operator named: /<post-name>/ leads to the post', async () => {
    const res = await get('/%d0%b7%d0%b0%d1%8f%d0%b2%d0%bb%d0%b5%d0%bd%d0%b8%d0%b5-%d0%bc%d0%b8%d0%b4/');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `/2022/02/15/${encodeURIComponent('заявление-мид')}/`);
  });

  it('says not found for addresses of drafts, scheduled and private posts, unknown ids and hostile queries, never leading off the site', async () => {
    for (const path of [
      '/?p=13',
      '/?p=14',
      '/?p=16',
      '/2022/03/03/staff-only/',
      '/?p=999',
      '/?cat=999',
      '/?p=%00',
      '/?p=//evil.example',
      '/nothing/here/',
      '//evil.example/',
    ]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      await res.arrayBuffer();
    }
  });

  it('leaves the front page and its search alone', async () => {
    assert.equal((await get('/')).status, 200);
    assert.equal((await get('/?s=geneva')).status, 200);
  });
});
