import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aJpeg } from '../../test/support/images.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { libraryPath, variantWidths } from '../domain/media.ts';
import { findLegacyLocation } from './legacy-addresses.ts';
import { MediaVariants } from './media-variants.ts';
import { ImportStoppedError, importWordpress, type ImportSummary } from './wordpress-import.ts';
import { KEPT_AS_LINK, OUTSIDE_UPLOADS } from './wordpress-photos.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const OLD = 'https://old.example.org';
const UPLOADS = `${OLD}/wp-content/uploads`;

async function* whole(text: string): AsyncGenerator<string> {
  yield text;
}

interface AttachmentSpec {
  id: number;
  title: string;
  file: string;
  parent?: number;
  alt?: string;
  caption?: string;
  /** `_wp_attached_file` when it differs from the address's path. */
  attached?: string;
}

function meta(key: string, value: string): string {
  return `<wp:postmeta><wp:meta_key><![CDATA[${key}]]></wp:meta_key><wp:meta_value><![CDATA[${value}]]></wp:meta_value></wp:postmeta>`;
}

function attachment(a: AttachmentSpec): string {
  return `<item>
  <title><![CDATA[${a.title}]]></title>
  <link>${OLD}/?attachment_id=${a.id}</link>
  <dc:creator><![CDATA[anna]]></dc:creator>
  <guid isPermaLink="false">${UPLOADS}/${a.file}</guid>
  <content:encoded><![CDATA[]]></content:encoded>
  <excerpt:encoded><![CDATA[${a.caption ?? ''}]]></excerpt:encoded>
  <wp:post_id>${a.id}</wp:post_id>
  <wp:post_date><![CDATA[2022-02-15 10:00:00]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[2022-02-15 09:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[attachment-${a.id}]]></wp:post_name>
  <wp:status><![CDATA[inherit]]></wp:status>
  <wp:post_parent>${a.parent ?? 0}</wp:post_parent>
  <wp:menu_order>0</wp:menu_order>
  <wp:post_type><![CDATA[attachment]]></wp:post_type>
  <wp:attachment_url><![CDATA[${UPLOADS}/${a.file}]]></wp:attachment_url>
  ${meta('_wp_attached_file', a.attached ?? a.file)}
  ${a.alt === undefined ? '' : meta('_wp_attachment_image_alt', a.alt)}
</item>`;
}

const BODY = `<p>Delegates met in Geneva on Tuesday.</p>
[caption id="attachment_11" align="alignnone" width="1024"]<a href="${UPLOADS}/2022/02/geneva.jpg"><img class="size-large wp-image-11" src="${UPLOADS}/2022/02/geneva-1024x768.jpg" alt="Delegates" width="1024" height="768" /></a> Delegates arrive at the Palais[/caption]
<p>Read <a href="${UPLOADS}/2022/02/report.pdf">the full report</a>.</p>
<p><img src="${UPLOADS}/2022/03/hall-300x200.png" alt="Floor plan" /> <img src="${UPLOADS}/2022/03/hall-640x480.png" alt="Hall" /></p>`;

/** A post first and its files after it, as WordPress exports them (by id); then files of no post, and hostile ones. */
function exportText(options: { fillers?: number; cutAfterFillers?: boolean } = {}): string {
  const fillers = Array.from(
    { length: options.fillers ?? 0 },
    (
      _,
      n,
    ) => `<item><title>Brief ${n}</title><link>${OLD}/?p=${1000 + n}</link><dc:creator>anna</dc:creator><content:encoded><![CDATA[<p>Brief.</p>]]></content:encoded>
    <wp:post_id>${1000 + n}</wp:post_id><wp:post_date>2022-02-16 10:00:00</wp:post_date><wp:post_date_gmt>2022-02-16 09:00:00</wp:post_date_gmt>
    <wp:post_name>brief-${n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`,
  ).join('\n');
  if (options.cutAfterFillers) return `${exportText({ fillers: options.fillers }).split('<!-- attachments -->')[0]}<item><title>Cut off`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Desk</title>
  <link>${OLD}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>${OLD}</wp:base_site_url>
  <wp:base_blog_url>${OLD}</wp:base_blog_url>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[anna]]></wp:author_login><wp:author_email><![CDATA[anna@old.example.org]]></wp:author_email><wp:author_display_name><![CDATA[Anna Reporter]]></wp:author_display_name></wp:author>
  <item>
    <title><![CDATA[Talks in Geneva]]></title>
    <link>${OLD}/2022/02/15/talks-in-geneva/</link>
    <dc:creator><![CDATA[anna]]></dc:creator>
    <guid isPermaLink="false">${OLD}/?p=10</guid>
    <content:encoded><![CDATA[${BODY}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>10</wp:post_id>
    <wp:post_date><![CDATA[2022-02-15 10:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2022-02-15 09:00:00]]></wp:post_date_gmt>
    <wp:comment_status><![CDATA[open]]></wp:comment_status>
    <wp:post_name><![CDATA[talks-in-geneva]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    ${meta('_thumbnail_id', '11')}
  </item>
  ${fillers}
  <!-- attachments -->
  ${[
    attachment({
      id: 11,
      title: 'Geneva talks',
      file: '2022/02/geneva-scaled.jpg',
      parent: 10,
      alt: 'Delegates at the Palais des Nations',
      caption: 'Delegates arrive at the Palais',
    }),
    attachment({ id: 12, title: 'Full report', file: '2022/02/report.pdf', parent: 10 }),
    attachment({ id: 13, title: 'Lost photo', file: '2022/02/lost.jpg', parent: 10 }),
    attachment({ id: 14, title: 'Climbing out', file: '2022/02/out.jpg', attached: '2022/../../../secret.jpg' }),
    attachment({ id: 15, title: 'Linked out', file: '2022/02/escape.jpg' }),
    attachment({ id: 16, title: 'Masthead', file: '2022/03/masthead.png', alt: 'The <b>masthead</b>\n  of the paper<script>x</script>' }),
    attachment({ id: 17, title: 'Damaged', file: '2022/03/broken.jpg' }),
    // A file whose own name looks like a size of another (the hall), uploaded before it.
    attachment({ id: 18, title: 'Floor plan', file: '2022/03/hall-300x200.png', parent: 10 }),
    attachment({ id: 19, title: 'Hall', file: '2022/03/hall.png', parent: 10 }),
  ].join('\n')}
</channel>
</rss>`;
}

/** A copy of wp-content/uploads as WordPress leaves it: an original, its scaled copy and sizes, a PDF, and two files that lead outside. */
async function uploadsTree(): Promise<{ root: string; uploads: string }> {
  const root = mkdtempSync(join(tmpdir(), 'wirepress-wp-uploads-'));
  const uploads = join(root, 'uploads');
  mkdirSync(join(uploads, '2022/02'), { recursive: true });
  mkdirSync(join(uploads, '2022/03'), { recursive: true });
  writeFileSync(join(uploads, '2022/02/geneva.jpg'), await aJpeg(1400, 1050));
  writeFileSync(join(uploads, '2022/02/geneva-scaled.jpg'), await aJpeg(1200, 900));
  writeFileSync(join(uploads, '2022/02/geneva-1024x768.jpg'), await aJpeg(1024, 768));
  writeFileSync(join(uploads, '2022/02/geneva-300x225.jpg'), await aJpeg(300, 225));
  writeFileSync(join(uploads, '2022/02/report.pdf'), '%PDF-1.4\n% a report\n');
  writeFileSync(join(root, 'secret.jpg'), await aJpeg(40, 30));
  symlinkSync(join(root, 'secret.jpg'), join(uploads, '2022/02/escape.jpg'));
  const png = await sharp({ create: { width: 600, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } })
    .png()
    .toBuffer();
  writeFileSync(join(uploads, '2022/03/masthead.png'), png);
  writeFileSync(join(uploads, '2022/03/hall-300x200.png'), png);
  writeFileSync(join(uploads, '2022/03/hall.png'), await sharp(png).resize(1000).png().toBuffer());
  writeFileSync(join(uploads, '2022/03/hall-640x480.png'), await sharp(png).resize(640).png().toBuffer());
  const jpeg = await aJpeg(800, 600);
  writeFileSync(join(uploads, '2022/03/broken.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)));
  return { root, uploads };
}

describe('WordPress attachments into the photo library', () => {
  let server: TestServer;
  let tree: { root: string; uploads: string };
  let media: MediaVariants;
  let first: ImportSummary;
  const run = (database: TestServer['database'] | TestDatabase, dryRun = false) =>
    importWordpress(database, whole(exportText()), { now: () => NOW, dryRun, uploadsDir: tree.uploads, media, fileName: 'photos.xml' });

  before(async () => {
    tree = await uploadsTree();
    media = new MediaVariants({ cacheDir: join(tree.root, 'cache'), cacheMaxBytes: 64 * 1024 * 1024, maxUploadBytes: 10 * 1024 * 1024, keepCredits: false });
    server = await startTestServer({ seed: false });
    first = await run(server.database);
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
  });

  const photoOf = async (wpId: string) => {
    const record = await server.database.db
      .selectFrom('wordpress_items')
      .select('local_id')
      .where('kind', '=', 'photo')
      .where('wp_id', '=', wpId)
      .executeTakeFirstOrThrow();
    return server.database.db.selectFrom('media').selectAll().where('id', '=', record.local_id).executeTakeFirstOrThrow();
  };

  it('stores image files found in the folder as photos, uploaded by their author, with alt text and caption', async () => {
    assert.deepEqual(first.counts.photos, { created: 4, updated: 0, unchanged: 0 });
    const geneva = await photoOf('11');
    assert.equal(geneva.alt, 'Delegates at the Palais des Nations');
    assert.equal(geneva.caption, 'Delegates arrive at the Palais');
    assert.equal(geneva.file_name, 'Geneva talks.jpg');
    assert.equal(geneva.width, 1200, 'the file the attachment names: the scaled copy');
    const anna = await server.database.db.selectFrom('users').select('id').where('email', '=', 'anna@old.example.org').executeTakeFirstOrThrow();
    assert.equal(geneva.uploaded_by, anna.id);
    const masthead = await photoOf('16');
    assert.equal(masthead.mime_type, 'image/png');
    assert.equal(masthead.alt, 'The masthead of the paper', 'markup and line breaks gone, as the library reads alt text');
    const originals = await server.database.db
      .selectFrom('media_originals')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(originals.n), 4);
  });

  it('keeps a PDF, a missing file and a damaged image as links, counted with why; refuses paths leading outside the folder', () => {
    assert.deepEqual(first.keptAsLinks, { [KEPT_AS_LINK.notImage]: 1, [KEPT_AS_LINK.missing]: 1, [KEPT_AS_LINK.unreadable]: 1 });
    assert.equal(first.skipped[OUTSIDE_UPLOADS], 2, 'a "../" in the attached file, and a symbolic link out');
  });

  it("makes the attachment the post's featured image, and its text show the photo as the editor does", async () => {
    const geneva = await photoOf('11');
    const post = await server.database.db
      .selectFrom('posts')
      .select(['featured_media_id', 'image_url', 'body_markdown', 'body_html'])
      .where('slug', '=', 'talks-in-geneva')
      .executeTakeFirstOrThrow();
    assert.equal(post.featured_media_id, geneva.id);
    assert.equal(post.image_url, null);
    assert.match(post.body_markdown, new RegExp(`!\\[Delegates\\]\\(${libraryPath(geneva.id)}\\)`), post.body_markdown);
    // Each image is the photo of its own file: the plan is not taken for a size of another, the hall's size is the hall.
    assert.match(post.body_markdown, new RegExp(`!\\[Floor plan\\]\\(${libraryPath((await photoOf('18')).id)}\\)`), post.body_markdown);
    assert.match(post.body_markdown, new RegExp(`!\\[Hall\\]\\(${libraryPath((await photoOf('19')).id)}\\)`), post.body_markdown);
    assert.match(post.body_html, /<picture><source type="image\/avif"/);
    assert.match(post.body_html, /Delegates arrive at the Palais/, 'the caption stays');
    const largest = variantWidths(geneva.width).at(-1);
    assert.match(
      post.body_html,
      new RegExp(`<a href="/media/${geneva.id}-[0-9a-f]{12}/${largest}\\.jpg"><picture>`),
      'the link to the file leads to its full size',
    );
    assert.match(post.body_html, /href="https:\/\/old\.example\.org\/wp-content\/uploads\/2022\/02\/report\.pdf"/, 'the PDF stays a link');
    const page = await fetch(`${server.url}/2022/02/15/talks-in-geneva/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`/media/${geneva.id}-[0-9a-f]{12}/`));
  });

  it('answers the old file addresses, of every size, with a 301 to the photo, and the page of a file of no post too', async () => {
    const geneva = await photoOf('11');
    const masthead = await photoOf('16');
    for (const old of ['geneva.jpg', 'geneva-scaled.jpg', 'geneva-1024x768.jpg', 'geneva-300x225.jpg']) {
      const res = await fetch(`${server.url}/wp-content/uploads/2022/02/${old}`, { redirect: 'manual' });
      assert.equal(res.status, 301, old);
      assert.equal(res.headers.get('location'), libraryPath(geneva.id), old);
      const photo = await fetch(`${server.url}${res.headers.get('location')}`);
      assert.equal(photo.status, 200, `${old} leads to an image`);
      assert.equal(photo.headers.get('content-type'), 'image/jpeg');
    }
    assert.equal(await findLegacyLocation(server.database.db, '/', new URLSearchParams('attachment_id=16'), NOW), libraryPath(masthead.id));
    assert.equal(await findLegacyLocation(server.database.db, '/', new URLSearchParams('attachment_id=11'), NOW), '/2022/02/15/talks-in-geneva/');
    const plan = await fetch(`${server.url}/wp-content/uploads/2022/03/hall-300x200.png`, { redirect: 'manual' });
    assert.equal(plan.headers.get('location'), libraryPath((await photoOf('18')).id), 'a file named like a size keeps its own address');
    const hall = await fetch(`${server.url}/wp-content/uploads/2022/03/hall-640x480.png`, { redirect: 'manual' });
    assert.equal(hall.headers.get('location'), libraryPath((await photoOf('19')).id));
    const pdf = await fetch(`${server.url}/wp-content/uploads/2022/02/report.pdf`, { redirect: 'manual' });
    assert.equal(pdf.status, 404, 'a file kept as a link has no address here');
  });

  it('run again, stores no photo twice and changes nothing', async () => {
    const count = async () =>
      Number(
        (
          await server.database.db
            .selectFrom('media')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const again = await run(server.database);
    assert.deepEqual(again.counts.photos, { created: 0, updated: 0, unchanged: 4 });
    assert.equal(await count(), before);
  });

  it('a dry run counts the photos it would store and writes nothing', async () => {
    const empty = await createTestDatabase();
    try {
      const dry = await run(empty, true);
      // Files are found, not decoded, in a dry run: the damaged one is counted with the rest.
      assert.equal(dry.counts.photos.created, 5);
      assert.equal(dry.keptAsLinks[KEPT_AS_LINK.notImage], 1);
      assert.equal(dry.keptAsLinks[KEPT_AS_LINK.missing], 1);
      assert.equal(dry.skipped[OUTSIDE_UPLOADS], 2);
      const stored = await empty.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 0);
    } finally {
      await empty.destroy();
    }
  });
});

describe('an import with the uploads folder that stops before the end of the file', () => {
  let database: TestDatabase;
  let tree: { root: string; uploads: string };
  let media: MediaVariants;
  before(async () => {
    tree = await uploadsTree();
    media = new MediaVariants({ cacheDir: join(tree.root, 'cache'), cacheMaxBytes: 64 * 1024 * 1024, maxUploadBytes: 10 * 1024 * 1024, keepCredits: false });
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
    rmSync(tree.root, { recursive: true, force: true });
  });

  it('shows a post written before the stop with its photos when run again', async () => {
    const run = (text: string) => importWordpress(database, whole(text), { now: () => NOW, uploadsDir: tree.uploads, media, fileName: 'photos.xml' });
    // The post and a hundred briefs make the first batch; the file ends before its attachments.
    await assert.rejects(run(exportText({ fillers: 100, cutAfterFillers: true })), ImportStoppedError);
    const post = () =>
      database.db.selectFrom('posts').select(['featured_media_id', 'body_markdown']).where('slug', '=', 'talks-in-geneva').executeTakeFirstOrThrow();
    assert.equal((await post()).featured_media_id, null, 'written, still waiting for its photos');
    const resumed = await run(exportText({ fillers: 100 }));
    assert.equal(resumed.counts.posts.updated, 1, 'the post that waited');
    assert.equal(resumed.counts.posts.unchanged, 100);
    const record = await database.db
      .selectFrom('wordpress_items')
      .select('local_id')
      .where('kind', '=', 'photo')
      .where('wp_id', '=', '11')
      .executeTakeFirstOrThrow();
    assert.equal((await post()).featured_media_id, record.local_id);
    assert.match((await post()).body_markdown, new RegExp(`!\\[Delegates\\]\\(${libraryPath(record.local_id)}\\)`));
    const again = await run(exportText({ fillers: 100 }));
    assert.equal(again.counts.posts.unchanged, 101);
  });
});
