import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { PAGE_LISTS, pageKey, type PageDraft } from '../domain/pages.ts';
import { addMenuItem, loadMenus, moveMenuItem, removeMenuItem } from '../services/menus.ts';
import { changePage, createPage, findPublicPage, listPublishedPages } from '../services/pages.ts';
import { listChangesSince, findLatestChangeId } from './changes.ts';
import { findPageByPath, findPageRedirect } from './pages.ts';

const draft = (over: Partial<PageDraft> = {}): PageDraft => ({
  title: 'About',
  slug: '',
  bodyMarkdown: 'Text.',
  parentId: null,
  menuOrder: 0,
  status: 'published',
  ...over,
});

describe(`pages and menus in storage (${TEST_BACKEND})`, () => {
  let database: TestDatabase;
  const now = new Date('2026-01-05T10:00:00Z');
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  const keysOf = async (work: () => Promise<unknown>) => {
    const from = await findLatestChangeId(database.db);
    await work();
    return (await listChangesSince(database.db, from, 100)).flatMap((c) => c.keys);
  };

  it('creates pages with parents and menu order, found by their full path', async () => {
    const about = await createPage(database.db, { draft: draft({ menuOrder: 3 }), authorId: null }, now);
    assert.deepEqual({ path: about.path, href: about.href }, { path: 'about', href: '/about/' });
    const team = await createPage(database.db, { draft: draft({ title: 'Our team', parentId: about.id, menuOrder: -2 }), authorId: null }, now);
    assert.equal(team.path, 'about/our-team');
    const stored = await findPageByPath(database.db, 'about/our-team');
    assert.equal(stored?.parentId, about.id);
    assert.equal(stored?.menuOrder, -2);
    assert.equal(stored?.commentsOpen, false, 'comments closed by default');
    assert.equal(stored?.publishedAt?.toISOString(), now.toISOString());
    const found = await findPublicPage(database.db, 'about/our-team');
    assert.equal(found?.kind, 'page');
    assert.deepEqual(found?.kind === 'page' && found.parents.map((p) => p.id), [about.id]);
  });

  it('numbers duplicate slugs under the same parent, in any script', async () => {
    const a = await createPage(database.db, { draft: draft({ title: 'О нас' }), authorId: null }, now);
    const b = await createPage(database.db, { draft: draft({ title: 'О нас' }), authorId: null }, now);
    const c = await createPage(database.db, { draft: draft({ title: 'О нас' }), authorId: null }, now);
    assert.deepEqual([a.path, b.path, c.path], ['о-нас', 'о-нас-2', 'о-нас-3']);
    const long = 'x'.repeat(200);
    await createPage(database.db, { draft: draft({ slug: long }), authorId: null }, now);
    const second = await createPage(database.db, { draft: draft({ slug: long }), authorId: null }, now);
    assert.equal(second.path.length, 200);
    assert.ok(second.path.endsWith('-2'));
  });

  it('refuses a reserved slug at the top level, a missing parent and a page under itself, and writes nothing', async () => {
    await assert.rejects(createPage(database.db, { draft: draft({ slug: 'feed' }), authorId: null }, now), /address the site uses itself/);
    await assert.rejects(createPage(database.db, { draft: draft({ slug: 'parentless', parentId: 987654 }), authorId: null }, now), /parent page/);
    assert.equal(await findPageByPath(database.db, 'parentless'), undefined);
    const top = await createPage(database.db, { draft: draft({ title: 'Top' }), authorId: null }, now);
    const below = await createPage(database.db, { draft: draft({ title: 'Below', parentId: top.id }), authorId: null }, now);
    await assert.rejects(changePage(database.db, top.id, { draft: draft({ title: 'Top', parentId: below.id }), authorId: null }, now), /under itself/);
    assert.equal((await findPageByPath(database.db, 'top'))?.parentId, null);
  });

  it('keeps old paths as redirects when a page or its parent moves, and frees a path taken again', async () => {
    const guide = await createPage(database.db, { draft: draft({ title: 'Guide' }), authorId: null }, now);
    const step = await createPage(database.db, { draft: draft({ title: 'Step', parentId: guide.id }), authorId: null }, now);
    const keys = await keysOf(() => changePage(database.db, guide.id, { draft: draft({ title: 'Guide', slug: 'handbook' }), authorId: null }, now));
    assert.deepEqual(keys, [EVERY_PAGE]);
    assert.equal(await findPageRedirect(database.db, 'guide'), guide.id);
    assert.equal(await findPageRedirect(database.db, 'guide/step'), step.id);
    assert.deepEqual(await findPublicPage(database.db, 'guide/step'), { kind: 'moved', location: '/handbook/step/' });
    // A new page at the old path takes it back from the redirect.
    const again = await createPage(database.db, { draft: draft({ title: 'Guide' }), authorId: null }, now);
    assert.equal(again.path, 'guide');
    assert.equal(await findPageRedirect(database.db, 'guide'), undefined);
    assert.equal((await findPublicPage(database.db, 'guide'))?.kind, 'page');
  });

  it('names the cached pages a save changes: itself for an edit in place, every page when it comes, goes or moves', async () => {
    const p = await createPage(database.db, { draft: draft({ title: 'Policy', status: 'draft' }), authorId: null }, now);
    assert.deepEqual(
      await keysOf(() => changePage(database.db, p.id, { draft: draft({ title: 'Policy', status: 'draft', bodyMarkdown: 'x' }), authorId: null }, now)),
      [],
    );
    assert.deepEqual(await keysOf(() => changePage(database.db, p.id, { draft: draft({ title: 'Policy' }), authorId: null }, now)), [EVERY_PAGE]);
    assert.deepEqual(await keysOf(() => changePage(database.db, p.id, { draft: draft({ title: 'Policy', bodyMarkdown: 'New' }), authorId: null }, now)), [
      pageKey(p.id),
      PAGE_LISTS,
    ]);
    assert.ok((await listPublishedPages(database.db)).some((x) => x.path === 'policy'));
    assert.deepEqual(await keysOf(() => changePage(database.db, p.id, { draft: draft({ title: 'Policy', status: 'draft' }), authorId: null }, now)), [
      EVERY_PAGE,
    ]);
    assert.equal(await findPublicPage(database.db, 'policy'), undefined);
  });

  it('menus keep their order, turn targets into links, and drop every cached page on each change', async () => {
    const page = await createPage(database.db, { draft: draft({ title: 'Contact' }), authorId: null }, now);
    const keys = await keysOf(async () => {
      await addMenuItem(database.db, { menu: 'footer', label: 'Contact', kind: 'page', targetId: page.id }, now);
      await addMenuItem(database.db, { menu: 'footer', label: 'Elsewhere', kind: 'url', url: 'https://example.org/' }, now);
    });
    assert.deepEqual(keys, [EVERY_PAGE, EVERY_PAGE]);
    assert.deepEqual((await loadMenus(database.db)).footer, [
      { label: 'Contact', href: '/contact/' },
      { label: 'Elsewhere', href: 'https://example.org/' },
    ]);
    const ids = (await database.db.selectFrom('menu_items').select('id').orderBy('position').execute()).map((r) => r.id);
    await moveMenuItem(database.db, ids[1]!, 'up', now);
    assert.deepEqual(
      (await loadMenus(database.db)).footer.map((l) => l.label),
      ['Elsewhere', 'Contact'],
    );
    // At the top it stays, and nothing is dropped from the cache.
    assert.deepEqual(await keysOf(() => moveMenuItem(database.db, ids[1]!, 'up', now)), []);
    await assert.rejects(addMenuItem(database.db, { menu: 'header', label: 'Bad', kind: 'url', url: 'javascript:alert(1)' }, now));
    await assert.rejects(addMenuItem(database.db, { menu: 'header', label: 'Gone', kind: 'page', targetId: 999_999 }, now));
    await removeMenuItem(database.db, ids[0]!, now);
    assert.deepEqual(
      (await loadMenus(database.db)).footer.map((l) => l.label),
      ['Elsewhere'],
    );
  });
});
