import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aPost } from '../../../test/support/factories.ts';
import { feedparserVerdicts } from '../../../test/support/feedparser.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loadSiteSettings, saveSiteSettings } from '../../services/settings.ts';

/**
 * The site's time zone decides the day a post is dated: its permalink and the date archives it
 * is listed in. The instants below are written out by hand (not computed by the code under test)
 * one minute either side of local midnight.
 */
describe('the site’s time zone in addresses, archives, feeds and the API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seed: false });
  });
  after(async () => {
    await server.close();
  });

  const db = () => server.database.db;
  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const useZone = async (timezone: string) => saveSiteSettings(db(), { ...(await loadSiteSettings(db())), timezone }, new Date());
  const titlesOn = async (path: string) => {
    const res = await get(path);
    if (res.status === 404) return [];
    assert.equal(res.status, 200, path);
    return (await pageOf(res)).querySelectorAll('.post-card-title a').map((a) => textOf(a));
  };
  const linkOf = async (archive: string, title: string) => {
    const page = await pageOf(await get(archive));
    return page
      .querySelectorAll('.post-card-title a')
      .find((a) => textOf(a) === title)
      ?.getAttribute('href');
  };
  const slugs = new Map<string, string>();
  const post = async (title: string, at: string) => slugs.set(title, (await aPost(db(), { title, publishedAt: new Date(at) })).slug);
  /** A post's address on a day: /2015/12/31/<its slug>/. */
  const at = (day: string, title: string) => `/${day}/${slugs.get(title)}/`;

  it('Europe/Moscow: a post at 23:30 is in that day’s archive and permalink, one at midnight in the next year’s', async () => {
    await post('Moscow late', '2015-12-31T20:30:00Z'); // 23:30 +03:00
    await post('Moscow midnight', '2015-12-31T21:00:00Z'); // 00:00 +03:00 on 1 January
    await useZone('Europe/Moscow');
    assert.deepEqual(await titlesOn('/2015/12/31/'), ['Moscow late']);
    assert.deepEqual(await titlesOn('/2015/12/'), ['Moscow late']);
    assert.deepEqual(await titlesOn('/2015/'), ['Moscow late']);
    assert.deepEqual(await titlesOn('/2016/01/01/'), ['Moscow midnight']);
    assert.deepEqual(await titlesOn('/2016/'), ['Moscow midnight']);
    assert.equal(await linkOf('/2015/12/31/', 'Moscow late'), at('2015/12/31', 'Moscow late'));
    assert.equal(await linkOf('/2016/01/01/', 'Moscow midnight'), at('2016/01/01', 'Moscow midnight'));
    assert.equal((await get(at('2016/01/01', 'Moscow midnight'))).status, 200);
  });

  it('Asia/Kolkata: the half-hour offset moves the boundary to 18:30 UTC', async () => {
    await post('Kolkata last minute', '2017-06-30T18:29:00Z'); // 23:59 +05:30
    await post('Kolkata first minute', '2017-06-30T18:30:00Z'); // 00:00 +05:30 on 1 July
    await useZone('Asia/Kolkata');
    assert.deepEqual(await titlesOn('/2017/06/30/'), ['Kolkata last minute']);
    assert.deepEqual(await titlesOn('/2017/06/'), ['Kolkata last minute']);
    assert.deepEqual(await titlesOn('/2017/07/01/'), ['Kolkata first minute']);
    assert.deepEqual(await titlesOn('/2017/07/'), ['Kolkata first minute']);
    assert.equal(await linkOf('/2017/07/', 'Kolkata first minute'), at('2017/07/01', 'Kolkata first minute'));
  });

  it('America/New_York: days of 23 and 25 hours when the clocks change in March and November', async () => {
    await post('March eve', '2024-03-10T04:59:00Z'); // 23:59 EST on the 9th
    await post('March start', '2024-03-10T05:00:00Z'); // 00:00 EST on the 10th
    await post('March end', '2024-03-11T03:59:00Z'); // 23:59 EDT on the 10th
    await post('March after', '2024-03-11T04:00:00Z'); // 00:00 EDT on the 11th
    await post('November eve', '2024-11-03T03:59:00Z'); // 23:59 EDT on the 2nd
    await post('November start', '2024-11-03T04:00:00Z'); // 00:00 EDT on the 3rd
    await post('November first 1:30', '2024-11-03T05:30:00Z'); // 01:30 EDT
    await post('November second 1:30', '2024-11-03T06:30:00Z'); // 01:30 EST
    await post('November end', '2024-11-04T04:59:00Z'); // 23:59 EST on the 3rd
    await post('November after', '2024-11-04T05:00:00Z'); // 00:00 EST on the 4th
    await useZone('America/New_York');
    assert.deepEqual(await titlesOn('/2024/03/09/'), ['March eve']);
    assert.deepEqual(await titlesOn('/2024/03/10/'), ['March end', 'March start']);
    assert.deepEqual(await titlesOn('/2024/03/11/'), ['March after']);
    assert.deepEqual(await titlesOn('/2024/11/02/'), ['November eve']);
    assert.deepEqual(await titlesOn('/2024/11/03/'), ['November end', 'November second 1:30', 'November first 1:30', 'November start']);
    assert.deepEqual(await titlesOn('/2024/11/04/'), ['November after']);
    assert.equal(await linkOf('/2024/11/03/', 'November end'), at('2024/11/03', 'November end'));
    assert.equal(await linkOf('/2024/03/10/', 'March end'), at('2024/03/10', 'March end'));
  });

  it('when the time zone changes, links dated in the old one lead to the new address with a 301, cached pages included', async () => {
    await useZone('Europe/Moscow');
    assert.equal((await get(at('2016/01/01', 'Moscow midnight'))).status, 200);
    assert.equal((await get(at('2016/01/01', 'Moscow midnight'))).status, 200); // now from the cache
    await useZone('UTC');
    const moved = await get(at('2016/01/01', 'Moscow midnight'));
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), at('2015/12/31', 'Moscow midnight'));
    assert.deepEqual(await titlesOn('/2016/01/01/'), []);
    assert.deepEqual(await titlesOn('/2015/12/31/'), ['Moscow midnight', 'Moscow late']);
    const feed = await get(`${at('2016/01/01', 'Moscow midnight')}feed/`);
    assert.equal(feed.status, 301);
    assert.equal(feed.headers.get('location'), `${at('2015/12/31', 'Moscow midnight')}feed/`);
  });

  it('feeds, sitemaps and JSON-LD write dates with the site’s offset, and readers parse them to the same instant', async () => {
    await useZone('Europe/Moscow');
    const rss = await (await get('/feed/')).text();
    const atom = await (await get('/feed/atom/')).text();
    const json = JSON.parse(await (await get('/feed/json/')).text()) as { items: Array<{ title: string; url: string; date_published: string }> };
    assert.match(rss, /<pubDate>Mon, 04 Nov 2024 08:00:00 \+0300<\/pubDate>/);
    assert.match(atom, /<published>2024-11-04T08:00:00\.000\+03:00<\/published>/);
    const after = json.items.find((i) => i.title === 'November after');
    assert.equal(after?.date_published, '2024-11-04T08:00:00.000+03:00');
    assert.equal(after?.url, `${server.url}${at('2024/11/04', 'November after')}`);
    assert.equal(Date.parse(after?.date_published ?? ''), Date.parse('2024-11-04T05:00:00Z'));
    // feedparser, which most feed readers build on, reads the same instants from both formats.
    const instants = (await (await get('/wp-json/wp/v2/posts?per_page=100&orderby=date&order=desc')).json()) as Array<{ date_gmt: string }>;
    const expected = instants.map((p) => Date.parse(`${p.date_gmt}Z`) / 1000);
    for (const verdict of feedparserVerdicts([rss, atom])) {
      assert.equal(verdict.bozo, 0, verdict.reason);
      assert.deepEqual(verdict.published, expected);
    }

    const sitemap = await (await get('/sitemap-posts-1.xml')).text();
    assert.ok(sitemap.includes(`<loc>${server.url}${at('2016/01/01', 'Moscow midnight')}</loc>`));
    const lastmods = [...sitemap.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1] ?? '');
    assert.ok(lastmods.length >= 10 && lastmods.every((d) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+03:00$/.test(d)), lastmods.join(' '));

    const article = await pageOf(await get(at('2016/01/01', 'Moscow midnight')));
    const ld = JSON.parse(article.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}') as { datePublished: string; url: string };
    assert.equal(ld.datePublished, '2016-01-01T00:00:00.000+03:00');
    assert.ok(ld.url.endsWith(at('2016/01/01', 'Moscow midnight')));
  });

  it('feedparser reads an RSS date with the offset as the same instant', async () => {
    await useZone('Asia/Kolkata');
    const rss = await (await get('/feed/')).text();
    assert.match(rss, /<pubDate>Mon, 04 Nov 2024 10:30:00 \+0530<\/pubDate>/);
    const [verdict] = feedparserVerdicts([rss]);
    assert.equal(verdict?.bozo, 0, verdict?.reason);
    assert.equal(verdict?.published[0], Date.parse('2024-11-04T05:00:00Z') / 1000);
  });

  it('the REST API names the zone and its offset, and gives posts’ local date beside date_gmt', async () => {
    await useZone('Asia/Kolkata');
    const index = (await (await get('/wp-json/')).json()) as { timezone_string: string; gmt_offset: number };
    assert.equal(index.timezone_string, 'Asia/Kolkata');
    assert.equal(index.gmt_offset, 5.5);
    const [first] = (await (await get(`/wp-json/wp/v2/posts?slug=${slugs.get('Kolkata first minute')}`)).json()) as Array<{
      date: string;
      date_gmt: string;
      link: string;
    }>;
    assert.equal(first?.date, '2017-07-01T00:00:00');
    assert.equal(first?.date_gmt, '2017-06-30T18:30:00');
    assert.ok(first?.link.endsWith(at('2017/07/01', 'Kolkata first minute')));
    // after and before without an offset are the site's local time, as WordPress compares them with date.
    const titlesAfter = async (query: string) =>
      ((await (await get(`/wp-json/wp/v2/posts?${query}&per_page=100`)).json()) as Array<{ title: { rendered: string } }>).map((p) => p.title.rendered);
    const local = await titlesAfter('after=2017-06-30T23:59:30&before=2017-07-01T00:00:30');
    assert.deepEqual(local, ['Kolkata first minute']);
    assert.deepEqual(await titlesAfter('after=2017-06-30T18:29:30Z&before=2017-06-30T18:30:30%2B00:00'), ['Kolkata first minute']);
    assert.equal((await get('/wp-json/wp/v2/posts?after=2017-02-30T00:00:00')).status, 400);
    await useZone('America/New_York');
    const [november] = (await (await get(`/wp-json/wp/v2/posts?slug=${slugs.get('November second 1:30')}`)).json()) as Array<{
      date: string;
      date_gmt: string;
    }>;
    assert.equal(november?.date, '2024-11-03T01:30:00');
    assert.equal(november?.date_gmt, '2024-11-03T06:30:00');
  });
});
