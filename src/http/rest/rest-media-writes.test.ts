import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { aUser } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { aJpeg } from '../../../test/support/images.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { Role, User } from '../../domain/users.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { MediaVariants } from '../../services/media-variants.ts';
import { findMedia, listMedia, setFeaturedMedia } from '../../storage/media.ts';

type RestFailure = { code: string; message: string; data: { status: number; params?: Record<string, string> } };
type RestMedia = {
  id: number;
  title: { rendered: string };
  alt_text: string;
  caption: { rendered: string };
  author: number;
  media_details: { width: number; height: number };
  source_url: string;
};

async function failure(request: PromiseLike<unknown>): Promise<RestFailure> {
  try {
    await request;
  } catch (error) {
    return error as RestFailure;
  }
  assert.fail('the request succeeded');
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('POST /wp/v2/media and changes to photos by node-wpapi with an application password', () => {
  let server: TestServer;
  const users = new Map<Role, User & { appPassword: string; wp: WPAPI }>();
  const as = (role: Role) => users.get(role)!;
  const count = async () => (await listMedia(server.database.db, { search: '', limit: 1000, offset: 0 })).length;

  before(async () => {
    server = await startTestServer({ seed: false });
    for (const role of ['editor', 'author', 'contributor'] as const) {
      const user = await aUser(server.database.db, role);
      const { password } = await createApplicationPassword(server.database.db, user, 'tool', new Date());
      users.set(role, { ...user, appPassword: password, wp: new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: user.email, password }) });
    }
  });
  after(() => server.close());

  it('uploads a JPEG as a multipart form with its title, alt text and caption, and answers 201 with the media object', async () => {
    const jpeg = await aJpeg(1200, 800);
    const created = (await as('author')
      .wp.media()
      .file(jpeg, 'harbour.jpg')
      .create({ title: 'Harbour at dawn', alt_text: 'Fishing boats <moored> at dawn', caption: 'Boats & nets' })) as unknown as RestMedia;
    assert.equal(created.title.rendered, 'Harbour at dawn');
    assert.equal(created.alt_text, 'Fishing boats <moored> at dawn');
    assert.equal(created.caption.rendered, '<p>Boats &amp; nets</p>\n');
    assert.equal(created.author, as('author').id);
    assert.equal(created.media_details.width, 1200);
    const stored = await findMedia(server.database.db, created.id);
    assert.equal(stored?.fileName, 'Harbour at dawn.jpg');
    assert.equal(stored?.byteSize, jpeg.length);
    const variant = await fetch(created.source_url);
    assert.equal(variant.status, 200);
    assert.equal(variant.headers.get('content-type'), 'image/jpeg');
    await variant.arrayBuffer();
  });

  it('uploads a raw body named by Content-Disposition', async () => {
    const res = await fetch(`${server.url}/wp-json/wp/v2/media?alt_text=A%20quiet%20street`, {
      method: 'POST',
      headers: {
        authorization: basic(as('contributor').email, as('contributor').appPassword),
        'content-type': 'image/jpeg',
        'content-disposition': 'attachment; filename="street.jpg"',
      },
      body: new Uint8Array(await aJpeg(640, 480)),
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as RestMedia;
    assert.equal(res.headers.get('location'), `${server.url}/wp-json/wp/v2/media/${body.id}`);
    assert.equal(body.title.rendered, 'street');
    assert.equal(body.alt_text, 'A quiet street');
  });

  it('refuses a file over the size limit with 413, what is not an image with 415, a broken JPEG with 415/422, and stores nothing', async () => {
    const before = await count();
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0xff);
    const raw = await fetch(`${server.url}/wp-json/wp/v2/media`, {
      method: 'POST',
      headers: {
        authorization: basic(as('editor').email, as('editor').appPassword),
        'content-type': 'image/jpeg',
        'content-disposition': 'attachment; filename="huge.jpg"',
      },
      body: new Uint8Array(big),
    });
    assert.equal(raw.status, 413);
    assert.equal(((await raw.json()) as RestFailure).code, 'rest_upload_file_too_big');
    const tooBig = await failure(as('editor').wp.media().file(big, 'huge.jpg').create({ title: 'Huge' }));
    assert.equal(tooBig.data.status, 413);

    const text = await failure(as('editor').wp.media().file(Buffer.from('just some words, not a picture'), 'notes.jpg').create({}));
    assert.equal(text.data.status, 415);
    assert.equal(text.code, 'rest_upload_invalid_type');
    assert.match(text.message, /notes\.jpg/);
    const jpeg = await aJpeg(800, 600);
    const broken = await failure(as('editor').wp.media().file(jpeg.subarray(0, 400), 'cut.jpg').create({}));
    assert.ok([415, 422].includes(broken.data.status), `status ${broken.data.status}`);
    const long = await failure(
      as('editor')
        .wp.media()
        .file(jpeg, 'fine.jpg')
        .create({ alt_text: 'x'.repeat(501) }),
    );
    assert.equal(long.data.status, 400);
    assert.ok(long.data.params?.alt_text, 'the alt text is named');
    assert.equal(await count(), before, 'nothing stored');
  });

  it('refuses uploads from anonymous clients with 401', async () => {
    const anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
    const refused = await failure(
      anonymous
        .media()
        .file(await aJpeg(100, 100), 'a.jpg')
        .create({}),
    );
    assert.deepEqual([refused.data.status, refused.code], [401, 'rest_cannot_create']);
  });

  it('changes alt text, caption and title for the uploader or an editor, not for another author', async () => {
    const created = (await as('author')
      .wp.media()
      .file(await aJpeg(300, 200), 'market.jpg')
      .create({ alt_text: 'Market' })) as unknown as RestMedia;
    const changed = (await as('author').wp.media().id(created.id).update({ alt_text: 'The covered market', title: 'Market hall' })) as unknown as RestMedia;
    assert.equal(changed.alt_text, 'The covered market');
    assert.equal(changed.title.rendered, 'Market hall');
    const byEditor = (await as('editor').wp.media().id(created.id).update({ caption: 'Saturday morning' })) as unknown as RestMedia;
    assert.equal(byEditor.caption.rendered, '<p>Saturday morning</p>\n');
    assert.equal(byEditor.alt_text, 'The covered market', 'fields not sent stay');
    const other = await aUser(server.database.db, 'author', 'Other Author');
    const { password } = await createApplicationPassword(server.database.db, other, 'tool', new Date());
    const otherWp = new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: other.email, password });
    const refused = await failure(otherWp.media().id(created.id).update({ alt_text: 'Mine now' }));
    assert.deepEqual([refused.data.status, refused.code], [403, 'rest_cannot_edit']);
    assert.equal((await findMedia(server.database.db, created.id))?.alt, 'The covered market');
    assert.equal((await failure(as('editor').wp.media().id(999_999).update({ alt_text: 'x' }))).data.status, 404);
  });

  it('shows readers a changed alt text at once on a live post’s featured image, however it was cached', async () => {
    const created = (await as('editor')
      .wp.media()
      .file(await aJpeg(300, 200), 'square.jpg')
      .create({ alt_text: 'The square' })) as unknown as RestMedia;
    const post = await aPost(server.database.db, { title: 'Square story' });
    await setFeaturedMedia(server.database.db, post.id, created.id);
    const anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
    assert.equal(((await anonymous.media().id(created.id)) as unknown as RestMedia).alt_text, 'The square');
    await as('editor').wp.media().id(created.id).update({ alt_text: 'The square at noon' });
    assert.equal(((await anonymous.media().id(created.id)) as unknown as RestMedia).alt_text, 'The square at noon');
  });

  it('deletes an unused photo with force=true, refuses one a post uses naming the post, and answers 501 without force', async () => {
    const unused = (await as('editor')
      .wp.media()
      .file(await aJpeg(300, 200), 'unused.jpg')
      .create({})) as unknown as RestMedia;
    const used = (await as('editor')
      .wp.media()
      .file(await aJpeg(300, 200), 'used.jpg')
      .create({ alt_text: 'Used' })) as unknown as RestMedia;
    const post = await aPost(server.database.db, { title: 'Story with a photo' });
    await setFeaturedMedia(server.database.db, post.id, used.id);

    const noForce = await failure(as('editor').wp.media().id(unused.id).delete());
    assert.deepEqual([noForce.data.status, noForce.code], [501, 'rest_trash_not_supported']);
    assert.ok(await findMedia(server.database.db, unused.id));
    const deleted = await as('editor').wp.media().id(unused.id).delete({ force: true });
    assert.equal(deleted.deleted, true);
    assert.equal((deleted.previous as RestMedia).id, unused.id);
    assert.equal(await findMedia(server.database.db, unused.id), undefined);

    const inUse = await failure(as('editor').wp.media().id(used.id).delete({ force: true }));
    assert.deepEqual([inUse.data.status, inUse.code], [409, 'rest_media_in_use']);
    assert.match(inUse.message, /Story with a photo/);
    assert.ok(await findMedia(server.database.db, used.id));
  });
});

describe('POST /wp/v2/media draws on the process’s upload budget, shared with the admin’s uploads', () => {
  let server: TestServer;
  let media: MediaVariants;
  let wp: WPAPI;
  let authorization: string;

  before(async () => {
    media = new MediaVariants({
      cacheDir: await mkdtemp(join(tmpdir(), 'wirepress-rest-budget-')),
      cacheMaxBytes: 1 << 26,
      maxUploadBytes: 1 << 20,
      keepCredits: false,
    });
    server = await startTestServer({ seed: false, media });
    const editor = await aUser(server.database.db, 'editor');
    const { password } = await createApplicationPassword(server.database.db, editor, 'tool', new Date());
    wp = new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: editor.email, password });
    authorization = basic(editor.email, password);
  });
  after(() => server.close());

  it('answers 503 with Retry-After while the admin’s uploads hold the budget, stores nothing, and takes the photo once they are done', async () => {
    const jpeg = await aJpeg(400, 300);
    // Editors' uploads in the admin hold all but a few bytes of what the process may hold at once.
    const held = media.uploadBudget.maxBytes - 100;
    assert.ok(media.uploadBudget.take(held));
    const res = await fetch(`${server.url}/wp-json/wp/v2/media`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="pier.jpg"' },
      body: new Uint8Array(jpeg),
    });
    assert.equal(res.status, 503);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(((await res.json()) as RestFailure).code, 'rest_upload_busy');
    assert.equal((await listMedia(server.database.db, { search: '', limit: 10, offset: 0 })).length, 0);
    // The refused request gave back what it had taken; once the admin's uploads are done it goes through.
    assert.equal(media.uploadBudget.held, held);
    media.uploadBudget.give(held);
    const created = (await wp.media().file(jpeg, 'pier.jpg').create({ alt_text: 'The pier' })) as unknown as RestMedia;
    assert.equal(created.alt_text, 'The pier');
    assert.equal(media.uploadBudget.held, 0);
  });
});
