import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aPost, aSetting } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';

describe('archives', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const titlesOn = async (path: string) => {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    const page = await pageOf(res);
    return { page, titles: page.querySelectorAll('.post-card-title a').map((a) => textOf(a)) };
  };

  it('a category lists its stories with the category as heading and title, and links its feed', async () => {
    const { page, titles } = await titlesOn('/category/world/');
    assert.deepEqual(titles, ['Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States']);
    assert.equal(textOf(page.querySelector('h1')), 'World');
    assert.match(textOf(page.querySelector('title')), /^World – /);
    assert.equal(page.querySelector('link[rel="alternate"][href="/category/world/feed/"]')?.getAttribute('type'), 'application/rss+xml');
  });

  it('a tag, an author and a source list the stories that carry them and nothing else', async () => {
    await aPost(server.database.db, { title: 'Tagged elsewhere', terms: [{ kind: 'tag', slug: 'geneva', name: 'Geneva' }], author: 'Jane Roe' });
    assert.deepEqual((await titlesOn('/tag/geneva/')).titles, ['Tagged elsewhere']);
    const nato = await titlesOn('/tag/nato/');
    assert.deepEqual(nato.titles, ['Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States']);
    assert.match(textOf(nato.page.querySelector('title')), /^Posts tagged NATO – /);
    const jane = await titlesOn('/author/jane-roe/');
    assert.deepEqual(jane.titles, ['Tagged elsewhere']);
    assert.equal(textOf(jane.page.querySelector('h1')), 'Jane Roe');
    assert.ok((await titlesOn('/author/newsroom/')).titles.includes('Welcome to Wirepress'));
  });

  it('answers 404 for an unknown category, tag or author, and for a category page past the end', async () => {
    for (const path of ['/category/nope/', '/tag/nope/', '/author/nope/', '/category/world/page/2/', '/category/BAD%20SLUG/']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  it('date archives list a year, a month and a day, and are 404 when empty or impossible', async () => {
    const article = 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States';
    for (const [path, heading] of [
      ['/2022/', '2022'],
      ['/2022/02/', 'February 2022'],
      ['/2022/02/15/', '15 February 2022'],
    ] as const) {
      const { page, titles } = await titlesOn(path);
      assert.deepEqual(titles, [article], path);
      assert.equal(textOf(page.querySelector('h1')), heading);
      assert.match(textOf(page.querySelector('title')), new RegExp(`^Posts from ${heading} – `));
    }
    for (const path of ['/2022/02/16/', '/1999/', '/2022/13/', '/2023/02/29/', '/2022/02/15/page/2/']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  it('paginates by the site’s posts-per-page, with its own title and canonical link per page', async () => {
    await aSetting(server.database.db, 'posts_per_page', 2);
    try {
      for (let i = 0; i < 3; i += 1) {
        await aPost(server.database.db, {
          title: `Paged ${i}`,
          publishedAt: new Date(Date.UTC(2019, 5, 10 + i)),
          terms: [{ kind: 'category', slug: 'paged', name: 'Paged' }],
        });
      }
      const first = await titlesOn('/category/paged/');
      assert.deepEqual(first.titles, ['Paged 2', 'Paged 1']);
      assert.equal(first.page.querySelector('a[rel="next"]')?.getAttribute('href'), '/category/paged/page/2/');
      const second = await titlesOn('/category/paged/page/2/');
      assert.deepEqual(second.titles, ['Paged 0']);
      assert.match(textOf(second.page.querySelector('title')), /^Paged, page 2 – /);
      assert.equal(second.page.querySelector('link[rel="canonical"]')?.getAttribute('href'), '/category/paged/page/2/');
      assert.deepEqual((await titlesOn('/2019/06/page/2/')).titles, ['Paged 0']);
      const res = await get('/category/paged/page/1/');
      assert.equal(res.status, 301);
      assert.equal(res.headers.get('location'), '/category/paged/');
    } finally {
      await aSetting(server.database.db, 'posts_per_page', 10);
    }
  });
});

describe('what an article tells readers and their tools', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

  it('cards and the article carry the label, the section and a byline linking the author', async () => {
    const home = await pageOf(await get('/'));
    const card = home.querySelectorAll('.post-card').find((c) => c.querySelector(`a[href="${DEMO_ARTICLE_PATH}"]`));
    assert.equal(textOf(card?.querySelector('.kicker')), 'News · World');
    assert.equal(card?.querySelector('.kicker a')?.getAttribute('href'), '/category/world/');
    const article = await pageOf(await get(DEMO_ARTICLE_PATH));
    assert.equal(textOf(article.querySelector('.article-header .kicker')), 'News · World');
    assert.equal(article.querySelector('.article-header .author')?.getAttribute('href'), '/author/newsroom/');
    assert.match(textOf(article.querySelector('.article-header .reading-time')), /^· 2 min read$/);
    assert.deepEqual(
      article.querySelectorAll('.topics a').map((a) => [textOf(a), a.getAttribute('href')]),
      [
        ['Russia', '/tag/russia/'],
        ['United States', '/tag/united-states/'],
        ['NATO', '/tag/nato/'],
        ['Diplomacy', '/tag/diplomacy/'],
      ],
    );
  });

  it('shows each correction with its date, oldest first', async () => {
    const post = await aPost(server.database.db, {
      title: 'Corrected story',
      corrections: [
        { body: 'An earlier version misspelled the minister’s name.', at: new Date('2024-03-02T10:00:00Z') },
        { body: 'The meeting was in <Geneva>, not Vienna.', at: new Date('2024-03-05T10:00:00Z') },
      ],
    });
    const page = await pageOf(await get(permalinkOf(post)));
    const items = page.querySelectorAll('.corrections li').map((li) => textOf(li));
    assert.deepEqual(items, ['2 March 2024: An earlier version misspelled the minister’s name.', '5 March 2024: The meeting was in <Geneva>, not Vienna.']);
    assert.equal(textOf(page.querySelector('.corrections h2')), 'Corrections');
  });

  it('lists related stories by shared tags, categories and sources, most shared first', async () => {
    const db = server.database.db;
    const terms = (...slugs: string[]) => slugs.map((slug) => ({ kind: 'tag' as const, slug, name: slug }));
    const subject = await aPost(db, { title: 'Subject', terms: terms('alpha', 'beta'), sources: [{ slug: 'wire', name: 'Wire', role: 'original' }] });
    await aPost(db, {
      title: 'Shares three',
      terms: terms('alpha', 'beta'),
      sources: [{ slug: 'wire', name: 'Wire', role: 'cited' }],
      publishedAt: new Date('2020-01-01T00:00:00Z'),
    });
    await aPost(db, { title: 'Shares one', terms: terms('beta'), publishedAt: new Date('2025-01-01T00:00:00Z') });
    await aPost(db, { title: 'Shares nothing', terms: terms('gamma') });
    await aPost(db, { title: 'Draft sharing all', terms: terms('alpha', 'beta'), status: 'draft' });
    const page = await pageOf(await get(permalinkOf(subject)));
    assert.deepEqual(
      page.querySelectorAll('.related-posts .post-card-title a').map((a) => textOf(a)),
      ['Shares three', 'Shares one'],
    );
  });

  it('orders related stories by what they share, then newest first, whatever order they were written in', async () => {
    const db = server.database.db;
    const terms = (...slugs: string[]) => slugs.map((slug) => ({ kind: 'tag' as const, slug, name: slug }));
    const subject = await aPost(db, { title: 'Ordered subject', terms: terms('related-delta', 'related-epsilon') });
    await aPost(db, { title: 'Newer tie', terms: terms('related-delta'), publishedAt: new Date('2024-01-01T00:00:00Z') });
    await aPost(db, { title: 'Older tie', terms: terms('related-epsilon'), publishedAt: new Date('2019-01-01T00:00:00Z') });
    await aPost(db, { title: 'Best match', terms: terms('related-delta', 'related-epsilon'), publishedAt: new Date('2018-01-01T00:00:00Z') });
    const page = await pageOf(await get(permalinkOf(subject)));
    assert.deepEqual(
      page.querySelectorAll('.related-posts .post-card-title a').map((a) => textOf(a)),
      ['Best match', 'Newer tie', 'Older tie'],
    );
  });

  it('carries a canonical link, a meta description, OpenGraph and Twitter tags', async () => {
    const page = await pageOf(await get(DEMO_ARTICLE_PATH));
    const meta = (selector: string) => page.querySelector(selector)?.getAttribute('content');
    const url = `${server.url}${DEMO_ARTICLE_PATH}`;
    assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
    assert.match(meta('meta[name="description"]') ?? '', /^Russian Foreign Minister Sergei Lavrov stressed/);
    assert.equal(meta('meta[property="og:type"]'), 'article');
    assert.equal(meta('meta[property="og:url"]'), url);
    assert.equal(meta('meta[property="og:title"]'), 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States');
    assert.equal(meta('meta[property="og:description"]'), meta('meta[name="description"]'));
    assert.equal(meta('meta[property="article:published_time"]'), '2022-02-15T12:00:00.000Z');
    assert.equal(meta('meta[name="twitter:card"]'), 'summary');
  });

  /** The parts of the NewsArticle JSON-LD these tests read. */
  interface NewsArticleLd {
    '@context': string;
    '@type': string;
    headline: string;
    datePublished: string;
    dateModified: string;
    url: string;
    author: Array<{ '@type': string; name: string }>;
    publisher: { name: string };
    image?: string[];
    isBasedOn: Array<{ publisher: { name: string } }>;
    citation: Array<{ publisher: { name: string } }>;
    articleSection: string[];
  }

  it('carries NewsArticle JSON-LD with its sources as isBasedOn and citation', async () => {
    const page = await pageOf(await get(DEMO_ARTICLE_PATH));
    const scripts = page.querySelectorAll('script[type="application/ld+json"]');
    assert.equal(scripts.length, 1);
    const data = JSON.parse(scripts[0]!.textContent) as NewsArticleLd;
    assert.equal(data['@context'], 'https://schema.org');
    assert.equal(data['@type'], 'NewsArticle');
    assert.equal(data.headline, 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States');
    assert.equal(data.datePublished, '2022-02-15T12:00:00.000Z');
    assert.ok(Date.parse(data.dateModified) >= Date.parse(data.datePublished));
    assert.equal(data.url, `${server.url}${DEMO_ARTICLE_PATH}`);
    assert.deepEqual(
      data.author.map((a) => [a['@type'], a.name]),
      [['Person', 'Newsroom']],
    );
    assert.equal(data.publisher.name, 'Wirepress');
    assert.equal(data.image, undefined, 'the demo article has no image');
    assert.deepEqual(
      data.isBasedOn.map((s) => s.publisher.name),
      ['Izvestia'],
    );
    assert.deepEqual(
      data.citation.map((s) => s.publisher.name),
      ['Ministry of Foreign Affairs of the Russian Federation (Telegram channel)', 'RT', 'Zvezda TV', 'Argumenty i Fakty'],
    );
    assert.deepEqual(data.articleSection, ['World']);
  });

  it('names the image in JSON-LD and previews, and a headline with </script> cannot break out', async () => {
    const post = await aPost(server.database.db, {
      title: 'Breaking </script><script>alert(1)</script> & more',
      image: { url: '/media/lead.jpg', alt: 'Delegations in Geneva' },
    });
    const html = await (await get(permalinkOf(post))).text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    const page = await pageOf(new Response(html));
    const data = JSON.parse(page.querySelector('script[type="application/ld+json"]')!.textContent) as NewsArticleLd;
    assert.equal(data.headline, 'Breaking </script><script>alert(1)</script> & more');
    assert.deepEqual(data.image, [`${server.url}/media/lead.jpg`]);
    assert.equal(page.querySelector('meta[property="og:image"]')?.getAttribute('content'), `${server.url}/media/lead.jpg`);
    assert.equal(page.querySelector('meta[name="twitter:card"]')?.getAttribute('content'), 'summary_large_image');
  });
});
