import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { MediaVariants } from '../../services/media-variants.ts';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { aJpeg, uploadFiles } from '../../../test/support/images.ts';

async function mediaCount(server: TestServer): Promise<number> {
  const row = await server.database.db
    .selectFrom('media')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the photo library', () => {
  let server: TestServer;
  let session: AdminSession;

  before(async () => {
    server = await startTestServer();
    session = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(() => server.close());

  it('uploads several photos at once and serves their sizes stripped of metadata, with a year of caching', async () => {
    const photo = await aJpeg(1200, 800, { gps: true, credits: true, orientation: 6 });
    const second = await aJpeg(300, 200);
    const res = await uploadFiles(
      server,
      session,
      [
        { name: 'protest.jpg', bytes: photo },
        { name: 'small.png', bytes: second, type: 'image/png' },
      ],
      { alt: 'Protesters outside the ministry', caption: 'Tuesday evening', credit: 'Photo: Reuters' },
    );
    assert.equal(res.status, 303);
    const page = parse(await (await session.get('/admin/media/')).text());
    const text = page.querySelector('.media-grid')?.text ?? '';
    assert.match(text, /protest\.jpg/);
    assert.match(text, /Photo: Reuters/);
    assert.match(text, /800×1200/, 'sized upright');
    const card = page.querySelectorAll('.media-card').find((li) => li.querySelector('.media-name')?.text.trim() === 'protest.jpg');
    const thumb = card?.querySelector('img');
    assert.equal(thumb?.getAttribute('alt'), 'Protesters outside the ministry');
    const src = thumb?.getAttribute('src') ?? '';
    assert.match(src, /^\/media\/\d+-[0-9a-f]{12}\/320\.jpg$/);
    const variant = await fetch(`${server.url}${src.replace('320.jpg', '640.jpg')}`);
    assert.equal(variant.status, 200);
    assert.equal(variant.headers.get('content-type'), 'image/jpeg');
    assert.equal(variant.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const bytes = Buffer.from(await variant.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.width, meta.height], [640, 960]);
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in what readers get');
    assert.ok(!bytes.includes(Buffer.from('Secret Serial')));
    for (const ext of ['webp', 'avif']) {
      const other = await fetch(`${server.url}${src.replace('320.jpg', `320.${ext}`)}`);
      assert.equal(other.status, 200);
      assert.equal(other.headers.get('content-type'), `image/${ext}`);
    }
    assert.equal((await fetch(`${server.url}${src.replace('320.jpg', '2048.jpg')}`)).status, 404, 'never wider than the original');
    assert.equal((await fetch(`${server.url}${src.replace(/-[0-9a-f]{12}\//, '-000000000000/')}`)).status, 404, 'another version is not served');
  });

  it('refuses an SVG and text posing as a JPEG with 415 beside the field, keeping what was typed, storing nothing', async () => {
    const before = await mediaCount(server);
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await uploadFiles(server, session, [{ name: 'map.svg', bytes: svg, type: 'image/svg+xml' }], { alt: 'A map <b>kept</b>' });
    assert.equal(res.status, 415);
    const page = parse(await res.text());
    assert.match(page.querySelector('#files-error')?.text ?? '', /SVG/);
    assert.equal(page.querySelector('#alt')?.getAttribute('value'), 'A map <b>kept</b>');
    const fake = await uploadFiles(server, session, [
      { name: 'good.jpg', bytes: await aJpeg(100, 100) },
      { name: 'photo.jpg', bytes: Buffer.from('not an image at all') },
    ]);
    assert.equal(fake.status, 415);
    assert.match(parse(await fake.text()).querySelector('#files-error')?.text ?? '', /photo\.jpg/);
    assert.equal(await mediaCount(server), before, 'the good file before the bad one is not stored either');
  });

  it('gives each refusal in the editor’s own language, naming the file', async () => {
    const reader = await aUser(server.database.db, 'editor');
    await server.database.db.updateTable('users').set({ language: 'ru' }).where('id', '=', reader.id).execute();
    const russian = await signIn(server, reader);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    const refused = await uploadFiles(server, russian, [{ name: 'карта.svg', bytes: svg, type: 'image/svg+xml' }]);
    assert.equal(refused.status, 415);
    assert.match(parse(await refused.text()).querySelector('#files-error')?.text ?? '', /карта\.svg: Рисунки SVG не принимаются/);
    const text = await uploadFiles(server, russian, [{ name: 'note.jpg', bytes: Buffer.from('not an image at all') }]);
    assert.equal(text.status, 415);
    assert.match(parse(await text.text()).querySelector('#files-error')?.text ?? '', /note\.jpg: Этот файл не похож на изображение/);
    await server.database.db.updateTable('users').set({ language: 'ar' }).where('id', '=', reader.id).execute();
    const many = await uploadFiles(
      server,
      russian,
      Array.from({ length: 11 }, (_, i) => ({ name: `${i}.jpg`, bytes: svg })),
    );
    assert.equal(many.status, 413);
    assert.match(parse(await many.text()).querySelector('#files-error')?.text ?? '', /ارفع 10 صور على الأكثر/);
  });

  it('answers 413 to a body past the limit from its Content-Length, without reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/admin/media/upload/`, {
        method: 'POST',
        headers: {
          cookie: session.cookie,
          origin: server.url,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(2_000 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      // Only the first bytes are ever sent: the answer must come without the rest.
      req.write('--x\r\n');
    });
    assert.equal(status, 413);
  });

  it('edits the details, and deletes an image no post uses', async () => {
    await uploadFiles(server, session, [{ name: 'to-delete.jpg', bytes: await aJpeg(400, 300) }]);
    const row = await server.database.db.selectFrom('media').select('id').where('file_name', '=', 'to-delete.jpg').executeTakeFirstOrThrow();
    const saved = await session.post(`/admin/media/${row.id}/`, { alt: 'A quiet street', caption: '', credit: 'IZ', credit_source: '' });
    assert.equal(saved.status, 303);
    const stored = await server.database.db.selectFrom('media').select(['alt', 'credit_text']).where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { alt: 'A quiet street', credit_text: 'IZ' });
    const bad = await session.post(`/admin/media/${row.id}/`, { alt: 'x'.repeat(600), caption: '', credit: '', credit_source: 'no-such-source' });
    assert.equal(bad.status, 422);
    const deleted = await session.post(`/admin/media/${row.id}/delete/`, {});
    assert.equal(deleted.status, 303);
    assert.equal(await server.database.db.selectFrom('media_originals').select('media_id').where('media_id', '=', row.id).executeTakeFirst(), undefined);
  });
});

/** A noisy photo, so that its JPEG keeps its size (a flat one compresses to almost nothing). */
function aNoisyJpeg(seed: number): Promise<Buffer> {
  return sharp({
    create: { width: 300, height: 300, channels: 3, background: { r: seed % 255, g: 90, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe('uploads held in memory at once', () => {
  let server: TestServer;
  let session: AdminSession;
  let photos: Buffer[];

  before(async () => {
    photos = await Promise.all([1, 2, 3, 4, 5].map(aNoisyJpeg));
    const largest = Math.max(...photos.map((p) => p.length));
    // The process holds four of the largest photos accepted at once: five in one upload are past it.
    const media = new MediaVariants({
      cacheDir: await mkdtemp(join(tmpdir(), 'wirepress-budget-')),
      cacheMaxBytes: 1 << 26,
      maxUploadBytes: largest,
      keepCredits: false,
    });
    server = await startTestServer({ media });
    session = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(() => server.close());

  it('answers 503 with Retry-After past the process’s budget, keeping what was typed and storing nothing, and takes the photos once it is free', async () => {
    const files = photos.map((bytes, i) => ({ name: `frame-${i + 1}.jpg`, bytes }));
    const busy = await uploadFiles(server, session, files, { alt: 'Crowd at the station', caption: 'Monday <i>morning</i>' });
    assert.equal(busy.status, 503);
    assert.ok(Number(busy.headers.get('retry-after')) > 0);
    const page = parse(await busy.text());
    assert.match(page.querySelector('#files-error')?.text ?? '', /busy/i);
    assert.equal(page.querySelector('#alt')?.getAttribute('value'), 'Crowd at the station');
    assert.equal(page.querySelector('#caption')?.getAttribute('value'), 'Monday <i>morning</i>');
    assert.equal(await mediaCount(server), 0);
    // The refused upload gave its share back: four photos fit.
    const stored = await uploadFiles(server, session, files.slice(0, 4));
    assert.equal(stored.status, 303);
    assert.equal(await mediaCount(server), 4);
  });

  it('still refuses a photo past the size limit with 413 beside the field, keeping what was typed', async () => {
    const big = Buffer.concat([photos[0] ?? Buffer.alloc(0), Buffer.alloc(4096)]);
    const res = await uploadFiles(server, session, [{ name: 'huge.jpg', bytes: big }], { alt: 'Kept' });
    assert.equal(res.status, 413);
    const page = parse(await res.text());
    assert.match(page.querySelector('#files-error')?.text ?? '', /huge\.jpg/);
    assert.equal(page.querySelector('#alt')?.getAttribute('value'), 'Kept');
  });
});
