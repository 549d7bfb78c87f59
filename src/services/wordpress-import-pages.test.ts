import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { findLegacyLocation } from './legacy-addresses.ts';
import { loadMenus } from './menus.ts';
import { loadSiteSettings, saveSiteSettings } from './settings.ts';
import { exportWordpress } from './wordpress-export.ts';
import { importWordpress, type ImportSummary } from './wordpress-import.ts';

const NOW = new Date('2026-06-01T12:00:00Z');

async function* whole(text: string): AsyncGenerator<string> {
  yield text;
}

function run(database: TestDatabase, text: string, dryRun = false): Promise<ImportSummary> {
  return importWordpress(database, whole(text), { now: () => NOW, dryRun, fileName: 'pages.xml' });
}

interface ItemSpec {
  id: number;
  type: 'page' | 'post' | 'nav_menu_item';
  title: string;
  name?: string;
  status?: string;
  parent?: number;
  order?: number;
  link?: string;
  menu?: string;
  meta?: Record<string, string>;
  category?: string;
}

function item(s: ItemSpec): string {
  const meta = Object.entries(s.meta ?? {})
    .map(([k, v]) => `<wp:postmeta><wp:meta_key><![CDATA[${k}]]></wp:meta_key><wp:meta_value><![CDATA[${v}]]></wp:meta_value></wp:postmeta>`)
    .join('');
  return `<item>
  <title><![CDATA[${s.title}]]></title>
  <link>${s.link ?? `https://old.example.net/?p=${s.id}`}</link>
  <dc:creator><![CDATA[editor]]></dc:creator>
  <guid isPermaLink="false">https://old.example.net/?p=${s.id}</guid>
  <content:encoded><![CDATA[<p>Text of ${s.title}.</p>]]></content:encoded>
  <wp:post_id>${s.id}</wp:post_id>
  <wp:post_date><![CDATA[2021-05-01 10:00:00]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[2021-05-01 08:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[${s.name ?? String(s.id)}]]></wp:post_name>
  <wp:status><![CDATA[${s.status ?? 'publish'}]]></wp:status>
  <wp:post_parent>${s.parent ?? 0}</wp:post_parent>
  <wp:menu_order>${s.order ?? 0}</wp:menu_order>
  <wp:post_type><![CDATA[${s.type}]]></wp:post_type>
  ${s.menu ? `<category domain="nav_menu" nicename="${s.menu}"><![CDATA[${s.menu}]]></category>` : ''}
  ${s.category ? `<category domain="category" nicename="${s.category}"><![CDATA[${s.category}]]></category>` : ''}
  ${meta}
</item>`;
}

const menuItem = (id: number, menu: string, order: number, title: string, meta: Record<string, string>): ItemSpec => ({
  id,
  type: 'nav_menu_item',
  title,
  menu,
  order,
  meta,
});

function exportOf(items: ItemSpec[]): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Desk</title>
  <link>https://old.example.net</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.net</wp:base_site_url>
  <wp:base_blog_url>https://old.example.net</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_email><![CDATA[editor@old.example.net]]></wp:author_email><wp:author_display_name><![CDATA[The Editor]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>5</wp:term_id><wp:category_nicename><![CDATA[world]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>
  <wp:term><wp:term_id>40</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy><wp:term_slug><![CDATA[main]]></wp:term_slug><wp:term_name><![CDATA[Main]]></wp:term_name></wp:term>
  <wp:term><wp:term_id>41</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy><wp:term_slug><![CDATA[legal]]></wp:term_slug><wp:term_name><![CDATA[Legal]]></wp:term_name></wp:term>
  ${items.map(item).join('\n')}
</channel>
</rss>`;
}

const ITEMS: ItemSpec[] = [
  // The child comes before its parent, as exports often have it.
  { id: 31, type: 'page', title: 'Our team', name: 'team', parent: 30, order: 2, link: 'https://old.example.net/about/team/' },
  { id: 30, type: 'page', title: 'About', name: 'about', order: 1, link: 'https://old.example.net/about/' },
  { id: 32, type: 'page', title: 'Search tips', name: 'search', link: 'https://old.example.net/search/' },
  { id: 33, type: 'page', title: 'Unfinished', name: 'unfinished', status: 'draft', link: 'https://old.example.net/?page_id=33' },
  { id: 34, type: 'page', title: 'Old', name: 'old', status: 'trash' },
  { id: 50, type: 'post', title: 'Summit opens', name: 'summit-opens', category: 'world', link: 'https://old.example.net/2021/05/01/summit-opens/' },
  menuItem(60, 'main', 1, '', { _menu_item_type: 'post_type', _menu_item_object: 'page', _menu_item_object_id: '30' }),
  menuItem(61, 'main', 2, 'World news', { _menu_item_type: 'taxonomy', _menu_item_object: 'category', _menu_item_object_id: '5' }),
  menuItem(62, 'main', 3, 'Summit', { _menu_item_type: 'post_type', _menu_item_object: 'post', _menu_item_object_id: '50' }),
  menuItem(63, 'legal', 1, 'Contact', { _menu_item_type: 'custom', _menu_item_object: 'custom', _menu_item_url: 'https://old.example.net/contact/' }),
  menuItem(64, 'legal', 2, 'Press council', { _menu_item_type: 'custom', _menu_item_object: 'custom', _menu_item_url: 'https://press.example/' }),
  menuItem(65, 'main', 4, 'Nowhere', { _menu_item_type: 'post_type', _menu_item_object: 'page', _menu_item_object_id: '999' }),
];

describe('importing WordPress pages and menus', () => {
  let database: TestDatabase;
  let first: ImportSummary;
  before(async () => {
    database = await createTestDatabase();
    first = await run(database, exportOf(ITEMS));
  });
  after(async () => {
    await database.destroy();
  });

  const pages = () => database.db.selectFrom('pages').select(['id', 'path', 'title', 'status', 'menu_order', 'parent_id']).orderBy('path').execute();

  it('imports pages under their parents, in their order; a reserved slug is renamed and counted', async () => {
    assert.deepEqual(first.counts.pages, { created: 4, updated: 0, unchanged: 0 });
    assert.equal(first.pagesRenamed, 1);
    assert.equal(first.skipped['pages in the trash'], 1);
    const rows = await pages();
    assert.deepEqual(
      rows.map((r) => [r.path, r.title, r.status, r.menu_order]),
      [
        ['about', 'About', 'published', 1],
        ['about/team', 'Our team', 'published', 2],
        ['search-page', 'Search tips', 'published', 0],
        ['unfinished', 'Unfinished', 'draft', 0],
      ],
    );
    assert.equal(rows[1]!.parent_id, rows[0]!.id);
  });

  it("answers the old pages' addresses with where they are now", async () => {
    const where = (path: string, query = '') => findLegacyLocation(database.db, path, new URLSearchParams(query), NOW);
    assert.equal(await where('/', 'page_id=30'), '/about/');
    assert.equal(await where('/', 'page_id=31'), '/about/team/');
    assert.equal(await where('/search/'), '/search-page/');
    assert.equal(await where('/', 'page_id=33'), undefined, 'a draft is not shown');
  });

  it('makes the first menu the header and the second the footer, leading to what was imported', async () => {
    assert.deepEqual(first.counts.menuItems, { created: 5, updated: 0, unchanged: 0 });
    assert.equal(first.skipped['menu items leading to pages not imported'], 1);
    const menus = await loadMenus(database.db);
    assert.deepEqual(menus.header, [
      { label: 'About', href: '/about/' },
      { label: 'World news', href: '/category/world/' },
      { label: 'Summit', href: '/2021/05/01/summit-opens/' },
    ]);
    assert.deepEqual(menus.footer, [
      { label: 'Contact', href: '/contact/' },
      { label: 'Press council', href: 'https://press.example/' },
    ]);
  });

  it('run again, duplicates nothing; a changed menu item replaces its copy; a dry run writes nothing', async () => {
    const again = await run(database, exportOf(ITEMS));
    assert.deepEqual(again.counts.pages, { created: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(again.counts.menuItems, { created: 0, updated: 0, unchanged: 5 });
    const before = await loadMenus(database.db);
    const changed = ITEMS.map((i) => (i.id === 64 ? { ...i, title: 'Press council (complaints)' } : i.id === 30 ? { ...i, title: 'About us' } : i));
    const dry = await run(database, exportOf(changed), true);
    assert.deepEqual(dry.counts.menuItems, { created: 0, updated: 1, unchanged: 4 });
    assert.deepEqual(await loadMenus(database.db), before);
    const newer = await run(database, exportOf(changed));
    assert.deepEqual(newer.counts.pages, { created: 0, updated: 1, unchanged: 3 });
    assert.deepEqual(newer.counts.menuItems, { created: 0, updated: 1, unchanged: 4 });
    const menus = await loadMenus(database.db);
    assert.equal(menus.footer.length, 2);
    assert.deepEqual(menus.footer[1], { label: 'Press council (complaints)', href: 'https://press.example/' });
    assert.equal((await pages()).length, 4);
    assert.equal((await pages())[0]!.title, 'About us');
  });
});

describe('an import that stops while it writes pages and menu items', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('leaves no page or menu item without its record, so running it again makes no "-2" copy', async () => {
    // The database refuses the second page's record, as a crash or a lost connection right then would.
    if (TEST_BACKEND === 'sqlite') {
      await sql`create trigger refuse_record before insert on wordpress_items when new.kind = 'page' and new.wp_id = '31' begin select raise(abort, 'refused'); end`.execute(
        database.db,
      );
    } else {
      await sql`create function refuse_record() returns trigger language plpgsql as $$ begin if new.kind = 'page' and new.wp_id = '31' then raise exception 'refused'; end if; return new; end $$`.execute(
        database.db,
      );
      await sql`create trigger refuse_record before insert on wordpress_items for each row execute function refuse_record()`.execute(database.db);
    }
    await assert.rejects(run(database, exportOf(ITEMS)), /refused/);
    const paths = async () => (await database.db.selectFrom('pages').select('path').orderBy('path').execute()).map((r) => r.path);
    // Pages are written parents first: "about" went in with its record, "about/team" was refused with its own.
    assert.deepEqual(await paths(), ['about']);
    if (TEST_BACKEND === 'sqlite') await sql`drop trigger refuse_record`.execute(database.db);
    else await sql`drop trigger refuse_record on wordpress_items`.execute(database.db);
    // Now the menu item's record is refused alone.
    if (TEST_BACKEND === 'sqlite') {
      await sql`${sql.raw(`create trigger refuse_record before insert on wordpress_items when new.kind = 'menu_item' and new.wp_id = '60' begin select raise(abort, 'refused'); end`)}`.execute(
        database.db,
      );
    } else {
      await sql`create or replace function refuse_record() returns trigger language plpgsql as $$ begin if new.kind = 'menu_item' and new.wp_id = '60' then raise exception 'refused'; end if; return new; end $$`.execute(
        database.db,
      );
      await sql`create trigger refuse_record before insert on wordpress_items for each row execute function refuse_record()`.execute(database.db);
    }
    await assert.rejects(run(database, exportOf(ITEMS)), /refused/);
    assert.equal((await loadMenus(database.db)).header.length, 0, 'the menu item went with its record');
    if (TEST_BACKEND === 'sqlite') await sql`drop trigger refuse_record`.execute(database.db);
    else await sql`drop trigger refuse_record on wordpress_items`.execute(database.db);
    const resumed = await run(database, exportOf(ITEMS));
    assert.deepEqual(resumed.counts.pages, { created: 0, updated: 0, unchanged: 4 }, 'each page written before a stop was recorded with it');
    assert.deepEqual(await paths(), ['about', 'about/team', 'search-page', 'unfinished']);
    const menus = await loadMenus(database.db);
    assert.deepEqual(
      menus.header.map((m) => m.label),
      ['About', 'World news', 'Summit'],
    );
  });
});

describe('exporting pages to WordPress and back', () => {
  let original: TestDatabase;
  let copy: TestDatabase;
  before(async () => {
    original = await createTestDatabase();
    copy = await createTestDatabase();
  });
  after(async () => {
    await original.destroy();
    await copy.destroy();
  });

  const pagesOf = async (database: TestDatabase) => {
    const rows = await database.db
      .selectFrom('pages')
      .leftJoin('pages as parent', 'parent.id', 'pages.parent_id')
      .select(['pages.path', 'pages.title', 'pages.status', 'pages.menu_order', 'pages.body_html', 'pages.published_at', 'parent.path as parent_path'])
      .orderBy('pages.path')
      .execute();
    return rows;
  };

  it('writes pages with their parent and order, dates in the site time and in UTC, and reads them back the same', async () => {
    await saveSiteSettings(original.db, { ...(await loadSiteSettings(original.db)), timezone: 'Europe/Moscow' }, NOW);
    await run(original, exportOf(ITEMS));
    let xml = '';
    await exportWordpress(original.db, { siteUrl: 'https://new.example', now: NOW }, (text) => {
      xml += text;
    });
    assert.match(xml, /<wp:post_type><!\[CDATA\[page\]\]><\/wp:post_type>|<wp:post_type>page<\/wp:post_type>/);
    // 08:00 UTC is 11:00 in Moscow.
    assert.match(xml, /<wp:post_date>(<!\[CDATA\[)?2021-05-01 11:00:00(\]\]>)?<\/wp:post_date>/);
    assert.match(xml, /<wp:post_date_gmt>(<!\[CDATA\[)?2021-05-01 08:00:00(\]\]>)?<\/wp:post_date_gmt>/);
    assert.match(xml, /<wp:menu_order>2<\/wp:menu_order>/);
    const summary = await run(copy, xml);
    assert.deepEqual(summary.skipped, {});
    assert.deepEqual(summary.counts.pages, { created: 4, updated: 0, unchanged: 0 });
    assert.deepEqual(await pagesOf(copy), await pagesOf(original));
    const permalinks = await copy.db.selectFrom('posts').select('slug').execute();
    assert.deepEqual(permalinks, [{ slug: 'summit-opens' }]);
  });
});
