import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, type TestDatabaseLocation } from '../../test/support/database.ts';
import { parseSearchQuery } from '../domain/search.ts';
import { createDb, type Database } from './db.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import { textOfSanitizedHtml } from './migrations/034-page-search.ts';
import { searchPublishedPage } from './search.ts';

/** Pages written before migration 034 are found by search once it has run: their text taken from their HTML, published ones indexed. */
describe('migration 034: pages already there are indexed', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  before(async () => {
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
  });
  after(async () => {
    await database.close();
    await place.drop();
  });

  it('reads the text of a sanitized body: tags dropped, character references read', () => {
    assert.equal(
      textOfSanitizedHtml('<p>Our <strong>fact-checking</strong> &amp; corrections&#8217; log</p>\n<p>A&nbsp;B &#x41; &bogus;</p>'),
      'Our fact-checking & corrections’ log A B A &bogus;',
    );
  });

  it('fills the text and the index for published pages, never drafts', async () => {
    await migrateTo(database, '031-deleted-pages');
    const at = '2026-05-01T00:00:00.000Z';
    const page = (id: number, status: string, title: string, html: string) => ({
      id,
      parent_id: null,
      slug: `p${id}`,
      path: `p${id}`,
      title,
      body_markdown: 'ignored',
      body_html: html,
      status,
      menu_order: 0,
      author_id: null,
      comments_open: 0,
      published_at: at,
      created_at: at,
      updated_at: at,
    });
    await database.db
      .insertInto('pages' as never)
      .values([
        page(1, 'published', 'Standards', '<p>Our <strong>ombudsperson</strong> answers &amp; corrects.</p>'),
        page(2, 'draft', 'Ombudsperson draft', '<p>ombudsperson</p>'),
      ] as never)
      .execute();
    await migrateToLatest(database);
    const text = await database.db.selectFrom('pages').select('body_text').where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(text.body_text, 'Our ombudsperson answers & corrects.');
    const found = await searchPublishedPage(database.db, database.search, {
      now: new Date(),
      terms: parseSearchQuery('ombudsperson').terms,
      language: 'en',
      limit: 10,
      offset: 0,
      pages: 3,
    });
    assert.deepEqual(
      found.pages.map((p) => [p.href, p.title]),
      [['/p1/', 'Standards']],
    );
  });
});
