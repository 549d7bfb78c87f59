import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { aPost } from '../../../test/support/factories.ts';
import type { SitemapIndexDoc, UrlSetDoc } from '../../../test/support/feed-shapes.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { parseXml } from '../../../test/support/xml.ts';
import { buildApp } from '../../app.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { createLogger } from '../../logger.ts';
import { countPublishedPosts } from '../../storage/posts.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { handleErrors } from '../errors.tsx';
import { sitemapRoutes } from './sitemaps.ts';

const SITE = 'https://news.example.org';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

describe('sitemaps and robots.txt', () => {
  let server: TestServer;
  let deps: AppDeps;
  before(async () => {
    server = await startTestServer({ siteUrl: SITE });
    deps = { database: server.database, logger: createLogger('error', () => {}), siteUrl: SITE };
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const xmlOf = async (res: Response) => {
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    return res.text();
  };

  it('/sitemap.xml indexes the post sitemaps, which list every published post with its lastmod', async () => {
    const draft = await aPost(server.database.db, { title: 'Not out yet', status: 'draft' });
    const index = parseXml<SitemapIndexDoc>(await xmlOf(await get('/sitemap.xml')));
    assert.equal(index.sitemapindex['@xmlns'], SITEMAP_NS);
    assert.deepEqual(index.sitemapindex.sitemap, [
      { loc: `${SITE}/sitemap-posts-1.xml` },
      { loc: `${SITE}/sitemap-archives.xml` },
      { loc: `${SITE}/sitemap-pages.xml` },
    ]);
    const set = parseXml<UrlSetDoc>(await xmlOf(await get('/sitemap-posts-1.xml')));
    assert.equal(set.urlset['@xmlns'], SITEMAP_NS);
    const urls = set.urlset.url ?? [];
    assert.equal(urls.length, await countPublishedPosts(server.database.db, new Date()));
    const demo = urls.find((u) => u.loc === `${SITE}${DEMO_ARTICLE_PATH}`);
    assert.ok(demo, 'the demo article is listed');
    assert.ok(Date.parse(demo.lastmod ?? '') >= Date.parse('2022-02-15T12:00:00Z'));
    for (const url of urls) assert.ok(!Number.isNaN(Date.parse(url.lastmod ?? '')), url.loc);
    assert.ok(!urls.some((u) => u.loc.includes(draft.slug)), 'drafts are not listed');
    assert.equal((await get('/sitemap-posts-2.xml')).status, 404);
    assert.equal((await get('/sitemap-posts-0.xml')).status, 404);
  });

  it('splits the posts into sitemaps of at most the limit, each post once', async () => {
    for (let i = 0; i < 3; i++) await aPost(server.database.db, { title: `Split ${i}` });
    const app = new Hono<AppEnv>();
    app.route('/', sitemapRoutes(deps, { maxUrlsPerSitemap: 2 }));
    app.onError(handleErrors(deps));
    const total = await countPublishedPosts(server.database.db, new Date());
    const expected = Math.ceil(total / 2);
    assert.ok(expected >= 3);
    const index = parseXml<SitemapIndexDoc>(await xmlOf(await app.request('/sitemap.xml')));
    const locs = (index.sitemapindex.sitemap ?? []).map((s) => s.loc);
    assert.deepEqual(locs, [
      ...Array.from({ length: expected }, (_, i) => `${SITE}/sitemap-posts-${i + 1}.xml`),
      `${SITE}/sitemap-archives.xml`,
      `${SITE}/sitemap-pages.xml`,
    ]);
    const seen: string[] = [];
    for (let n = 1; n <= expected; n++) {
      const urls = parseXml<UrlSetDoc>(await xmlOf(await app.request(`/sitemap-posts-${n}.xml`))).urlset.url ?? [];
      assert.ok(urls.length >= 1 && urls.length <= 2, `sitemap ${n} has ${urls.length} URLs`);
      seen.push(...urls.map((u) => u.loc));
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, 'no post is listed twice');
    assert.equal((await app.request(`/sitemap-posts-${expected + 1}.xml`)).status, 404);
  });

  it('/sitemap-archives.xml lists the categories, tags, authors and sources that have published posts', async () => {
    const db = server.database.db;
    await aPost(db, {
      title: 'Archive check',
      author: 'Ida Archivist',
      publishedAt: new Date('2025-05-05T05:05:05Z'),
      sources: [{ slug: 'archive-wire', name: 'Archive Wire', role: 'original' }],
      terms: [{ kind: 'tag', slug: 'archived', name: 'Archived' }],
    });
    await aPost(db, { title: 'Draft only', status: 'draft', author: 'Dora Draft', terms: [{ kind: 'tag', slug: 'draft-only', name: 'Draft only' }] });
    const urls = parseXml<UrlSetDoc>(await xmlOf(await get('/sitemap-archives.xml'))).urlset.url ?? [];
    const byLoc = new Map(urls.map((u) => [u.loc, u.lastmod]));
    for (const path of ['/category/world/', '/tag/nato/', '/author/newsroom/', '/source/iz/']) assert.ok(byLoc.has(`${SITE}${path}`), path);
    for (const path of ['/tag/archived/', '/author/ida-archivist/', '/source/archive-wire/'])
      assert.equal(byLoc.get(`${SITE}${path}`), '2025-05-05T05:05:05.000Z', path);
    assert.ok(!byLoc.has(`${SITE}/tag/draft-only/`) && !byLoc.has(`${SITE}/author/dora-draft/`), 'archives with only drafts are left out');
  });

  it('/news-sitemap.xml lists the posts of the last 48 hours, with the publication’s name and language', async () => {
    const now = new Date('2031-06-01T12:00:00Z');
    const hour = 60 * 60 * 1000;
    const title = 'Fresh <news> & “more” ]]>';
    const fresh = await aPost(server.database.db, { title, publishedAt: new Date(now.getTime() - hour) });
    const old = await aPost(server.database.db, { title: 'Three days old', publishedAt: new Date(now.getTime() - 72 * hour) });
    const later = await aPost(server.database.db, { title: 'Scheduled', publishedAt: new Date(now.getTime() + hour) });
    const app = buildApp({ ...deps, now: () => now });
    const res = await app.request('/news-sitemap.xml');
    const body = await xmlOf(res);
    assert.ok(!body.includes('<news>'));
    const doc = parseXml<UrlSetDoc>(body);
    assert.equal(doc.urlset['@xmlns'], SITEMAP_NS);
    assert.equal(doc.urlset['@xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
    const urls = doc.urlset.url ?? [];
    assert.deepEqual(
      urls.map((u) => u.loc),
      [`${SITE}${permalinkOf(fresh)}`],
    );
    assert.ok(!body.includes(old.slug) && !body.includes(later.slug));
    const news = urls[0]?.['news:news'];
    assert.deepEqual(news?.['news:publication'], { 'news:name': 'Wirepress', 'news:language': 'en' });
    assert.equal(news?.['news:publication_date'], fresh.publishedAt.toISOString());
    assert.equal(news?.['news:title'], title);
  });

  it('/robots.txt names both sitemaps with absolute URLs and keeps only the admin out', async () => {
    const res = await get('/robots.txt');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    const lines = (await res.text()).split('\n');
    assert.deepEqual(lines, ['User-agent: *', 'Disallow: /admin/', '', `Sitemap: ${SITE}/sitemap.xml`, `Sitemap: ${SITE}/news-sitemap.xml`, '']);
  });
});
