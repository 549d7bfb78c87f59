import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { parseSearchQuery } from '../domain/search.ts';
import type { PageDraft } from '../domain/pages.ts';
import { deletePage, savePage } from './pages.ts';
import { searchPosts } from './search.ts';
import { loadSiteSettings, updateSiteSettings } from './settings.ts';

/** Static pages are found by the site's search, published ones only, in the site's language. */
describe('pages in search results', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T12:00:00Z');

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  const draft = (fields: Partial<PageDraft> & { title: string; bodyMarkdown: string }): PageDraft => ({
    slug: '',
    parentId: null,
    menuOrder: 0,
    status: 'published',
    ...fields,
  });

  async function search(words: string, page = 1) {
    const settings = await loadSiteSettings(database.db);
    return searchPosts(database, parseSearchQuery(words), { page, perPage: 2, language: settings.language, now });
  }
  const hrefsFor = async (words: string) => (await search(words)).pages.map((p) => p.href);

  it('finds a published page by a word of its text, with the word highlighted, and never a draft', async () => {
    const published = await savePage(
      database.db,
      { draft: draft({ title: 'Corrections policy', bodyMarkdown: 'We **correct** mistakes openly and note every ombudsman ruling.' }), authorId: null },
      now,
    );
    await savePage(
      database.db,
      { draft: draft({ title: 'Ombudsman notes', bodyMarkdown: 'Not ready: ombudsman draft.', status: 'draft' }), authorId: null },
      now,
    );
    const found = await search('ombudsman');
    assert.deepEqual(
      found.pages.map((p) => p.href),
      [published.href],
    );
    assert.equal(found.pages[0]!.title, 'Corrections policy');
    assert.deepEqual(
      found.pages[0]!.snippet.filter((p) => p.match).map((p) => p.text),
      ['ombudsman'],
    );
    // The text searched is the page's words, not its Markdown.
    assert.ok(!found.pages[0]!.snippet.some((p) => p.text.includes('**')), JSON.stringify(found.pages[0]!.snippet));
    // No post matched: the latest posts are offered below, as before.
    assert.equal(found.total, 0);
    assert.equal(found.hits.length, 0);
  });

  it('shows at most three pages, on the first page of results only, and leaves the posts’ count and paging as they were', async () => {
    for (let i = 0; i < 4; i++) await savePage(database.db, { draft: draft({ title: `Xylophone room ${i}`, bodyMarkdown: 'Music.' }), authorId: null }, now);
    for (let i = 0; i < 3; i++) await aPost(database.db, { title: `Xylophone concert ${i}`, publishedAt: new Date('2026-05-01T00:00:00Z') });
    const first = await search('xylophone');
    assert.equal(first.pages.length, 3);
    assert.equal(first.total, 3);
    assert.equal(first.hits.length, 2);
    assert.equal(first.hasNext, true);
    const second = await search('xylophone', 2);
    assert.deepEqual(second.pages, []);
    assert.equal(second.hits.length, 1);
  });

  it('a page taken down or deleted is gone from the results', async () => {
    const saved = await savePage(database.db, { draft: draft({ title: 'Quokka desk', bodyMarkdown: 'Our quokka correspondents.' }), authorId: null }, now);
    assert.deepEqual(await hrefsFor('quokka'), [saved.href]);
    await savePage(
      database.db,
      { id: saved.id, draft: draft({ title: 'Quokka desk', bodyMarkdown: 'Our quokka correspondents.', status: 'draft' }), authorId: null },
      now,
    );
    assert.deepEqual(await hrefsFor('quokka'), []);
    await savePage(database.db, { id: saved.id, draft: draft({ title: 'Quokka desk', bodyMarkdown: 'Our quokka correspondents.' }), authorId: null }, now);
    assert.deepEqual(await hrefsFor('quokka'), [saved.href]);
    await deletePage(database.db, saved.id, now);
    assert.deepEqual(await hrefsFor('quokka'), []);
  });

  it('a page edited is found by its new words, not its old ones', async () => {
    const saved = await savePage(database.db, { draft: draft({ title: 'Tips', bodyMarkdown: 'Send tips by wombatmail.' }), authorId: null }, now);
    await savePage(database.db, { id: saved.id, draft: draft({ title: 'Tips', bodyMarkdown: 'Send tips by pigeonpost.' }), authorId: null }, now);
    assert.deepEqual(await hrefsFor('wombatmail'), []);
    assert.deepEqual(await hrefsFor('pigeonpost'), [saved.href]);
  });

  it('follows the site’s language: pages are indexed again when it changes, and found by another form of a word', async () => {
    const saved = await savePage(
      database.db,
      { draft: draft({ title: 'О редакции', slug: 'o-redakcii', bodyMarkdown: 'Редакция ведёт переговоры с читателями.' }), authorId: null },
      now,
    );
    // In English, a Russian word is matched only as written.
    assert.deepEqual(await hrefsFor('переговорах'), []);
    await updateSiteSettings(database, { ...(await loadSiteSettings(database.db)), language: 'ru' }, now);
    assert.deepEqual(await hrefsFor('переговорах'), [saved.href]);
    assert.deepEqual(await hrefsFor('редакцией'), [saved.href]);
    // A page written after the change is indexed in the new language by the triggers.
    const later = await savePage(
      database.db,
      { draft: draft({ title: 'Вакансии', slug: 'vakansii', bodyMarkdown: 'Ищем корреспондентов.' }), authorId: null },
      now,
    );
    assert.deepEqual(await hrefsFor('корреспондент'), [later.href]);
  });
});
