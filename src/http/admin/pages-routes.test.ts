import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { findPageByPath } from '../../storage/pages.ts';

const PAGE = { title: 'Ethics', slug: '', body: 'We **check** every claim.', parent: '', menu_order: '0', status: 'published' };

describe('pages: the admin editor and the public addresses', () => {
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
  const create = async (fields: Record<string, string>) => {
    const res = await asEditor.post('/admin/pages/new/', fields);
    assert.equal(res.status, 303, `saved: ${res.status}`);
    const id = Number(/\/admin\/pages\/(\d+)\//.exec(res.headers.get('location') ?? '')?.[1]);
    assert.ok(id > 0);
    return id;
  };

  it('an editor writes a page that readers find at /<slug>/, without a date, comment form or place in the lists', async () => {
    const id = await create(PAGE);
    const edit = await asEditor.get(`/admin/pages/${id}/?saved=published`);
    assert.equal(edit.status, 200);
    assert.match(textOf(await pageOf(edit)), /Page saved\. Readers can see it now\./);
    const res = await get('/ethics/');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('h1')), 'Ethics');
    assert.equal(page.querySelector('.article-body strong')?.textContent, 'check');
    assert.equal(page.querySelector('main time'), null, 'no date');
    assert.equal(page.querySelector('#respond, form[action$="comments"]'), null, 'no comment form');
    assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute('href'), '/ethics/');
    const home = await (await get('/')).text();
    assert.ok(!home.includes('We check every claim'), 'not in the home list');
    const feed = await (await get('/feed/')).text();
    assert.ok(!feed.includes('Ethics'), 'not in the feed');
    const sitemap = await (await get('/sitemap-pages.xml')).text();
    assert.match(sitemap, /<loc>http:\/\/127\.0\.0\.1:\d+\/ethics\/<\/loc>/);
  });

  it('lists pages in the admin, and nests a child page at /<parent>/<child>/ with a trail back up', async () => {
    const parentId = await create({ ...PAGE, title: 'Newsroom', body: 'Who we are.' });
    await create({ ...PAGE, title: 'Team', parent: String(parentId), body: 'Reporters and editors.' });
    const res = await get('/newsroom/team/');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('h1')), 'Team');
    assert.equal(page.querySelector('.page-trail a')?.getAttribute('href'), '/newsroom/');
    assert.equal((await get('/team/')).status, 404, 'a child is only under its parent');
    const list = await pageOf(await asEditor.get('/admin/pages/'));
    const links = list.querySelectorAll('.admin-table a').map((a) => a.getAttribute('href'));
    assert.ok(links.includes('/newsroom/team/'));
  });

  it('a page whose slug changes answers at its old address with a 301, and so do the pages under it', async () => {
    const parentId = await create({ ...PAGE, title: 'Contact', body: 'Write to us.' });
    await create({ ...PAGE, title: 'Tips', parent: String(parentId), body: 'Send a tip.' });
    const res = await asEditor.post(`/admin/pages/${parentId}/`, { ...PAGE, title: 'Contact', slug: 'contact-us', body: 'Write to us.' });
    assert.equal(res.status, 303);
    const moved = await get('/contact/');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/contact-us/');
    const child = await get('/contact/tips/');
    assert.equal(child.status, 301);
    assert.equal(child.headers.get('location'), '/contact-us/tips/');
    assert.equal((await get('/contact-us/tips/')).status, 200);
  });

  it('numbers a slug another page has (-2), and refuses the words the site uses itself', async () => {
    const first = await create({ ...PAGE, title: 'Standards', body: 'One.' });
    const second = await create({ ...PAGE, title: 'Standards', body: 'Two.' });
    assert.notEqual(first, second);
    assert.equal((await findPageByPath(server.database.db, 'standards-2'))?.id, second);
    for (const slug of ['category', 'feed', 'admin', 'wp-json', '2022']) {
      const res = await asEditor.post('/admin/pages/new/', { ...PAGE, title: 'Taken', slug });
      assert.equal(res.status, 422, slug);
      const page = await pageOf(res);
      assert.match(textOf(page.querySelector('#slug-error')), /address the site uses itself/);
      assert.equal(page.querySelector('#title')?.getAttribute('value'), 'Taken', 'input kept');
    }
    // The same word under a parent is no clash.
    const parent = await create({ ...PAGE, title: 'Help', body: 'Help.' });
    await create({ ...PAGE, title: 'Search', parent: String(parent), body: 'How to search.' });
    assert.equal((await get('/help/search/')).status, 200);
  });

  it('re-renders a form with mistakes with 422, the input kept and each message beside its field', async () => {
    const res = await asEditor.post('/admin/pages/new/', { ...PAGE, title: '', slug: 'Not A Slug', body: 'Kept text\u0001', menu_order: 'first' });
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.ok(page.querySelector('#title-error'));
    assert.ok(page.querySelector('#menu_order-error'));
    assert.ok(page.querySelector('#body-error'));
    assert.equal(page.querySelector('#body')?.textContent, 'Kept text\u0001');
    assert.equal(page.querySelector('#menu_order')?.getAttribute('value'), 'first');
    const bad = await asEditor.post('/admin/pages/new/', { ...PAGE, title: 'Bad slug', slug: 'Not A Slug' });
    assert.equal(bad.status, 422);
    assert.ok((await pageOf(bad)).querySelector('#slug-error'));
  });

  it('escapes a hostile title and slug, and sanitizes the body', async () => {
    const title = '<script>alert(1)</script> & "quotes"';
    const id = await create({ ...PAGE, title, slug: 'hostile', body: 'Hi <img src=x onerror=alert(1)> [x](javascript:alert(1))' });
    const html = await (await get('/hostile/')).text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const body = (await pageOf(new Response(html))).querySelector('.article-body');
    assert.ok(body);
    // Markup typed in the body shows as text at most: no element, no attribute runs.
    assert.equal(body.querySelectorAll('img, script, [onerror], [href^="javascript"]').length, 0);
    const admin = await (await asEditor.get(`/admin/pages/${id}/`)).text();
    assert.ok(!admin.includes('<script>alert(1)</script>'));
    const slugged = await asEditor.post('/admin/pages/new/', { ...PAGE, title: 'x', slug: '"><script>alert(2)</script>' });
    assert.equal(slugged.status, 422);
    assert.ok(!(await slugged.text()).includes('<script>alert(2)</script>'));
  });

  it('drafts are not shown to readers; a published page comes and goes on a cached site at once', async () => {
    const id = await create({ ...PAGE, title: 'Masthead', status: 'draft', body: 'Draft text.' });
    assert.equal((await get('/masthead/')).status, 404);
    await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Masthead', status: 'published', body: 'First text.' });
    const first = await get('/masthead/');
    assert.match(await first.text(), /First text\./);
    const again = await get('/masthead/');
    assert.equal(again.headers.get('x-cache'), 'HIT', 'the page is cached');
    await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Masthead', status: 'published', body: 'Second text.' });
    assert.match(await (await get('/masthead/')).text(), /Second text\./);
    await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Masthead', status: 'draft', body: 'Second text.' });
    assert.equal((await get('/masthead/')).status, 404);
  });

  it('only editors and above manage pages', async () => {
    assert.equal((await asAuthor.get('/admin/pages/')).status, 403);
    assert.equal((await asAuthor.get('/admin/pages/new/')).status, 403);
    const res = await asAuthor.post('/admin/pages/new/', { ...PAGE, title: 'By an author', slug: 'by-an-author' });
    assert.equal(res.status, 403);
    assert.equal(await findPageByPath(server.database.db, 'by-an-author'), undefined);
    const nav = await pageOf(await asAuthor.get('/admin/'));
    assert.equal(nav.querySelector('a[href="/admin/pages/"]'), null);
    assert.ok((await pageOf(await asEditor.get('/admin/'))).querySelector('a[href="/admin/pages/"]'));
    const anonymous = await get('/admin/pages/');
    assert.equal(anonymous.status, 302);
  });

  it('the demo site has its About and Corrections policy pages', async () => {
    for (const [path, title] of [
      ['/about/', 'About'],
      ['/corrections-policy/', 'Corrections policy'],
    ] as const) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(textOf((await pageOf(res)).querySelector('h1')), title);
    }
  });
  const versionOn = async (id: number) =>
    (await pageOf(await asEditor.get(`/admin/pages/${id}/`))).querySelector('input[name="version"]')?.getAttribute('value') ?? '';

  it('deletes a page after a confirmation step without JavaScript; its address and the one it moved from answer 410 Gone', async () => {
    const id = await create({ ...PAGE, title: 'Old policy', body: 'Retired text.' });
    assert.equal((await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Old policy', slug: 'retired-policy', body: 'Retired text.' })).status, 303);
    assert.equal((await get('/old-policy/')).status, 301);

    const confirm = await asEditor.get(`/admin/pages/${id}/delete/`);
    assert.equal(confirm.status, 200);
    const form = (await pageOf(confirm)).querySelector(`form[action="/admin/pages/${id}/delete/"]`);
    assert.ok(form, 'a plain form asks to confirm');
    assert.equal(form.getAttribute('method'), 'post');
    assert.match(textOf(form), /\/retired-policy\//);

    const res = await asEditor.post(`/admin/pages/${id}/delete/`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/pages/?done=deleted');
    const list = await pageOf(await asEditor.get('/admin/pages/?done=deleted'));
    assert.match(textOf(list.querySelector('.admin-notice')), /Page deleted/);
    assert.ok(!textOf(list.querySelector('main')).includes('Old policy'));
    for (const path of ['/retired-policy/', '/old-policy/']) {
      const gone = await get(path);
      assert.equal(gone.status, 410, path);
      assert.equal(gone.headers.get('location'), null, `${path} redirects nowhere`);
    }
    assert.equal((await asEditor.get(`/admin/pages/${id}/`)).status, 404);
    assert.equal((await asEditor.post(`/admin/pages/${id}/delete/`, {})).status, 404, 'deleting twice finds nothing');

    // A new page at the address takes it back.
    await create({ ...PAGE, title: 'Retired policy', slug: 'retired-policy', body: 'A new text.' });
    assert.equal((await get('/retired-policy/')).status, 200);
  });

  it('refuses to delete a page with pages under it or a menu item leading to it, and lists them', async () => {
    const parent = await create({ ...PAGE, title: 'Departments', body: 'Our desks.' });
    const child = await create({ ...PAGE, title: 'Sports desk', parent: String(parent), body: 'Sports.' });
    const confirm = await pageOf(await asEditor.get(`/admin/pages/${parent}/delete/`));
    assert.equal(confirm.querySelector(`form[action="/admin/pages/${parent}/delete/"]`), null, 'no button to press');
    assert.equal(confirm.querySelector('.admin-warning a')?.getAttribute('href'), `/admin/pages/${child}/`);
    assert.match(textOf(confirm.querySelector('.admin-warning')), /Sports desk/);
    assert.equal((await asEditor.post(`/admin/pages/${parent}/delete/`, {})).status, 409);
    assert.equal((await get('/departments/')).status, 200, 'still there');

    assert.equal((await asEditor.post('/admin/menus/', { menu: 'footer', target: `page:${child}`, url: '', label: 'Sports' })).status, 303);
    const blocked = await asEditor.post(`/admin/pages/${child}/delete/`, {});
    assert.equal(blocked.status, 409);
    const page = await pageOf(blocked);
    assert.match(textOf(page.querySelector('.admin-warning')), /Footer menu: Sports/);
    assert.equal((await get('/departments/sports-desk/')).status, 200, 'still there');
  });

  it('only editors and above delete pages', async () => {
    const id = await create({ ...PAGE, title: 'Staff only', body: 'Kept.' });
    assert.equal((await asAuthor.get(`/admin/pages/${id}/delete/`)).status, 403);
    assert.equal((await asAuthor.post(`/admin/pages/${id}/delete/`, {})).status, 403);
    assert.equal((await get('/staff-only/')).status, 200);
  });

  it('two editors save the same page: the second gets a 409 page with both texts, nothing lost', async () => {
    const id = await create({ ...PAGE, title: 'Corrections', body: 'The first text.' });
    const opened = await versionOn(id);
    assert.ok(opened, 'the editor carries the version it was loaded from');
    const first = await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Corrections', body: 'Their text.', version: opened });
    assert.equal(first.status, 303);

    const second = await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Corrections policy', body: 'My text.', version: opened });
    assert.equal(second.status, 409);
    const page = await pageOf(second);
    assert.equal(page.querySelector('textarea#body')?.textContent, 'My text.');
    assert.equal(page.querySelector('input#title')?.getAttribute('value'), 'Corrections policy');
    assert.equal(page.querySelector('textarea#their-body')?.textContent, 'Their text.');
    assert.match(textOf(page.querySelector('.page-conflict')), /Someone else saved this page/);
    assert.equal((await findPageByPath(server.database.db, 'corrections'))?.bodyMarkdown, 'Their text.', 'theirs is kept');

    // Saving the form again, having seen theirs, is a choice: it carries their version now.
    const newVersion = page.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    assert.notEqual(newVersion, opened);
    assert.equal((await asEditor.post(`/admin/pages/${id}/`, { ...PAGE, title: 'Corrections', body: 'My text.', version: newVersion })).status, 303);
    assert.equal((await findPageByPath(server.database.db, 'corrections'))?.bodyMarkdown, 'My text.');
  });
});
