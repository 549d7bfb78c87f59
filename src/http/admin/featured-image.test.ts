import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aJpeg, uploadFiles } from '../../../test/support/images.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';

function postFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Floods reach the capital',
    slug: '',
    excerpt: '',
    body: 'Water rose through the night.',
    label: 'news',
    categories: 'World',
    tags: '',
    source_0_name: 'Reuters',
    source_0_url: '',
    source_0_role: 'original',
    source_0_language: '',
    publish_at: '',
    version: '',
    action: 'save',
    featured_media: '',
    featured_alt: '',
    featured_caption: '',
    featured_credit: '',
    featured_credit_source: '',
    ...over,
  };
}

/** Sends the post editor's form as a browser does (multipart), with a file for the featured image. */
function postEditorWithFile(
  server: TestServer,
  session: AdminSession,
  path: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array },
) {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('featured_upload', new Blob([new Uint8Array(file.bytes)], { type: 'image/jpeg' }), file.name);
  return fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: session.cookie, origin: server.url }, body: form });
}

describe('featured images', () => {
  let server: TestServer;
  let session: AdminSession;
  let mediaId: number;

  before(async () => {
    server = await startTestServer();
    session = await signIn(server, await aUser(server.database.db, 'owner'));
    const res = await uploadFiles(server, session, [{ name: 'flood.jpg', bytes: await aJpeg(2400, 1600, { gps: true }) }], { credit: 'Photo: Reuters' });
    assert.equal(res.status, 303);
    mediaId = (await server.database.db.selectFrom('media').select('id').where('file_name', '=', 'flood.jpg').executeTakeFirstOrThrow()).id;
  });
  after(() => server.close());

  it('asks for alt text before publishing, keeping the text; then shows the photo on the article, its card, its share card and its JSON-LD', async () => {
    // Warm the cache: the article list and the home page must change at once when the post is published.
    await fetch(`${server.url}/`);
    const refused = await session.post('/admin/posts/new/', postFields({ action: 'publish', featured_media: String(mediaId), body: 'Every word kept.' }));
    assert.equal(refused.status, 422);
    const page = parse(await refused.text());
    assert.match(page.querySelector('#featured_alt-error')?.text ?? '', /alt text/);
    assert.equal(page.querySelector('#body')?.text, 'Every word kept.');

    const sources = await server.database.db.selectFrom('sources').select('slug').where('name', '=', 'Reuters').executeTakeFirst();
    const published = await session.post(
      '/admin/posts/new/',
      postFields({
        action: 'publish',
        featured_media: String(mediaId),
        featured_alt: 'A street under water',
        featured_caption: 'Central avenue at dawn',
        featured_credit: 'Photo: Reuters',
        featured_credit_source: sources?.slug ?? '',
      }),
    );
    assert.equal(published.status, 303, await published.text());
    const home = parse(await (await fetch(`${server.url}/`)).text());
    const card = home.querySelectorAll('.post-card').find((c) => c.text.includes('Floods reach the capital'));
    assert.ok(card?.querySelector('picture source[type="image/avif"]'), 'the card shows the photo');
    const link = card?.querySelector('.post-card-title a')?.getAttribute('href') ?? '';
    const article = parse(await (await fetch(`${server.url}${link}`)).text());
    const figure = article.querySelector('figure.featured-image');
    assert.ok(figure);
    const img = figure.querySelector('img');
    assert.equal(img?.getAttribute('alt'), 'A street under water');
    assert.equal(img?.getAttribute('width'), '1024');
    assert.equal(img?.getAttribute('height'), '683');
    assert.equal(img?.getAttribute('loading'), undefined, 'the article’s own photo is not lazy');
    const srcset = figure.querySelector('source[type="image/webp"]')?.getAttribute('srcset') ?? '';
    assert.match(srcset, /\/320\.webp 320w/);
    assert.match(srcset, /\/2048\.webp 2048w/);
    assert.match(figure.querySelector('figcaption')?.text ?? '', /Central avenue at dawn/);
    if (sources) assert.equal(figure.querySelector('.photo-credit a')?.getAttribute('href'), `/source/${sources.slug}/`);
    const og = article.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? '';
    assert.match(og, /\/media\/\d+-[0-9a-f]{12}\/share\.jpg$/);
    const share = await fetch(og);
    const shareMeta = await sharp(Buffer.from(await share.arrayBuffer())).metadata();
    assert.deepEqual([shareMeta.width, shareMeta.height, shareMeta.exif], [1200, 630, undefined]);
    const jsonLd = JSON.parse(article.querySelector('script[type="application/ld+json"]')?.text ?? '{}') as { image?: Array<Record<string, unknown>> };
    assert.equal(jsonLd.image?.[0]?.['@type'], 'ImageObject');
    assert.equal(jsonLd.image?.[0]?.creditText, 'Photo: Reuters');

    // Feeds carry it: Media RSS, an Atom enclosure, the JSON Feed's image.
    const rss = await (await fetch(`${server.url}/feed/`)).text();
    assert.match(rss, /xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
    assert.match(rss, /<media:content url="[^"]+\/media\/\d+-[0-9a-f]{12}\/1280\.jpg" type="image\/jpeg" medium="image" width="1280" height="853">/);
    assert.match(rss, /<media:credit>Photo: Reuters<\/media:credit>/);
    assert.match(await (await fetch(`${server.url}/feed/atom/`)).text(), /<link rel="enclosure" type="image\/jpeg" href="[^"]+\/1280\.jpg"\/>/);
    const json = (await (await fetch(`${server.url}/feed/json/`)).json()) as { items: Array<{ title: string; image?: string }> };
    assert.match(json.items.find((i) => i.title === 'Floods reach the capital')?.image ?? '', /\/1280\.jpg$/);

    // The photo's alt text changed in the library shows on the cached article at once.
    const edited = await session.post(`/admin/media/${mediaId}/`, {
      alt: 'Cars under water',
      caption: 'Central avenue at dawn',
      credit: 'Photo: Reuters',
      credit_source: '',
    });
    assert.equal(edited.status, 303);
    const again = parse(await (await fetch(`${server.url}${link}`)).text());
    assert.equal(again.querySelector('figure.featured-image img')?.getAttribute('alt'), 'Cars under water');

    // And it cannot be deleted while the post uses it: the refusal lists the post.
    const deleted = await session.post(`/admin/media/${mediaId}/delete/`, {});
    assert.equal(deleted.status, 409);
    assert.match(parse(await deleted.text()).querySelector('[role="alert"]')?.text ?? '', /Floods reach the capital/);
  });

  it('uploads a featured image from the editor, and keeps the post’s text when the file is refused', async () => {
    const bad = await postEditorWithFile(server, session, '/admin/posts/new/', postFields({ title: 'Kept title', body: 'Kept body.' }), {
      name: 'notes.jpg',
      bytes: Buffer.from('plain text, not a photo'),
    });
    assert.equal(bad.status, 415);
    const page = parse(await bad.text());
    assert.match(page.querySelector('#featured_upload-error')?.text ?? '', /not an image/);
    assert.equal(page.querySelector('#title')?.getAttribute('value'), 'Kept title');
    assert.equal(page.querySelector('#body')?.text, 'Kept body.');

    const good = await postEditorWithFile(
      server,
      session,
      '/admin/posts/new/',
      postFields({ title: 'With a new photo', featured_alt: 'Boats in the square' }),
      {
        name: 'boats.jpg',
        bytes: await aJpeg(900, 600),
      },
    );
    assert.equal(good.status, 303);
    const post = await server.database.db.selectFrom('posts').select('featured_media_id').where('title', '=', 'With a new photo').executeTakeFirstOrThrow();
    const media = await server.database.db
      .selectFrom('media')
      .select(['file_name', 'alt'])
      .where('id', '=', post.featured_media_id ?? 0)
      .executeTakeFirstOrThrow();
    assert.deepEqual(media, { file_name: 'boats.jpg', alt: 'Boats in the square' });
  });

  it('shows a library photo written into a post’s text as a responsive <picture>, sanitized, with its size', async () => {
    const published = await session.post(
      '/admin/posts/new/',
      postFields({
        title: 'Inside the flood',
        slug: 'inside-the-flood',
        action: 'publish',
        body: `Before.\n\n![Boats on the avenue](/media/${mediaId}/)\n\nAfter.`,
      }),
    );
    assert.equal(published.status, 303, await published.text());
    const row = await server.database.db.selectFrom('posts').select('slug').where('title', '=', 'Inside the flood').executeTakeFirstOrThrow();
    const home = parse(await (await fetch(`${server.url}/`)).text());
    const link =
      home
        .querySelectorAll('.post-card-title a')
        .find((a) => a.text.includes('Inside the flood'))
        ?.getAttribute('href') ?? '';
    assert.ok(link.includes(row.slug), link);
    const body = parse(await (await fetch(`${server.url}${link}`)).text()).querySelector('.article-body');
    const picture = body?.querySelector('picture');
    assert.ok(picture, body?.innerHTML);
    assert.match(
      picture.querySelector('source[type="image/avif"]')?.getAttribute('srcset') ?? '',
      new RegExp(`/media/${mediaId}-[0-9a-f]{12}/2048\\.avif 2048w`),
    );
    const img = picture.querySelector('img');
    assert.equal(img?.getAttribute('alt'), 'Boats on the avenue');
    assert.deepEqual([img?.getAttribute('width'), img?.getAttribute('height')], ['1024', '683']);
    assert.equal(img?.getAttribute('loading'), 'lazy');
    const variant = await fetch(`${server.url}${img?.getAttribute('src')}`);
    assert.equal(variant.status, 200);
    assert.equal(variant.headers.get('content-type'), 'image/jpeg');
  });

  it('keeps an author from changing the details of a photo someone else uploaded, keeping every word of the post', async () => {
    const author = await signIn(server, await aUser(server.database.db, 'author'));
    const stored = () =>
      server.database.db
        .selectFrom('media')
        .leftJoin('sources', 'sources.id', 'media.credit_source_id')
        .select(['media.alt', 'media.caption', 'media.credit_text', 'sources.slug'])
        .where('media.id', '=', mediaId)
        .executeTakeFirstOrThrow();
    const before = await stored();
    const refused = await author.post(
      '/admin/posts/new/',
      postFields({
        title: 'An author’s story',
        body: 'All of it kept.',
        featured_media: String(mediaId),
        featured_alt: 'Changed by the author',
        featured_credit: 'Me',
      }),
    );
    assert.equal(refused.status, 422);
    const page = parse(await refused.text());
    assert.match(page.querySelector('#featured_alt-error')?.text ?? '', /someone else/);
    assert.equal(page.querySelector('#body')?.text, 'All of it kept.');
    assert.equal(page.querySelector('#featured_alt')?.getAttribute('value'), 'Changed by the author');
    assert.deepEqual(await stored(), before);
    // Using it as it is, is fine.
    const used = await author.post(
      '/admin/posts/new/',
      postFields({
        title: 'An author’s story',
        body: 'All of it kept.',
        featured_media: String(mediaId),
        featured_alt: before.alt,
        featured_caption: before.caption,
        featured_credit: before.credit_text,
        featured_credit_source: before.slug ?? '',
      }),
    );
    assert.equal(used.status, 303, await used.text());
  });
  it('records the featured image in each revision: the comparison shows it changed, and restoring a revision puts it back', async () => {
    const db = server.database.db;
    const created = await session.post(
      '/admin/posts/new/',
      postFields({ title: 'Bridge reopens', featured_media: String(mediaId), featured_alt: 'The bridge at noon' }),
    );
    assert.equal(created.status, 303);
    const post = await db.selectFrom('posts').select(['id', 'updated_at']).where('title', '=', 'Bridge reopens').executeTakeFirstOrThrow();
    const editorPage = parse(await (await session.get(`/admin/posts/${post.id}/`)).text());
    const version = editorPage.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    const removed = await session.post(
      `/admin/posts/${post.id}/`,
      postFields({ title: 'Bridge reopens', featured_media: '', featured_alt: 'The bridge at noon', version }),
    );
    assert.equal(removed.status, 303);
    assert.equal((await db.selectFrom('posts').select('featured_media_id').where('id', '=', post.id).executeTakeFirstOrThrow()).featured_media_id, null);
    const [older, newer] = (await db.selectFrom('post_revisions').select('id').where('post_id', '=', post.id).orderBy('id').execute()).map((r) => r.id);
    const compare = parse(await (await session.get(`/admin/posts/${post.id}/revisions/compare/?from=${older}&to=${newer}`)).text());
    const row = compare.querySelectorAll('.revision-changes tbody tr').find((tr) => tr.querySelector('th')?.text.trim() === 'Featured image');
    assert.ok(row, 'the featured image is among the fields that changed');
    assert.match(row.querySelector('del')?.text ?? '', /flood\.jpg — The bridge at noon/);
    const shown = parse(await (await session.get(`/admin/posts/${post.id}/revisions/${older}/`)).text());
    assert.match(shown.querySelector('.revision-fields')?.text ?? '', /Featured image\s*flood\.jpg/);

    const current =
      parse(await (await session.get(`/admin/posts/${post.id}/`)).text())
        .querySelector('input[name="version"]')
        ?.getAttribute('value') ?? '';
    const restored = await session.post(`/admin/posts/${post.id}/revisions/${older}/restore/`, { version: current });
    assert.equal(restored.status, 303);
    assert.equal((await db.selectFrom('posts').select('featured_media_id').where('id', '=', post.id).executeTakeFirstOrThrow()).featured_media_id, mediaId);
  });
  it('saves a post sent as a browser sends it with the photo input left empty, uploading nothing', async () => {
    const db = server.database.db;
    const before = (await db.selectFrom('media').select('id').execute()).length;
    // Written out by hand: an empty file input is a part with filename="" and no bytes, as Chromium sends it.
    const boundary = 'xYzBoundary';
    const parts = Object.entries({ _csrf: session.csrf, ...postFields({ title: 'No photo today' }) }).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    const body = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="featured_upload"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${boundary}--\r\n`;
    const res = await fetch(`${server.url}/admin/posts/new/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, origin: server.url, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    assert.equal(res.status, 303, await res.text());
    assert.ok(await db.selectFrom('posts').select('id').where('title', '=', 'No photo today').executeTakeFirst());
    assert.equal((await db.selectFrom('media').select('id').execute()).length, before);
  });
});
