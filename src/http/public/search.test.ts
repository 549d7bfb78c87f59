import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf, type HTMLElement } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { SNIPPET_SOURCE_CHARS, SNIPPET_WORDS } from '../../domain/search-snippet.ts';
import { savePage } from '../../services/pages.ts';
import { ensureSource, replacePostSources } from '../../storage/sources.ts';

describe('search at /?s=words', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const search = (words: string, page = 1) => get(`${page === 1 ? '/' : `/page/${page}/`}?${new URLSearchParams({ s: words })}`);
  const resultLinks = (page: HTMLElement) => page.querySelectorAll('.search-result .post-card-title a').map((a) => a.getAttribute('href'));
  async function linksFor(words: string): Promise<Array<string | undefined>> {
    const res = await search(words);
    assert.equal(res.status, 200, words);
    return resultLinks(await pageOf(res));
  }

  it('finds the demo article, with a titled, unindexed results page that keeps the words in the box', async () => {
    const res = await search('Lavrov Blinken');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('title')), 'Search results for “Lavrov Blinken” – Wirepress');
    assert.equal(page.querySelectorAll('h1').length, 1);
    assert.equal(textOf(page.querySelector('h1')), 'Search results for “Lavrov Blinken”');
    assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute('content'), 'noindex');
    assert.equal(page.querySelector('#site-search-input')?.getAttribute('value'), 'Lavrov Blinken');
    assert.equal(textOf(page.querySelector('.search-count')), '1 post found');
    assert.deepEqual(resultLinks(page), [DEMO_ARTICLE_PATH]);
    const result = page.querySelector('.search-result');
    assert.equal(textOf(result?.querySelector('time')), '15 February 2022');
    assert.equal(textOf(result?.querySelector('.credit-line')), 'Source: IZ');
    assert.equal(textOf(result?.querySelector('.search-result-label')), 'News');
    const marks = result?.querySelectorAll('.search-snippet mark').map((m) => textOf(m).toLowerCase()) ?? [];
    assert.ok(marks.length > 0 && marks.every((m) => m === 'lavrov' || m === 'blinken'), JSON.stringify(marks));
  });

  it('ranks a match in the headline above matches in the body, even of a newer story', async () => {
    const inTitle = await aPost(server.database.db, {
      title: 'Quillwort found in the marsh',
      body: 'Botanists describe a small fern that grows under water.',
      publishedAt: new Date(Date.UTC(2023, 0, 1)),
    });
    const inBody = await aPost(server.database.db, {
      title: 'Weekend walks along the river',
      body: 'A long walk past reeds and willows. Someone pointed at a quillwort in the shallows, then at another quillwort near the bank.',
      publishedAt: new Date(Date.UTC(2024, 5, 1)),
    });
    assert.deepEqual(await linksFor('quillwort'), [permalinkOf(inTitle), permalinkOf(inBody)]);
  });

  it('finds a "quoted phrase" only where its words follow each other; words alone anywhere', async () => {
    const scattered = await aPost(server.database.db, {
      title: 'Experts on collective defence',
      body: 'Security was the theme of the day, and indivisibility the word everyone repeated.',
    });
    assert.deepEqual(await linksFor('"indivisibility of security"'), [DEMO_ARTICLE_PATH]);
    const words = await linksFor('indivisibility security');
    assert.equal(words.length, 2);
    assert.ok(words.includes(DEMO_ARTICLE_PATH) && words.includes(permalinkOf(scattered)));
    const page = await pageOf(await search('"indivisibility of security"'));
    assert.match(textOf(page.querySelector('.search-snippet')), /indivisibility of security/);
    // SQLite marks the phrase whole, PostgreSQL each of its words.
    const marks = page.querySelectorAll('.search-snippet mark').map((m) => textOf(m).toLowerCase());
    assert.ok(marks.length > 0 && marks.every((m) => ['indivisibility of security', 'indivisibility', 'security'].includes(m)), JSON.stringify(marks));
  });

  it('highlights matches with <mark> and escapes the text around them', async () => {
    await aPost(server.database.db, {
      title: 'Zorblax speaks <b>loudly</b>',
      body: 'The Zorblax spokesman wrote <script>alert(1)</script> in a statement & left.',
    });
    const res = await search('zorblax');
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.ok(!html.includes('<script>alert(1)'), 'no script element from the body');
    assert.ok(!html.includes('<b>loudly'), 'no markup from the title');
    assert.match(
      html,
      /<p class="search-snippet" dir="auto">(The )?<mark>Zorblax<\/mark> spokesman wrote &lt;script&gt;alert\(1\)&lt;\/script&gt; in a statement &amp; left/,
    );
  });

  it('makes snippets from a bounded start of each body, whatever a post repeats', async () => {
    // FTS5's snippet() grows with the square of the matches in a post: this one took 4 s.
    const repeating = await aPost(server.database.db, { title: 'Glossolalia', body: `${'bla '.repeat(30_000)}end` });
    // Past the snippet's source text, the match still finds the post; its snippet is the opening.
    const deep = await aPost(server.database.db, { title: 'Long read', body: `${'Words of a long read. '.repeat(SNIPPET_SOURCE_CHARS / 20)}Then the blaze.` });
    const page = await pageOf(await search('bla'));
    assert.deepEqual(resultLinks(page), [permalinkOf(repeating)]);
    const snippet = page.querySelector('.search-snippet');
    assert.equal(textOf(snippet).match(/\S+/g)?.length, SNIPPET_WORDS, textOf(snippet));
    assert.ok(snippet && snippet.querySelectorAll('mark').length > 0);
    const deepPage = await pageOf(await search('blaze'));
    assert.deepEqual(resultLinks(deepPage), [permalinkOf(deep)]);
    assert.match(textOf(deepPage.querySelector('.search-snippet')), /^Words of a long read\. Words of a long read\..*…$/);
    assert.equal(deepPage.querySelectorAll('.search-snippet mark').length, 0);
  });

  it('finds stories by the names of their sources, short or full', async () => {
    assert.deepEqual(await linksFor('Izvestia'), [DEMO_ARTICLE_PATH]);
    assert.ok((await linksFor('IZ')).includes(DEMO_ARTICLE_PATH));
    assert.ok((await linksFor('"Argumenty i Fakty"')).includes(DEMO_ARTICLE_PATH));
  });

  it('keeps the index in step with edits, unpublishing, republishing, sources and deletion', async () => {
    const db = server.database.db;
    const post = await aPost(db, { title: 'Grommet factory opens', body: 'The plant will employ two hundred people.' });
    const path = permalinkOf(post);
    assert.deepEqual(await linksFor('grommet'), [path]);

    // What an admin save does: the row is updated in place.
    await db.updateTable('posts').set({ title: 'Sprocket factory opens', updated_at: new Date().toISOString() }).where('id', '=', post.id).execute();
    assert.deepEqual(await linksFor('grommet'), []);
    assert.deepEqual(await linksFor('sprocket'), [path]);

    await db
      .updateTable('posts')
      .set({ body_text: 'The plant will employ three hundred welders.', excerpt: 'Welders wanted.' })
      .where('id', '=', post.id)
      .execute();
    assert.deepEqual(await linksFor('"two hundred people"'), []);
    assert.deepEqual(await linksFor('welders sprocket'), [path]);

    await db.updateTable('posts').set({ status: 'draft' }).where('id', '=', post.id).execute();
    assert.deepEqual(await linksFor('sprocket'), []);
    await db.updateTable('posts').set({ status: 'published' }).where('id', '=', post.id).execute();
    assert.deepEqual(await linksFor('sprocket'), [path]);

    const outlet = await ensureSource(db, { slug: 'kommersant', name: 'Kommersant', fullName: null, homepageUrl: null }, new Date());
    await replacePostSources(db, post.id, [{ sourceId: outlet.id, role: 'original', url: null, language: 'ru' }]);
    assert.deepEqual(await linksFor('Kommersant'), [path]);
    await db.updateTable('sources').set({ full_name: 'Kommersant Daily Gazette' }).where('id', '=', outlet.id).execute();
    assert.deepEqual(await linksFor('gazette sprocket'), [path]);
    await replacePostSources(db, post.id, []);
    assert.deepEqual(await linksFor('Kommersant'), []);

    await db.deleteFrom('posts').where('id', '=', post.id).execute();
    assert.deepEqual(await linksFor('sprocket'), []);
  });

  it('never shows drafts, even though they are indexed', async () => {
    await aPost(server.database.db, { title: 'Embargoed marmalade report', status: 'draft' });
    const page = await pageOf(await search('marmalade'));
    assert.deepEqual(resultLinks(page), []);
    assert.match(textOf(page.querySelector('.search-message')), /Nothing matched/);
  });

  it('says when nothing matches and offers the latest stories', async () => {
    const res = await search('xyzzyplugh');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('h1')), 'Search results for “xyzzyplugh”');
    assert.match(textOf(page.querySelector('.search-message')), /Nothing matched your search/);
    assert.equal(page.querySelector('.search-count'), null);
    const latest = page.querySelectorAll('.latest-posts li a');
    assert.equal(latest.length, 5);
    assert.ok(latest.every((a) => /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(a.getAttribute('href') ?? '')));
  });

  it('asks for words when the search is empty or has nothing searchable', async () => {
    for (const path of ['/?s=', '/?s=%20%20', '/?s=%22*%22']) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      const page = await pageOf(res);
      assert.equal(textOf(page.querySelector('h1')), 'Search', path);
      assert.match(textOf(page.querySelector('.search-message')), /Type one or more words/);
      assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute('content'), 'noindex');
      assert.equal(page.querySelectorAll('.latest-posts li').length, 5);
    }
  });

  it('answers every hostile search with a page, never an error', async () => {
    const nasty = [
      '"',
      '""',
      '"""',
      '"a',
      'a"',
      '*',
      '**',
      'a*',
      '*a',
      'NEAR(',
      'NEAR(a b)',
      'NEAR(a b, 2)',
      'NEAR/2',
      '-',
      '--',
      '-a',
      'a -b',
      ':',
      'title:',
      'title:a',
      'title:"a"',
      '{title body}: a',
      '^',
      '^a',
      '(',
      ')',
      '(a',
      'a)',
      '((a))',
      'AND',
      'OR',
      'NOT',
      'a AND',
      'OR b',
      'NOT NOT',
      'a NOT b',
      '+',
      'a+b',
      "'",
      "''",
      "'; drop table posts; --",
      "' or 1=1 --",
      '1=1',
      '%',
      '_',
      '%_%',
      '\\',
      '\\"',
      '&',
      '|',
      '!',
      '<->',
      'a <-> b',
      'a <2> b',
      'a & b',
      '!a',
      'a:*',
      ':*',
      'a:A',
      '&&',
      '||',
      '\0',
      '\0a',
      '\u0001',
      '\uE000',
      '\uE001',
      '\uE000a\uE001',
      '<script>alert(1)</script>',
      '&lt;',
      '😀',
      '😀'.repeat(150),
      'é',
      '\u0301',
      'a\u0301',
      'ـ',
      '\u200B',
      '\u200D',
      '\uFEFF',
      '\u202Eevil',
      'x'.repeat(300),
      'a '.repeat(300),
      Array.from({ length: 40 }, (_, i) => `"w${i} x"`).join(' '),
      '$1',
      '$$',
      '$$a$$',
      "E'\\x00'",
      'select',
      'null',
      'undefined',
      '[object Object]',
      '__proto__',
      'constructor',
    ];
    for (const words of nasty) {
      const res = await search(words);
      assert.equal(res.status, 200, JSON.stringify(words));
      const html = await res.text();
      assert.ok(!html.includes('<script>alert'), JSON.stringify(words));
    }
    for (const raw of ['/?s=%ff', '/?s=%', '/?s=%E0%A4%A', '/?s=a&s=b', '/?s', '/page/2/?s=%ff']) {
      const res = await get(raw);
      assert.ok(res.status === 200 || res.status === 404, `${raw}: ${res.status}`);
    }
  });

  it('paginates at /page/N/?s=words, as WordPress does, and 404s past the end', async () => {
    const made = [];
    for (let i = 0; i < 12; i++)
      made.push(await aPost(server.database.db, { title: `Paginatrix story ${i}`, publishedAt: new Date(Date.UTC(2020, 0, 1 + i)) }));
    const one = await pageOf(await search('paginatrix'));
    assert.equal(textOf(one.querySelector('.search-count')), '12 posts found');
    const first = resultLinks(one);
    assert.equal(first.length, 10);
    assert.equal(one.querySelector('a[rel="next"]')?.getAttribute('href'), '/page/2/?s=paginatrix');
    assert.equal(one.querySelector('a[rel="prev"]'), null);

    const twoRes = await search('paginatrix', 2);
    assert.equal(twoRes.status, 200);
    const two = await pageOf(twoRes);
    assert.equal(textOf(two.querySelector('title')), 'Search results for “paginatrix”, page 2 – Wirepress');
    const second = resultLinks(two);
    assert.equal(second.length, 2);
    assert.equal(two.querySelector('a[rel="prev"]')?.getAttribute('href'), '/?s=paginatrix');
    assert.equal(two.querySelector('a[rel="next"]'), null);
    assert.deepEqual(new Set([...first, ...second]), new Set(made.map((p) => permalinkOf(p))), 'every story once, on one page or the other');

    assert.equal((await search('paginatrix', 3)).status, 404);
    const pageOne = await get('/page/1/?s=paginatrix');
    assert.equal(pageOne.status, 301);
    assert.equal(pageOne.headers.get('location'), '/?s=paginatrix');
    const paged = await get('/?s=paginatrix&paged=2');
    assert.equal(paged.status, 301);
    assert.equal(paged.headers.get('location'), '/page/2/?s=paginatrix');
    const slashless = await get('/page/2?s=paginatrix');
    assert.equal(slashless.status, 301);
    assert.equal(slashless.headers.get('location'), '/page/2/?s=paginatrix');
  });

  it('never puts results in the page cache, nor serves them for the list page of the same path', async () => {
    const res = await search('paginatrix', 2);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-cache'), null);
    for (let i = 0; i < 2; i++) {
      const list = await get('/page/2/');
      assert.equal(list.status, 200);
      if (i === 1) assert.equal(list.headers.get('x-cache'), 'HIT');
      const page = await pageOf(list);
      assert.equal(textOf(page.querySelector('h1')), 'Latest news, page 2');
      assert.equal(page.querySelector('.search-result'), null);
    }
    const again = await search('paginatrix', 2);
    assert.equal(again.headers.get('x-cache'), null);
    assert.equal(resultLinks(await pageOf(again)).length, 2);
  });

  it('shows published pages that match above the posts, linked to their address, their titles escaped', async () => {
    const now = new Date();
    const draft = { slug: '', parentId: null, menuOrder: 0, status: 'published' as const };
    const hostile = await savePage(
      server.database.db,
      { draft: { ...draft, title: 'Frobnicator <script>alert(1)</script> & "ethics"', bodyMarkdown: 'How the frobnicator desk works.' }, authorId: null },
      now,
    );
    await savePage(server.database.db, { draft: { ...draft, title: 'Frobnicator plans', bodyMarkdown: 'Unpublished.', status: 'draft' }, authorId: null }, now);
    const post = await aPost(server.database.db, { title: 'The frobnicator returns' });
    const res = await search('frobnicator');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.doesNotMatch(html, /<script>alert\(1\)<\/script>/);
    const page = await pageOf(new Response(html));
    const group = page.querySelector('.search-pages');
    assert.ok(group, 'a group of pages');
    assert.equal(textOf(group.querySelector('h2')), 'Page');
    const links = group.querySelectorAll('.search-page-result a');
    assert.deepEqual(
      links.map((a) => a.getAttribute('href')),
      [hostile.href],
    );
    assert.equal(textOf(links[0]!), 'Frobnicator <script>alert(1)</script> & "ethics"');
    assert.deepEqual(
      group.querySelectorAll('.search-snippet mark').map((m) => textOf(m).toLowerCase()),
      ['frobnicator'],
    );
    // The posts below, counted as before: pages are not posts.
    assert.equal(textOf(page.querySelector('.search-count')), '1 post found');
    assert.deepEqual(resultLinks(page), [permalinkOf(post)]);
    // The group comes first.
    assert.ok(html.indexOf('search-pages') < html.indexOf('search-results'));
  });

  it('a page alone found says so, above the latest posts', async () => {
    const now = new Date();
    const saved = await savePage(
      server.database.db,
      {
        draft: { slug: '', parentId: null, menuOrder: 0, status: 'published', title: 'Gazump desk', bodyMarkdown: 'Contact the gazump desk.' },
        authorId: null,
      },
      now,
    );
    const res = await search('gazump');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.deepEqual(
      page.querySelectorAll('.search-page-result a').map((a) => a.getAttribute('href')),
      [saved.href],
    );
    assert.equal(textOf(page.querySelector('.search-message')), 'No posts matched your search, but the page above did. The latest stories are below.');
    assert.equal(page.querySelector('.search-count'), null);
  });
});
