import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { aUser, signIn } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { aJpeg, uploadFiles } from '../../../test/support/images.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { listMedia, setFeaturedMedia } from '../../storage/media.ts';

type Size = { width: number; height: number; source_url: string; mime_type: string };
type RestMedia = {
  id: number;
  type: string;
  alt_text: string;
  caption: { rendered: string };
  mime_type: string;
  source_url: string;
  post: number | null;
  media_details: { width: number; height: number; sizes: Record<string, Size> };
};

async function failure(request: PromiseLike<unknown>): Promise<{ code: string; data: { status: number } }> {
  try {
    await request;
  } catch (error) {
    return error as { code: string; data: { status: number } };
  }
  assert.fail('the request succeeded');
}

describe('/wp-json/wp/v2/media and featured_media read by node-wpapi', () => {
  let server: TestServer;
  let anonymous: WPAPI;
  let writer: WPAPI;
  const ids: Record<string, number> = {};
  const posts: Record<string, number> = {};

  before(async () => {
    server = await startTestServer({ seed: false });
    const db = server.database.db;
    const session = await signIn(server, await aUser(db, 'owner'));
    const upload = async (name: string, width: number, height: number, details: Record<string, string>) => {
      const res = await uploadFiles(server, session, [{ name, bytes: await aJpeg(width, height) }], details);
      assert.equal(res.status, 303);
      return (await listMedia(db, { search: '', limit: 1, offset: 0 }))[0]!.id;
    };
    ids.flood = await upload('flood.jpg', 1400, 700, { alt: 'A flooded street <in> town', caption: 'Water & mud on Main Street' });
    ids.unused = await upload('unused.jpg', 400, 300, { alt: 'Not yet shown' });
    ids.onDraft = await upload('embargo.jpg', 400, 300, { alt: 'Embargoed' });
    posts.live = (await aPost(db, { title: 'Floods in town', publishedAt: new Date(Date.UTC(2024, 2, 1, 9)) })).id;
    posts.plain = (await aPost(db, { title: 'No picture', publishedAt: new Date(Date.UTC(2024, 2, 2, 9)) })).id;
    posts.draft = (await aPost(db, { title: 'Embargoed story', status: 'draft' })).id;
    await setFeaturedMedia(db, posts.live, ids.flood);
    await setFeaturedMedia(db, posts.draft, ids.onDraft);
    const contributor = await aUser(db, 'contributor');
    const { password } = await createApplicationPassword(db, contributor, 'uploader', new Date());
    anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
    writer = new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: contributor.email, password });
  });
  after(() => server.close());

  it('shows readers only the featured images of live posts, with WordPress’s fields and sizes they can fetch', async () => {
    const list = (await anonymous.media()) as unknown as RestMedia[];
    assert.deepEqual(
      list.map((m) => m.id),
      [ids.flood],
    );
    const flood = (await anonymous.media().id(ids.flood!)) as unknown as RestMedia;
    assert.equal(flood.type, 'attachment');
    assert.equal(flood.alt_text, 'A flooded street <in> town');
    assert.equal(flood.caption.rendered, '<p>Water &amp; mud on Main Street</p>\n');
    assert.equal(flood.post, posts.live);
    assert.equal(flood.mime_type, 'image/jpeg');
    assert.equal(flood.media_details.width, 1400);
    assert.equal(flood.media_details.height, 700);
    assert.equal(flood.media_details.sizes.full!.source_url, flood.source_url);
    assert.equal(flood.media_details.sizes.medium!.width, 640);
    assert.equal(flood.media_details.sizes.medium!.height, 320);
    for (const url of [flood.source_url, flood.media_details.sizes.thumbnail!.source_url]) {
      assert.ok(url.startsWith(`${server.url}/media/`), url);
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      await res.arrayBuffer();
    }
    assert.equal((await failure(anonymous.media().id(ids.unused!))).data.status, 404);
    assert.equal((await failure(anonymous.media().id(ids.onDraft!))).code, 'rest_post_invalid_id');
    assert.deepEqual(
      ((await anonymous.media().param('parent', posts.draft)) as unknown as RestMedia[]).map((m) => m.id),
      [],
    );
  });

  it('shows the whole library to someone who writes, with an application password', async () => {
    const list = (await writer.media()) as unknown as RestMedia[];
    assert.deepEqual(
      list.map((m) => m.id),
      [ids.onDraft, ids.unused, ids.flood],
    );
    assert.equal(((await writer.media().id(ids.unused!)) as unknown as RestMedia).alt_text, 'Not yet shown');
    assert.deepEqual(
      ((await writer.media().param('parent', posts.draft)) as unknown as RestMedia[]).map((m) => m.id),
      [ids.onDraft],
    );
  });

  it('fills featured_media on posts, links it and embeds it', async () => {
    const list = (await anonymous.posts().embed()) as unknown as Array<{
      id: number;
      featured_media: number;
      _links: Record<string, Array<{ href: string }>>;
      _embedded?: Record<string, Array<{ id: number; alt_text: string }>>;
    }>;
    const live = list.find((p) => p.id === posts.live)!;
    const plain = list.find((p) => p.id === posts.plain)!;
    assert.equal(live.featured_media, ids.flood);
    assert.equal(live._links['wp:featuredmedia']![0]!.href, `${server.url}/wp-json/wp/v2/media/${ids.flood}`);
    assert.equal(live._embedded!['wp:featuredmedia']![0]!.alt_text, 'A flooded street <in> town');
    assert.equal(plain.featured_media, 0);
    assert.equal(plain._embedded?.['wp:featuredmedia'], undefined);
    const index = (await anonymous.root('')) as { routes: Record<string, unknown> };
    assert.ok(index.routes['/wp/v2/media']);
    assert.equal(((await anonymous.root('wp/v2/types')) as Record<string, { rest_base: string }>).attachment?.rest_base, 'media');
  });
});
