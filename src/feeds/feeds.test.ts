import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseHtml } from 'node-html-parser';
import type { AtomDoc, JsonFeed, RssDoc, UrlSetDoc } from '../../test/support/feed-shapes.ts';
import { parseStrictXml, parseXml, textOfXml } from '../../test/support/xml.ts';
import { trustSanitizedHtml } from '../domain/safe-html.ts';
import type { PostSource } from '../domain/sources.ts';
import { toAtom } from './atom.ts';
import { lastUpdated, type Feed } from './feed.ts';
import { postItem, sourcesHtml, type FeedPost } from './items.ts';
import { JSON_FEED_VERSION, toJsonFeed } from './json-feed.ts';
import { toRss } from './rss.ts';
import { toNewsSitemap, toUrlSet } from './sitemap.ts';
import { serialize, textElement, xmlDocument, xmlText } from './xml.ts';

const ORIGIN = 'https://news.example.org';
const HOSTILE = 'Breaking: <script>alert("x")</script> & Sons ]]> <![CDATA[ done';

function source(slug: string, name: string, role: PostSource['role'], homepageUrl: string | null = null): PostSource {
  return { source: { id: slug.length, slug, name, fullName: null, homepageUrl }, role, url: null, language: null };
}

const post: FeedPost = {
  id: 7,
  slug: 'a-story',
  title: HOSTILE,
  excerpt: 'An excerpt & more',
  author: { id: 1, slug: 'jane-doe', displayName: 'Jane <Doe>' },
  publishedAt: new Date('2024-05-06T07:08:09.000Z'),
  updatedAt: new Date('2024-05-07T00:00:00.000Z'),
  sources: [source('iz', 'IZ', 'original', 'https://iz.ru/'), source('rt', 'RT', 'cited')],
  terms: [
    { id: 1, kind: 'category', slug: 'world', name: 'World & Co' },
    { id: 2, kind: 'tag', slug: 'nato', name: 'NATO' },
  ],
  label: null,
  wordCount: 3,
  bodyHtml: trustSanitizedHtml('<p>Body with <em>emphasis</em> and ]]> inside.</p>'),
};

function feedOf(items = [postItem(ORIGIN, post, 'UTC')]): Feed {
  return {
    title: `Site ${HOSTILE}`,
    description: 'Tagline',
    homeUrl: `${ORIGIN}/`,
    feedUrl: `${ORIGIN}/feed/`,
    language: 'en',
    timeZone: 'UTC',
    updated: lastUpdated(items),
    items,
  };
}

describe('feed items', () => {
  it('carry the whole body and the credit line linking the outlet, then the cited outlets', () => {
    const item = postItem(ORIGIN, post, 'UTC');
    assert.equal(item.url, `${ORIGIN}/2024/05/06/a-story/`);
    const html = parseHtml(item.contentHtml);
    assert.equal(html.querySelector('p')?.textContent, 'Body with emphasis and ]]> inside.');
    const credit = html.querySelector('.credit-line');
    assert.equal(credit?.textContent, 'Source: IZ');
    assert.equal(credit?.querySelector('a')?.getAttribute('href'), 'https://iz.ru/');
    const cited = html.querySelector('.sources');
    assert.equal(cited?.textContent, 'Also cited in this post: RT');
    assert.equal(cited?.querySelector('a')?.getAttribute('href'), `${ORIGIN}/source/rt/`, 'an outlet without a home page links its archive');
    assert.deepEqual(item.categories, ['World & Co', 'NATO']);
    assert.equal(item.updated.toISOString(), '2024-05-07T00:00:00.000Z');
  });

  it('credit a story that came through an outlet with "Via", and escape outlet names', () => {
    const html = parseHtml(sourcesHtml(ORIGIN, [source('x', 'A <b>&</b>', 'via', 'javascript:alert(1)')]));
    assert.equal(html.querySelector('.credit-line')?.textContent, 'Via: A <b>&</b>');
    assert.equal(html.querySelector('.credit-line a')?.getAttribute('href'), `${ORIGIN}/source/x/`, 'only web addresses are linked');
  });
});

describe('feed serializers', () => {
  it('RSS 2.0: a hostile title is escaped and comes back whole through a parser', () => {
    const xml = toRss(feedOf());
    assert.ok(!xml.includes('<script>'));
    const doc = parseXml<RssDoc>(xml);
    const item = doc.rss.channel.item?.[0];
    assert.equal(doc.rss.channel.title, `Site ${HOSTILE}`);
    assert.equal(item?.title, HOSTILE);
    assert.equal(item?.['dc:creator'], 'Jane <Doe>');
    assert.deepEqual(item?.category, ['World & Co', 'NATO']);
    assert.equal(item?.['content:encoded'], postItem(ORIGIN, post, 'UTC').contentHtml);
    assert.equal(new Date(item?.pubDate ?? '').toISOString(), '2024-05-06T07:08:09.000Z');
  });

  it('Atom 1.0: the same title and content come back through a parser', () => {
    const doc = parseXml<AtomDoc>(toAtom(feedOf()));
    const entry = doc.feed.entry?.[0];
    assert.equal(textOfXml(entry?.title), HOSTILE);
    assert.equal(textOfXml(entry?.content), postItem(ORIGIN, post, 'UTC').contentHtml);
    assert.equal(entry?.author.name, 'Jane <Doe>');
    assert.equal(doc.feed.updated, '2024-05-07T00:00:00.000Z');
  });

  it('JSON Feed 1.1: the same title through JSON.parse', () => {
    const feed = JSON.parse(toJsonFeed(feedOf())) as JsonFeed;
    assert.equal(feed.version, JSON_FEED_VERSION);
    assert.equal(feed.items[0]?.title, HOSTILE);
    assert.deepEqual(feed.items[0]?.authors, [{ name: 'Jane <Doe>', url: `${ORIGIN}/author/jane-doe/` }]);
  });

  it('an empty feed is still valid, dated at the epoch so its bytes do not change', () => {
    const doc = parseXml<AtomDoc>(toAtom(feedOf([])));
    assert.equal(doc.feed.entry, undefined);
    assert.equal(doc.feed.updated, '1970-01-01T00:00:00.000Z');
    assert.equal(parseXml<RssDoc>(toRss(feedOf([]))).rss.channel.item, undefined);
  });

  it('drops characters XML cannot carry instead of writing a document no parser reads', () => {
    assert.equal(xmlText('a\u0001b\u0008c\uFFFEd\uD800e\tf'), 'abcde\tf');
    const item = { ...postItem(ORIGIN, post, 'UTC'), title: 'Bell\u0007 and NUL\u0000 😀' };
    assert.equal(parseXml<RssDoc>(toRss(feedOf([item]))).rss.channel.item?.[0]?.title, 'Bell and NUL 😀');
  });

  it('escapes text and attributes exactly once, whatever they look like', () => {
    const root = xmlDocument('r', { a: 'x "&quot;" &amp; <\t\n\r>' });
    textElement(root, 't', '&lt;b&gt; A&nbsp;B &#60; & < > ]]>');
    const xml = serialize(root);
    assert.equal(
      xml,
      '<?xml version="1.0" encoding="UTF-8"?>\n<r a="x &quot;&amp;quot;&quot; &amp;amp; &lt;&#9;&#10;&#13;&gt;">\n  <t>&amp;lt;b&amp;gt; A&amp;nbsp;B &amp;#60; &amp; &lt; &gt; ]]&gt;</t>\n</r>',
    );
    const read = parseStrictXml(xml);
    assert.equal(read.attributes.a, 'x "&quot;" &amp; <\t\n\r>');
    assert.equal(read.children[0]?.text, '&lt;b&gt; A&nbsp;B &#60; & < > ]]>');
  });
});

describe('sitemap serializers', () => {
  it('a news sitemap escapes a hostile title and names the publication', () => {
    const doc = parseXml<UrlSetDoc>(
      toNewsSitemap({ name: 'News & Co', language: 'en' }, [{ url: `${ORIGIN}/a/?x=1&y=2`, title: HOSTILE, published: post.publishedAt }], 'UTC'),
    );
    const url = doc.urlset.url?.[0];
    assert.equal(url?.loc, `${ORIGIN}/a/?x=1&y=2`);
    assert.equal(url?.['news:news']?.['news:title'], HOSTILE);
    assert.equal(url?.['news:news']?.['news:publication']['news:name'], 'News & Co');
  });

  it('a URL set has a lastmod per URL', () => {
    const doc = parseXml<UrlSetDoc>(toUrlSet([{ url: `${ORIGIN}/a/`, lastModified: post.updatedAt }], 'UTC'));
    assert.deepEqual(doc.urlset.url, [{ loc: `${ORIGIN}/a/`, lastmod: '2024-05-07T00:00:00.000Z' }]);
  });
});
