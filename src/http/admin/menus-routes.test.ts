import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { pageOf, textOf, type HTMLElement } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loadMenusForAdmin } from '../../services/menus.ts';
import { findPageByPath } from '../../storage/pages.ts';

describe('menus: edited in the admin without JavaScript, shown on every page', () => {
  let server: TestServer;
  let asEditor: AdminSession;
  let asAuthor: AdminSession;

  before(async () => {
    server = await startTestServer();
    asEditor = await signIn(server, await aUser(server.database.db, 'editor'));
    asAuthor = await signIn(server, await aUser(server.database.db, 'author'));
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const linksOf = (page: HTMLElement, selector: string) => page.querySelectorAll(`${selector} a`).map((a) => [textOf(a), a.getAttribute('href')]);
  const footerOf = async (path: string) => linksOf(await pageOf(await get(path)), '.footer-nav');
  const headerOf = async (path: string) => linksOf(await pageOf(await get(path)), '.site-nav');

  it('a fresh site has the demo categories in the header and its pages in the footer', async () => {
    assert.deepEqual(await headerOf('/'), [
      ['Latest news', '/'],
      ['World', '/category/world/'],
      ['Site news', '/category/site-news/'],
    ]);
    assert.deepEqual(await footerOf(DEMO_ARTICLE_PATH), [
      ['About', '/about/'],
      ['Corrections policy', '/corrections-policy/'],
    ]);
  });

  it('adds, moves and removes items; every cached page shows each change at once', async () => {
    // Both pages are in the cache before the change.
    await get('/');
    await get(DEMO_ARTICLE_PATH);
    assert.equal((await get('/')).headers.get('x-cache'), 'HIT');
    const added = await asEditor.post('/admin/menus/', { menu: 'footer', target: 'url', url: 'https://example.org/ethics', label: 'Ethics code' });
    assert.equal(added.status, 303);
    const expected = [
      ['About', '/about/'],
      ['Corrections policy', '/corrections-policy/'],
      ['Ethics code', 'https://example.org/ethics'],
    ];
    assert.deepEqual(await footerOf('/'), expected);
    assert.deepEqual(await footerOf(DEMO_ARTICLE_PATH), expected);
    const [item] = (await loadMenusForAdmin(server.database.db)).footer.slice(-1);
    assert.ok(item);
    assert.equal((await asEditor.post(`/admin/menus/${item.id}/move/`, { direction: 'up' })).status, 303);
    assert.deepEqual(
      (await footerOf('/')).map(([label]) => label),
      ['About', 'Ethics code', 'Corrections policy'],
    );
    assert.equal((await asEditor.post(`/admin/menus/${item.id}/remove/`, {})).status, 303);
    assert.deepEqual(
      (await footerOf('/')).map(([label]) => label),
      ['About', 'Corrections policy'],
    );
  });

  it('an item for a page, a tag or a source takes its name when no label is typed, and follows a page that moves', async () => {
    const about = await findPageByPath(server.database.db, 'about');
    assert.ok(about);
    const form = await pageOf(await asEditor.get('/admin/menus/'));
    const options = form.querySelectorAll('#target option').map((o) => o.getAttribute('value'));
    assert.ok(options.includes(`page:${about.id}`) && options.some((v) => v?.startsWith('tag:')) && options.some((v) => v?.startsWith('source:')));
    const tag = options.find((v) => v?.startsWith('tag:'))!;
    assert.equal((await asEditor.post('/admin/menus/', { menu: 'header', target: tag, url: '', label: '' })).status, 303);
    assert.equal((await asEditor.post('/admin/menus/', { menu: 'header', target: `page:${about.id}`, url: '', label: 'Who we are' })).status, 303);
    const header = await headerOf('/');
    assert.ok(header.some(([, href]) => href?.startsWith('/tag/')));
    assert.ok(header.some(([label, href]) => label === 'Who we are' && href === '/about/'));
    const moved = await asEditor.post(`/admin/pages/${about.id}/`, {
      title: 'About',
      slug: 'about-us',
      body: about.bodyMarkdown,
      parent: '',
      menu_order: '0',
      status: 'published',
    });
    assert.equal(moved.status, 303);
    assert.ok((await headerOf(DEMO_ARTICLE_PATH)).some(([label, href]) => label === 'Who we are' && href === '/about-us/'));
    // A draft page's item is kept but not shown.
    await asEditor.post(`/admin/pages/${about.id}/`, {
      title: 'About',
      slug: 'about-us',
      body: about.bodyMarkdown,
      parent: '',
      menu_order: '0',
      status: 'draft',
    });
    assert.ok(!(await headerOf('/')).some(([label]) => label === 'Who we are'));
    assert.match(textOf(await pageOf(await asEditor.get('/admin/menus/'))), /Not shown: what it links to is a draft/);
    await asEditor.post(`/admin/pages/${about.id}/`, {
      title: 'About',
      slug: 'about',
      body: about.bodyMarkdown,
      parent: '',
      menu_order: '0',
      status: 'published',
    });
  });

  it('refuses a javascript: address, a missing label and an unknown target with 422, input kept', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ menu: 'footer', target: 'url', url: 'javascript:alert(1)', label: 'Bad' }, '#url-error'],
      [{ menu: 'footer', target: 'url', url: '//evil.example/', label: 'Bad' }, '#url-error'],
      [{ menu: 'footer', target: 'url', url: '/ok/', label: '' }, '#label-error'],
      [{ menu: 'footer', target: 'page:999999', url: '', label: 'Gone' }, '#target-error'],
      [{ menu: 'sidebar', target: 'url', url: '/ok/', label: 'Side' }, '#menu-error'],
      [{ menu: 'footer', target: 'url', url: '/ok/', label: 'Bell\u0007' }, '#label-error'],
    ];
    for (const [fields, errorId] of cases) {
      const res = await asEditor.post('/admin/menus/', fields);
      assert.equal(res.status, 422, JSON.stringify(fields));
      const page = await pageOf(res);
      assert.ok(page.querySelector(errorId), `${errorId} for ${JSON.stringify(fields)}`);
      assert.equal(page.querySelector('#label')?.getAttribute('value'), fields.label);
    }
    assert.ok(!(await footerOf('/')).some(([label]) => label === 'Bad' || label === 'Gone'));
  });

  it('escapes a hostile label on every page', async () => {
    const label = '<script>alert("menu")</script>';
    assert.equal((await asEditor.post('/admin/menus/', { menu: 'footer', target: 'url', url: '/x/', label })).status, 303);
    const html = await (await get('/')).text();
    assert.ok(!html.includes(label));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;menu&quot;)&lt;/script&gt;') || html.includes('&lt;script&gt;alert("menu")&lt;/script&gt;'));
    const item = (await loadMenusForAdmin(server.database.db)).footer.find((i) => i.label === label);
    assert.ok(item);
    await asEditor.post(`/admin/menus/${item.id}/remove/`, {});
  });

  it('only editors and above change the menus', async () => {
    assert.equal((await asAuthor.get('/admin/menus/')).status, 403);
    const before = await loadMenusForAdmin(server.database.db);
    assert.equal((await asAuthor.post('/admin/menus/', { menu: 'footer', target: 'url', url: '/x/', label: 'Author' })).status, 403);
    const first = before.footer[0]!;
    assert.equal((await asAuthor.post(`/admin/menus/${first.id}/remove/`, {})).status, 403);
    assert.equal((await asAuthor.post(`/admin/menus/${first.id}/move/`, { direction: 'down' })).status, 403);
    assert.deepEqual(await loadMenusForAdmin(server.database.db), before);
  });
});
