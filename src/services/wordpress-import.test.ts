import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { ROOT } from '../../test/support/process.ts';
import { exportCommenterData } from './privacy.ts';
import { aJpeg } from '../../test/support/images.ts';
import { setPostFeaturedMedia } from '../storage/wordpress-import.ts';
import { inspectUpload, storeInspectedUploads } from './media.ts';
import { MediaVariants } from './media-variants.ts';
import { exportWordpress, mediaFullUrl } from './wordpress-export.ts';
import { ImportStoppedError, importWordpress, uploadsPathOf, type ImportSummary } from './wordpress-import.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
/** The address of the site an export is written from. */
const EXPORTED_FROM = 'https://new.example';
const fixture = (name: string): string => readFileSync(join(ROOT, 'test/fixtures/wordpress', name), 'utf8');

/** The text in pieces of `size` characters, as a file arrives in chunks: fields and tags cut anywhere. */
async function* inPieces(text: string, size = 4096): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function run(database: TestDatabase, text: string, options: { dryRun?: boolean; size?: number; uploadsDir?: string } = {}): Promise<ImportSummary> {
  return importWordpress(database, inPieces(text, options.size), {
    now: () => NOW,
    dryRun: options.dryRun,
    uploadsDir: options.uploadsDir,
    fileName: 'export.xml',
  });
}

async function countOf(
  database: TestDatabase,
  table: 'posts' | 'comments' | 'terms' | 'users' | 'authors' | 'legacy_addresses' | 'content_changes',
): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a reader and an editor see of a site, without ids and the times rows were written. */
async function siteOf(database: TestDatabase) {
  const db = database.db;
  const posts = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.body_markdown',
      'posts.body_html',
      'posts.status',
      'posts.published_at',
      'posts.comments_open',
      'posts.image_url',
      'posts.image_alt',
      'posts.featured_media_id',
      'posts.pinned_at',
      'authors.display_name',
    ])
    .orderBy('posts.slug')
    .execute();
  const out = [];
  for (const { id, image_url, image_alt, featured_media_id, pinned_at, ...fields } of posts) {
    // Whether it is pinned, not when: a pin made here is dated by the editor's click, one imported by the post's date.
    const post = { ...fields, pinned: pinned_at !== null };
    // The image a reader sees at the head of the post: a photo of the library (at its full size here), or an address elsewhere.
    const photo =
      featured_media_id === null ? undefined : await db.selectFrom('media').selectAll().where('id', '=', featured_media_id).executeTakeFirstOrThrow();
    const featured = photo ? { url: mediaFullUrl(EXPORTED_FROM, photo), alt: photo.alt } : image_url ? { url: image_url, alt: image_alt } : null;
    const terms = await db
      .selectFrom('post_terms')
      .innerJoin('terms', 'terms.id', 'post_terms.term_id')
      .leftJoin('terms as parent', 'parent.id', 'terms.parent_id')
      .select(['terms.kind', 'terms.slug', 'terms.name', 'parent.slug as parent'])
      .where('post_id', '=', id)
      .orderBy('terms.kind')
      .orderBy('terms.slug')
      .execute();
    const sources = await db
      .selectFrom('post_sources')
      .innerJoin('sources', 'sources.id', 'post_sources.source_id')
      .select(['sources.name', 'post_sources.role', 'post_sources.url', 'post_sources.language'])
      .where('post_id', '=', id)
      .orderBy('position')
      .execute();
    const comments = await db
      .selectFrom('comments')
      .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
      .select([
        'comments.author_name',
        'comments.author_email',
        'comments.author_url',
        'comments.author_ip',
        'comments.body',
        'comments.status',
        'comments.depth',
        'comments.created_at',
        'parent.body as parent_body',
      ])
      .where('comments.post_id', '=', id)
      .orderBy('comments.created_at')
      .execute();
    out.push({ ...post, featured, terms, sources, comments });
  }
  return out;
}

describe('importing a WordPress export', () => {
  let database: TestDatabase;
  let first: ImportSummary;
  before(async () => {
    database = await createTestDatabase();
    // Small pieces: every field and tag is cut somewhere across two of them.
    first = await run(database, fixture('wxr-1.2.xml'), { size: 61 });
  });
  after(async () => {
    await database.destroy();
  });

  it('counts what it brought in and what it skipped, with why', () => {
    assert.equal(first.site, 'https://old.example.org');
    assert.equal(first.wxrVersion, '1.2');
    assert.equal(first.permalinks, 'day-and-name');
    assert.deepEqual(first.counts.posts, { created: 7, updated: 0, unchanged: 0 });
    assert.deepEqual(first.counts.comments, { created: 5, updated: 0, unchanged: 0 });
    assert.deepEqual(first.counts.authors, { created: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(first.counts.categories, { created: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(first.counts.tags, { created: 2, updated: 0, unchanged: 0 });
    assert.equal(first.counts.attachments.created, 1);
    assert.deepEqual(first.counts.pages, { created: 1, updated: 0, unchanged: 0 });
    assert.deepEqual(first.counts.menuItems, { created: 1, updated: 0, unchanged: 0 });
    assert.deepEqual(first.skipped, {
      revisions: 1,
      'items of type "product"': 1,
      'posts with unknown status "archived"': 1,
      'pingbacks and trackbacks': 1,
    });
    assert.equal(first.usersAwaitingPassword, 2);
  });

  it('maps statuses and dates: published at the GMT time, future stays scheduled, draft, pending and private become drafts', async () => {
    const rows = await database.db.selectFrom('posts').select(['slug', 'status', 'published_at', 'went_live_at']).orderBy('id').execute();
    const bySlug = new Map(rows.map((r) => [r.slug, r]));
    assert.equal(bySlug.get('lavrov-meets-blinken')?.published_at, '2022-02-15T09:00:00.000Z');
    assert.equal(bySlug.get('lavrov-meets-blinken')?.status, 'published');
    assert.equal(bySlug.get('tomorrows-briefing')?.status, 'published');
    assert.equal(bySlug.get('tomorrows-briefing')?.published_at, '2099-01-01T09:00:00.000Z');
    assert.equal(bySlug.get('tomorrows-briefing')?.went_live_at, null, 'a scheduled post waits for the scheduler');
    for (const slug of ['unfinished-draft', 'waiting-for-review', 'staff-only']) {
      assert.equal(bySlug.get(slug)?.status, 'draft', slug);
      assert.equal(bySlug.get(slug)?.published_at, null, slug);
    }
    // A Cyrillic slug, percent-encoded in the export, is kept in its own letters; a duplicate gets -2.
    assert.ok(bySlug.has('заявление-мид'));
    assert.ok(bySlug.has('lavrov-meets-blinken-2'));
  });

  it('cleans bodies as the editor would: no block comments, shortcodes as HTML, hostile markup gone, unknown shortcodes as text', async () => {
    const post = await database.db.selectFrom('posts').selectAll().where('slug', '=', 'lavrov-meets-blinken').executeTakeFirstOrThrow();
    assert.doesNotMatch(post.body_html, /wp:|<!--|script|onclick|alert/);
    assert.match(post.body_html, /<img src="https:\/\/old\.example\.org\/wp-content\/uploads\/2022\/02\/geneva\.jpg" alt="Geneva" \/>/);
    assert.match(post.body_html, /<em>The lake in Geneva<\/em>/);
    assert.match(post.body_html, /<a href="https:\/\/video\.example\.net\/watch\/123">/);
    assert.match(post.body_html, /\[contact-form id="2"\] More at <a href="https:\/\/mid\.ru\/">the ministry<\/a>/);
    assert.match(post.body_html, /<strong>Tuesday<\/strong> &amp; talked/);
    assert.doesNotMatch(post.body_html, /Source:/);
    assert.equal(post.image_url, 'https://old.example.org/wp-content/uploads/2022/02/geneva.jpg');
    const plain = await database.db.selectFrom('posts').selectAll().where('slug', '=', 'заявление-мид').executeTakeFirstOrThrow();
    assert.equal(plain.body_html, '<p>Первый абзац без тегов.<br />\nВторая строка.</p>\n<p>Второй абзац.</p>\n');
    assert.equal(plain.excerpt, 'Краткое содержание.');
    assert.equal(plain.comments_open, 0);
  });

  it('pins the posts the export marks sticky, and only those', async () => {
    const rows = await database.db.selectFrom('posts').select(['slug', 'pinned_at']).where('pinned_at', 'is not', null).execute();
    assert.deepEqual(
      rows.map((r) => r.slug),
      ['lavrov-meets-blinken'],
    );
  });

  it("turns the closing credit line into the post's original source", async () => {
    const rows = await database.db
      .selectFrom('post_sources')
      .innerJoin('posts', 'posts.id', 'post_sources.post_id')
      .innerJoin('sources', 'sources.id', 'post_sources.source_id')
      .select(['posts.slug', 'sources.name', 'post_sources.role'])
      .orderBy('posts.slug')
      .execute();
    assert.deepEqual(rows, [
      { slug: 'lavrov-meets-blinken', name: 'IZ', role: 'original' },
      { slug: 'заявление-мид', name: 'RT', role: 'original' },
    ]);
  });

  it('keeps categories with their parents, tags, and authors as users without a password', async () => {
    const terms = await database.db
      .selectFrom('terms')
      .leftJoin('terms as p', 'p.id', 'terms.parent_id')
      .select(['terms.slug', 'terms.name', 'p.slug as parent'])
      .orderBy('terms.id')
      .execute();
    assert.deepEqual(terms, [
      { slug: 'news', name: 'News', parent: null },
      { slug: 'world', name: 'World & Europe', parent: 'news' },
      { slug: 'diplomacy', name: 'Diplomacy', parent: null },
      { slug: 'мид', name: 'МИД', parent: null },
    ]);
    const users = await database.db.selectFrom('users').select(['email', 'display_name', 'role', 'password_hash']).orderBy('id').execute();
    assert.deepEqual(users, [
      { email: 'editor@old.example.org', display_name: 'Anna Editor', role: 'author', password_hash: null },
      { email: 'ivan@old.example.org', display_name: 'Иван Петров', role: 'author', password_hash: null },
    ]);
  });

  it('keeps threads and statuses of comments, which the privacy tools find like native ones', async () => {
    const comments = await database.db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'depth', 'status', 'author_name', 'author_url', 'author_network', 'body', 'created_at'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      comments.map((c) => [c.author_name, c.status, c.depth]),
      [
        ['Reader One', 'approved', 1],
        ['Иван', 'approved', 2],
        ['Reader Two', 'pending', 3],
        ['Cheap pills', 'spam', 1],
        ['Old Reader', 'trash', 1],
      ],
    );
    assert.equal(comments[1]!.parent_id, comments[0]!.id);
    assert.equal(comments[2]!.parent_id, comments[1]!.id);
    assert.equal(comments[0]!.body, 'Good news, finally.\nSecond line.');
    assert.equal(comments[0]!.created_at, '2022-02-15T10:00:00.000Z');
    assert.equal(comments[1]!.author_url, null, 'a javascript: address is dropped');
    assert.equal(comments[2]!.author_network, '2001:db8:0::/48');
    const data = await exportCommenterData(database.db, 'one@readers.example', NOW);
    assert.equal(data.comments.length, 1);
  });

  it('changes nothing when run again, and a dry run writes nothing', async () => {
    const changesBefore = await countOf(database, 'content_changes');
    const before = await siteOf(database);
    const again = await run(database, fixture('wxr-1.2.xml'));
    assert.deepEqual(again.counts.posts, { created: 0, updated: 0, unchanged: 7 });
    assert.deepEqual(again.counts.comments, { created: 0, updated: 0, unchanged: 5 });
    assert.equal(again.counts.addresses.created, 0);
    assert.deepEqual(await siteOf(database), before);
    assert.equal(await countOf(database, 'content_changes'), changesBefore, 'no page was told to change');
    const dry = await run(database, fixture('wxr-1.2.xml').replace('Scheduled.', 'Scheduled, and changed.'), { dryRun: true });
    assert.deepEqual(dry.counts.posts, { created: 0, updated: 1, unchanged: 6 });
    assert.deepEqual(await siteOf(database), before);
  });

  it('a newer export of the same site updates only what changed, and adds what is new', async () => {
    const newer = fixture('wxr-1.2.xml')
      .replace('<p>Same slug, another day.</p>', '<p>Same slug, another day, updated.</p>')
      .replace('<wp:comment_content><![CDATA[Binned.]]></wp:comment_content>', '<wp:comment_content><![CDATA[Binned.]]></wp:comment_content>')
      .replace('<wp:comment_approved><![CDATA[0]]></wp:comment_approved>', '<wp:comment_approved><![CDATA[1]]></wp:comment_approved>');
    const summary = await run(database, newer);
    assert.deepEqual(summary.counts.posts, { created: 0, updated: 1, unchanged: 6 });
    assert.deepEqual(summary.counts.comments, { created: 0, updated: 1, unchanged: 4 });
    const post = await database.db.selectFrom('posts').select('body_html').where('slug', '=', 'lavrov-meets-blinken-2').executeTakeFirstOrThrow();
    assert.match(post.body_html, /updated/);
    const reply = await database.db.selectFrom('comments').select(['status', 'depth']).where('author_name', '=', 'Reader Two').executeTakeFirstOrThrow();
    assert.deepEqual(reply, { status: 'approved', depth: 3 });
  });
});

describe('importing exports of older WordPress versions', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('reads WXR 1.0 (no author list, categories named twice) and WXR 1.1 from one blog of a network', async () => {
    const old = await run(database, fixture('wxr-1.0.xml'));
    assert.equal(old.wxrVersion, '1.0');
    assert.equal(old.permalinks, 'numeric');
    assert.deepEqual(old.counts.posts, { created: 1, updated: 0, unchanged: 0 });
    assert.equal(old.counts.authors.created, 1);
    assert.equal(old.usersAwaitingPassword, 0, 'an author without an email is a byline, not an account');
    const network = await run(database, fixture('wxr-1.1.xml'));
    assert.equal(network.site, 'http://network.example/desk');
    const site = await siteOf(database);
    assert.deepEqual(
      site.map((p) => [p.slug, p.display_name, p.terms.map((t) => t.slug), p.sources.map((s) => s.name), p.comments.length]),
      [
        ['flood-waters-recede', 'Field Reporter', ['reports'], ['IZ'], 0],
        ['polls-open-at-seven', 'admin', ['uncategorized', 'elections'], [], 1],
      ],
    );
    const polls = site[1]!;
    assert.match(polls.body_html, /\[gallery\]/, 'a gallery of attachments it does not know stays as text');
    assert.match(polls.body_html, /<a href="http:\/\/gazette\.example\.com\/wp-content\/uploads\/2010\/05\/queue\.mp4">Video: /);
  });
});

describe('a malformed export', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  /** An export of `n` posts, each with a comment. */
  function manyPosts(n: number): string {
    let items = '';
    for (let i = 1; i <= n; i++) {
      items +=
        `<item><title>Post ${i}</title><link>https://big.example/?p=${i}</link><dc:creator>a</dc:creator><content:encoded><![CDATA[<p>Body ${i}</p>]]></content:encoded>` +
        `<wp:post_id>${i}</wp:post_id><wp:post_date>2020-01-01 00:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>` +
        `<wp:post_name>post-${i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n`;
    }
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n' +
      `<channel><link>https://big.example</link><wp:wxr_version>1.2</wp:wxr_version>\n${items}</channel></rss>\n`
    );
  }

  it('stops with the line and column, keeps the batches before, writes nothing of the one in progress, and resumes when fixed', async () => {
    const good = manyPosts(250);
    const lines = good.split('\n');
    // Line 204 holds post 202.
    lines[203] = lines[203]!.replace('</title>', '</titel>');
    let kept = 0;
    await assert.rejects(run(database, lines.join('\n')), (error: Error) => {
      assert.ok(error instanceof ImportStoppedError);
      assert.match(
        error.message,
        /^The export could not be read: export\.xml:204:\d+: unexpected close tag\. The \d+ items before it were imported; run the import again/,
      );
      kept = Number(/The (\d+) items/.exec(error.message)![1]);
      return true;
    });
    assert.ok(kept >= 100 && kept < 202, `whole batches only: ${kept}`);
    assert.equal(await countOf(database, 'posts'), kept, 'the batch in progress left nothing behind');
    const resumed = await run(database, good);
    assert.deepEqual(resumed.counts.posts, { created: 250 - kept, updated: 0, unchanged: kept });
    assert.equal(await countOf(database, 'posts'), 250);
  });

  it('says plainly when a file is not a WordPress export', async () => {
    await assert.rejects(run(database, '<html><body>hello</body></html>'), /This is not a WordPress export: it starts with <html>/);
    await assert.rejects(
      run(database, '<rss version="2.0"><channel><title>A feed</title></channel></rss>'),
      /not a WordPress export: it has no <wp:wxr_version>/,
    );
    await assert.rejects(run(database, 'not xml at all'), /^ImportStoppedError: The export could not be read: export\.xml:1:\d+: /);
  });
});

describe('hostile fields in an export', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('cleans titles, slugs, bodies and comment fields as native input is cleaned', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">' +
      '<channel><link>https://hostile.example</link><wp:wxr_version>1.2</wp:wxr_version><item>' +
      '<title><![CDATA[<img src=x onerror=alert(1)>Bell&#7; <script>alert(2)</script>title]]></title><dc:creator><![CDATA[<b>evil</b>]]></dc:creator>' +
      '<content:encoded><![CDATA[<a href="javascript:alert(3)">click</a><iframe src="https://evil.example/"></iframe><p style="x">ok</p>]]></content:encoded>' +
      '<wp:post_id>1</wp:post_id><wp:post_date>2020-01-01 00:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>' +
      '<wp:post_name><![CDATA[../../etc/passwd]]></wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>' +
      '<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[<script>x</script>Name]]></wp:comment_author>' +
      '<wp:comment_author_email>a@b.example</wp:comment_author_email><wp:comment_author_url><![CDATA[data:text/html,x]]></wp:comment_author_url>' +
      '<wp:comment_author_IP><![CDATA[not an address]]></wp:comment_author_IP><wp:comment_date_gmt>2020-01-02 00:00:00</wp:comment_date_gmt>' +
      '<wp:comment_content><![CDATA[<img src=x onerror=alert(4)>Hello &#0; there]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>' +
      '<wp:comment_parent>0</wp:comment_parent></wp:comment></item></channel></rss>';
    const summary = await run(database, xml);
    assert.equal(summary.counts.posts.created, 1);
    const post = await database.db.selectFrom('posts').select(['title', 'slug', 'body_html']).executeTakeFirstOrThrow();
    assert.equal(post.title, 'Bell title');
    assert.equal(post.slug, 'etc-passwd');
    assert.equal(post.body_html, '<p>click</p>\n<p>ok</p>\n');
    const comment = await database.db.selectFrom('comments').select(['author_name', 'author_url', 'author_ip', 'body']).executeTakeFirstOrThrow();
    assert.deepEqual(
      comment,
      { author_name: 'Name', author_url: null, author_ip: null, body: 'Hello \uFFFD there' },
      'a NUL character reference reads as the replacement character',
    );
    const author = await database.db.selectFrom('authors').select('display_name').executeTakeFirstOrThrow();
    assert.equal(author.display_name, '<b>evil</b>', 'a login is text, shown escaped like any name');
  });
});

describe('attachments and the uploads folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-uploads-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an attachment whose address leads outside the uploads folder', () => {
    assert.equal(uploadsPathOf(dir, 'https://old.example.org/wp-content/uploads/2022/02/a.jpg'), join(dir, '2022/02/a.jpg'));
    assert.equal(uploadsPathOf(dir, 'https://old.example.org/wp-content/uploads/../../etc/passwd'), undefined);
    assert.equal(uploadsPathOf(dir, 'https://old.example.org/wp-content/uploads/2022/%2e%2e/%2e%2e/%2e%2e/secret'), undefined);
  });
});

describe('exporting a site as WXR and importing it into an empty site', () => {
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

  it('gives the same site back, featured photos too', async () => {
    await run(original, fixture('wxr-1.2.xml'));
    await run(original, fixture('wxr-1.0.xml'));
    // A photo of the library as one post's featured image, in place of its lead image's address.
    const post = await original.db.selectFrom('posts').select('id').where('slug', '=', 'lavrov-meets-blinken').executeTakeFirstOrThrow();
    const media = new MediaVariants({
      cacheDir: join(tmpdir(), 'wirepress-export-media'),
      cacheMaxBytes: 1 << 20,
      maxUploadBytes: 1 << 24,
      keepCredits: false,
    });
    const inspected = await inspectUpload(media, { name: 'lake.jpg', bytes: await aJpeg(900, 600) });
    await original.db.transaction().execute(async (tx) => {
      const [photoId] = await storeInspectedUploads(
        tx,
        media,
        null,
        [inspected],
        { alt: 'The lake at dusk', caption: 'Geneva', creditText: '', creditSourceId: null },
        NOW,
      );
      await setPostFeaturedMedia(tx, post.id, photoId!);
    });
    let xml = '';
    await exportWordpress(original.db, { siteUrl: EXPORTED_FROM, now: NOW }, (text) => {
      xml += text;
    });
    assert.match(xml, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
    assert.match(xml, /<wp:meta_key>_wirepress_sources<\/wp:meta_key>/);
    assert.match(xml, /<wp:post_type>attachment<\/wp:post_type>/);
    assert.match(xml, /<wp:meta_key>_thumbnail_id<\/wp:meta_key>/);
    assert.match(xml, /<wp:meta_key>_wp_attachment_image_alt<\/wp:meta_key>\s*<wp:meta_value>The lake at dusk<\/wp:meta_value>/);
    assert.equal(xml.match(/<wp:is_sticky>1<\/wp:is_sticky>/g)?.length, 1, 'the sticky post is written sticky');
    const summary = await run(copy, xml, { size: 333 });
    assert.deepEqual(summary.skipped, {});
    assert.deepEqual(await siteOf(copy), await siteOf(original));
  });
});
