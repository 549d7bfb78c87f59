import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { parse as parseHtml } from 'node-html-parser';
import { aComment, aPost } from '../../../test/support/factories.ts';
import type { AtomDoc, JsonFeed, RssDoc } from '../../../test/support/feed-shapes.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { parseXml, textOfXml } from '../../../test/support/xml.ts';
import { POST_PAGES } from '../../domain/page-keys.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { moderateComment } from '../../services/comments.ts';
import { appendChange } from '../../storage/changes.ts';

const SITE = 'https://news.example.org';
const HOSTILE = 'Breaking <script>alert(1)</script> & “quotes” ]]> end';

describe('feeds', () => {
  let server: TestServer;
  let story: { id: number; slug: string; publishedAt: Date };
  let hostile: { id: number; slug: string; publishedAt: Date };
  before(async () => {
    server = await startTestServer({ siteUrl: SITE });
    const db = server.database.db;
    // Published now, after the seeded posts, so these two head the feeds (a later date would be scheduled, not out).
    const at = Date.now();
    story = await aPost(db, {
      title: 'Talks resume in Geneva',
      body: 'Delegations met **again** today.',
      publishedAt: new Date(at),
      author: 'Jane Doe',
      sources: [
        { slug: 'geneva-wire', name: 'Geneva Wire', role: 'original' },
        { slug: 'rt', name: 'RT', role: 'cited' },
      ],
      terms: [
        { kind: 'category', slug: 'europe', name: 'Europe' },
        { kind: 'tag', slug: 'talks', name: 'Talks' },
      ],
    });
    hostile = await aPost(db, { title: HOSTILE, publishedAt: new Date(at - 1), terms: [{ kind: 'tag', slug: 'other', name: 'Other' }] });
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  const rss = async (path: string) => {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
    return parseXml<RssDoc>(await res.text());
  };
  const itemTitles = (doc: RssDoc) => (doc.rss.channel.item ?? []).map((i) => i.title);

  it('RSS 2.0 at /feed/: newest posts with full content, the credit line, author, categories, permalink guid and dates', async () => {
    const doc = await rss('/feed/');
    const channel = doc.rss.channel;
    assert.equal(doc.rss['@version'], '2.0');
    assert.equal(channel.title, 'Wirepress');
    assert.deepEqual(channel.link, [`${SITE}/`]);
    assert.equal(channel['atom:link']['@href'], `${SITE}/feed/`);
    assert.equal(channel['atom:link']['@rel'], 'self');
    const item = channel.item?.[0];
    assert.ok(item);
    const url = `${SITE}${permalinkOf(story)}`;
    assert.equal(item.title, 'Talks resume in Geneva');
    assert.deepEqual(item.link, [url]);
    assert.equal(textOfXml(item.guid), url);
    assert.equal(item['dc:creator'], 'Jane Doe');
    assert.deepEqual(item.category, ['Europe', 'Talks']);
    // RFC 822 dates carry whole seconds.
    assert.equal(new Date(item.pubDate).toISOString(), new Date(Math.floor(story.publishedAt.getTime() / 1000) * 1000).toISOString());
    assert.ok(!Number.isNaN(Date.parse(item['dcterms:modified'])));
    const content = parseHtml(item['content:encoded']);
    assert.equal(content.querySelector('p strong')?.textContent, 'again', 'the whole rendered body');
    assert.equal(content.querySelector('.credit-line')?.textContent, 'Source: Geneva Wire');
    assert.equal(
      content.querySelector('.credit-line a')?.getAttribute('href'),
      `${SITE}/source/geneva-wire/`,
      'an outlet without a home page links its archive',
    );
    assert.equal(content.querySelector('.sources')?.textContent, 'Also cited in this post: RT');
    assert.equal(content.querySelector('.sources a')?.getAttribute('href'), 'https://russian.rt.com/');
    assert.equal(itemTitles(doc)[1], HOSTILE, 'a hostile title is escaped and comes back whole');
  });

  it('leaves a scheduled post out of the feeds until its time', async () => {
    await aPost(server.database.db, { title: 'Embargoed until next week', publishedAt: new Date(Date.now() + 7 * 24 * 3600_000) });
    await appendChange(server.database.db, [POST_PAGES], new Date());
    server.database.db.noteCommittedChange();
    assert.ok(!itemTitles(await rss('/feed/')).includes('Embargoed until next week'));
    const json = (await (await get('/feed/json/')).json()) as JsonFeed;
    assert.ok(!json.items.some((i) => i.title === 'Embargoed until next week'));
  });

  it('the demo article’s credit line links the outlet itself', async () => {
    const doc = await rss('/source/iz/feed/');
    const demo = doc.rss.channel.item?.find((i) => textOfXml(i.guid) === `${SITE}${DEMO_ARTICLE_PATH}`);
    assert.ok(demo);
    const credit = parseHtml(demo['content:encoded']).querySelector('.credit-line');
    assert.equal(credit?.textContent, 'Source: IZ');
    assert.equal(credit?.querySelector('a')?.getAttribute('href'), 'https://iz.ru/');
  });

  it('never writes a hostile title as markup (JSON Feed carries it as a JSON string, checked below)', async () => {
    for (const path of ['/feed/', '/feed/atom/']) {
      const body = await (await get(path)).text();
      assert.ok(!body.includes('<script>alert(1)'), path);
    }
  });

  it('Atom 1.0 at /feed/atom/', async () => {
    const res = await get('/feed/atom/');
    assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    const doc = parseXml<AtomDoc>(await res.text());
    assert.equal(doc.feed['@xmlns'], 'http://www.w3.org/2005/Atom');
    assert.equal(doc.feed.id, `${SITE}/feed/atom/`);
    assert.deepEqual(
      doc.feed.link.map((l) => [l['@rel'], l['@href']]),
      [
        ['alternate', `${SITE}/`],
        ['self', `${SITE}/feed/atom/`],
      ],
    );
    const [first, second] = doc.feed.entry ?? [];
    assert.equal(textOfXml(first?.title), 'Talks resume in Geneva');
    assert.equal(first?.id, `${SITE}${permalinkOf(story)}`);
    assert.equal(first?.link[0]?.['@href'], `${SITE}${permalinkOf(story)}`);
    assert.equal(first?.published, story.publishedAt.toISOString());
    assert.ok(Date.parse(first?.updated ?? '') >= story.publishedAt.getTime());
    assert.equal(first?.author.name, 'Jane Doe');
    assert.deepEqual(
      first?.category?.map((c) => c['@term']),
      ['Europe', 'Talks'],
    );
    assert.equal(typeof first?.content === 'object' && first.content['@type'], 'html');
    assert.match(textOfXml(first?.content) ?? '', /<p class="credit-line">Source: <a href="[^"]+">Geneva Wire<\/a><\/p>/);
    assert.equal(textOfXml(second?.title), HOSTILE);
    assert.ok(Date.parse(doc.feed.updated) >= story.publishedAt.getTime());
  });

  it('JSON Feed 1.1 at /feed/json/, with the fields the specification requires', async () => {
    const res = await get('/feed/json/');
    assert.equal(res.headers.get('content-type'), 'application/feed+json; charset=utf-8');
    const feed = JSON.parse(await res.text()) as JsonFeed;
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.title, 'Wirepress');
    assert.equal(feed.home_page_url, `${SITE}/`);
    assert.equal(feed.feed_url, `${SITE}/feed/json/`);
    assert.ok(Array.isArray(feed.items));
    for (const item of feed.items) {
      assert.equal(typeof item.id, 'string');
      assert.ok(item.content_html.length > 0);
      assert.ok(!Number.isNaN(Date.parse(item.date_published)));
    }
    const [first, second] = feed.items;
    assert.equal(first?.id, `${SITE}${permalinkOf(story)}`);
    assert.equal(first?.url, first?.id);
    assert.deepEqual(first?.authors, [{ name: 'Jane Doe', url: `${SITE}/author/jane-doe/` }]);
    assert.deepEqual(first?.tags, ['Europe', 'Talks']);
    assert.equal(first?.date_published, story.publishedAt.toISOString());
    assert.match(first?.content_html ?? '', /Source: <a href="https:\/\/news\.example\.org\/source\/geneva-wire\/">Geneva Wire<\/a>/);
    assert.equal(second?.title, HOSTILE);
  });

  it('per-archive RSS feeds list only their posts, and 404 for unknown slugs', async () => {
    assert.deepEqual(itemTitles(await rss('/category/europe/feed/')), ['Talks resume in Geneva']);
    assert.equal((await rss('/category/europe/feed/')).rss.channel.title, 'Wirepress – Europe');
    assert.deepEqual(itemTitles(await rss('/tag/other/feed/')), [HOSTILE]);
    const byAuthor = await rss('/author/jane-doe/feed/');
    assert.deepEqual(itemTitles(byAuthor), ['Talks resume in Geneva']);
    assert.equal(byAuthor.rss.channel.title, 'Wirepress – Posts by Jane Doe');
    assert.deepEqual(byAuthor.rss.channel.link, [`${SITE}/author/jane-doe/`]);
    const bySource = await rss('/source/rt/feed/');
    assert.equal(bySource.rss.channel.title, 'Wirepress – Posts sourced from RT');
    assert.deepEqual(bySource.rss.channel.link, [`${SITE}/source/rt/`]);
    assert.deepEqual(itemTitles(bySource).slice(0, 2), [
      'Talks resume in Geneva',
      'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States',
    ]);
    assert.ok(!itemTitles(bySource).includes(HOSTILE));
    for (const path of ['/category/nope/feed/', '/tag/nope/feed/', '/author/nope/feed/', '/source/nope/feed/', '/category/NOT%20A%20SLUG/feed/']) {
      assert.equal((await get(path)).status, 404, path);
    }
    assert.equal((await get('/category/europe/feed')).headers.get('location'), '/category/europe/feed/');
  });

  it('the source archive page announces its own feed, besides the site’s', async () => {
    const page = parseHtml(await (await get('/source/geneva-wire/')).text());
    const feeds = page.querySelectorAll('link[rel="alternate"]').map((l) => [l.getAttribute('type'), l.getAttribute('href'), l.getAttribute('title')]);
    assert.deepEqual(feeds.at(-1), ['application/rss+xml', '/source/geneva-wire/feed/', 'Wirepress – Posts sourced from Geneva Wire']);
    assert.ok(feeds.some(([, href]) => href === '/feed/'));
    assert.equal((await rss('/source/geneva-wire/feed/')).rss.channel.item?.[0]?.title, 'Talks resume in Geneva');
  });

  it('answers 304 to If-None-Match and to If-Modified-Since, from memory and through the app', async () => {
    for (const path of ['/feed/', '/feed/atom/', '/feed/json/', '/comments/feed/', `${permalinkOf(story)}feed/`]) {
      await (await get(path)).text();
      const cached = await get(path);
      assert.equal(cached.headers.get('x-cache'), 'HIT', path);
      const etag = cached.headers.get('etag');
      const lastModified = cached.headers.get('last-modified');
      assert.ok(etag && lastModified, path);
      assert.equal(new Date(lastModified).toUTCString(), lastModified, 'an HTTP date');
      await cached.text();
      assert.equal((await get(path, { 'if-none-match': etag })).status, 304, path);
      const byDate = await get(path, { 'if-modified-since': lastModified });
      assert.equal(byDate.status, 304, path);
      assert.equal(byDate.headers.get('last-modified'), lastModified);
      assert.equal(byDate.headers.get('etag'), etag);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await get(path, { 'if-modified-since': earlier })).status, 200, path);
      assert.equal((await get(path, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status, 200, 'If-None-Match decides when sent');
      assert.equal((await get(path, { 'if-modified-since': 'not a date' })).status, 200);
    }
    // A change that drops the page without changing it: the next request renders again (MISS) and still answers 304.
    const before = await get('/feed/');
    const etag = before.headers.get('etag')!;
    const lastModified = before.headers.get('last-modified')!;
    await appendChange(server.database.db, [POST_PAGES], new Date());
    server.database.db.noteCommittedChange();
    const byTag = await get('/feed/', { 'if-none-match': etag });
    assert.equal(byTag.headers.get('x-cache'), 'MISS');
    assert.equal(byTag.status, 304);
    await appendChange(server.database.db, [POST_PAGES], new Date());
    server.database.db.noteCommittedChange();
    const byDate = await get('/feed/', { 'if-modified-since': lastModified });
    assert.equal(byDate.headers.get('x-cache'), 'MISS');
    assert.equal(byDate.status, 304);
  });

  it('the comment feeds change as soon as a comment is approved, and never show a held one', async () => {
    const db = server.database.db;
    const articleFeed = `${permalinkOf(story)}feed/`;
    const commentTitles = async (path: string) => itemTitles(await rss(path));
    await commentTitles('/comments/feed/');
    await commentTitles(articleFeed);
    assert.equal((await get('/comments/feed/')).headers.get('x-cache'), 'HIT');
    assert.equal((await get(articleFeed)).headers.get('x-cache'), 'HIT');

    const held = await aComment(db, story.id, { status: 'pending', name: 'Held Hal', body: 'Wait for me' });
    assert.ok(!(await commentTitles('/comments/feed/')).some((t) => t.includes('Held Hal')));
    await moderateComment(db, held, 'approve', 'test', new Date());
    assert.equal((await commentTitles('/comments/feed/'))[0], 'Comment on Talks resume in Geneva by Held Hal');
    const doc = await rss(articleFeed);
    assert.equal(doc.rss.channel.title, 'Comments on: Talks resume in Geneva');
    assert.deepEqual(doc.rss.channel.link, [`${SITE}${permalinkOf(story)}`]);
    const item = doc.rss.channel.item?.[0];
    assert.equal(item?.title, 'By: Held Hal');
    assert.equal(textOfXml(item?.guid), `${SITE}${permalinkOf(story)}#comment-${held}`);
    assert.equal(item?.['dc:creator'], 'Held Hal');
    assert.equal(parseHtml(item?.['content:encoded'] ?? '').textContent, 'Wait for me');

    await moderateComment(db, held, 'spam', 'test', new Date());
    assert.ok(!(await commentTitles('/comments/feed/')).some((t) => t.includes('Held Hal')));
    assert.deepEqual(await commentTitles(articleFeed), []);

    const other = await aComment(db, hostile.id, { name: 'Otto', body: 'On the other story' });
    assert.equal((await commentTitles('/comments/feed/'))[0], `Comment on ${HOSTILE} by Otto`);
    assert.deepEqual(await commentTitles(articleFeed), [], 'another article’s comment is not in this one’s feed');
    assert.ok(other > held);
  });

  it('an article comment feed under a wrong date moves to the right one; an unknown article is 404', async () => {
    const wrong = `/1999/01/01/${story.slug}/feed/`;
    const res = await get(wrong);
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `${permalinkOf(story)}feed/`);
    assert.equal((await get('/2030/01/02/no-such-story/feed/')).status, 404);
    assert.equal((await get(DEMO_ARTICLE_PATH)).status, 200, 'the article itself is unaffected');
  });
});

describe('feeds without a configured site URL', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ siteUrl: null });
  });
  after(async () => {
    await server.close();
  });

  /** A GET with a Host header of the client's choosing (fetch will not send one). */
  const getWithHost = (path: string, host: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const url = new URL(`${server.url}${path}`);
      const req = httpRequest({ hostname: url.hostname, port: url.port, path, headers: { host, ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('links from the request’s own origin, and never serves one client’s Host to another', async () => {
    const forged = await getWithHost('/feed/', 'evil.example');
    assert.equal(forged.status, 200);
    assert.equal(parseXml<RssDoc>(forged.body).rss.channel.link[0], 'http://evil.example/');
    const own = await fetch(`${server.url}/feed/`);
    assert.notEqual(own.headers.get('x-cache'), 'HIT');
    assert.equal(parseXml<RssDoc>(await own.text()).rss.channel.link[0], `${server.url}/`);
    const robots = await getWithHost('/robots.txt', 'evil.example');
    assert.match(robots.body, /Sitemap: http:\/\/evil\.example\/sitemap\.xml/);
    assert.match(await (await fetch(`${server.url}/robots.txt`)).text(), new RegExp(`Sitemap: ${server.url}/sitemap\\.xml`));
  });

  it('still answers conditional requests', async () => {
    const first = await fetch(`${server.url}/feed/`);
    await first.text();
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.equal((await fetch(`${server.url}/feed/`, { headers: { 'if-none-match': etag } })).status, 304);
    const lastModified = first.headers.get('last-modified')!;
    assert.equal((await fetch(`${server.url}/feed/`, { headers: { 'if-modified-since': lastModified } })).status, 304);
  });
});
