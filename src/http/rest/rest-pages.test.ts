import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { anAuthor } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { changePage, createPage } from '../../services/pages.ts';

type RestPage = {
  id: number;
  slug: string;
  parent: number;
  menu_order: number;
  link: string;
  title: { rendered: string };
  content: { rendered: string };
  type: string;
  status: string;
  author: number;
  _links: Record<string, Array<{ href: string }>>;
};

async function failure(request: PromiseLike<unknown>): Promise<{ code: string; data: { status: number } }> {
  try {
    await request;
  } catch (error) {
    return error as { code: string; data: { status: number } };
  }
  assert.fail('the request succeeded');
}

describe('/wp-json/wp/v2/pages read by node-wpapi', () => {
  let server: TestServer;
  let wp: WPAPI;
  const ids: Record<string, number> = {};
  const draft = (title: string, slug: string, extra: { parentId?: number; menuOrder?: number; status?: 'draft' | 'published'; body?: string } = {}) => ({
    title,
    slug,
    bodyMarkdown: extra.body ?? `About ${title}.`,
    parentId: extra.parentId ?? null,
    menuOrder: extra.menuOrder ?? 0,
    status: extra.status ?? ('published' as const),
  });

  before(async () => {
    server = await startTestServer({ seed: false });
    const db = server.database.db;
    const author = await anAuthor(db, 'Page Keeper');
    const at = (day: number) => new Date(Date.UTC(2024, 0, day, 9));
    ids.about = (await createPage(db, { draft: draft('About <us> & "them"', 'about', { menuOrder: 2 }), authorId: author.id, publishedAt: at(1) }, at(1))).id;
    ids.contact = (await createPage(db, { draft: draft('Contact', 'contact', { menuOrder: 1 }), authorId: author.id, publishedAt: at(2) }, at(2))).id;
    ids.team = (
      await createPage(db, { draft: draft('Team', 'team', { parentId: ids.about, menuOrder: 5 }), authorId: author.id, publishedAt: at(3) }, at(3))
    ).id;
    ids.secret = (await createPage(db, { draft: draft('Secret plans', 'secret', { status: 'draft' }), authorId: author.id }, at(4))).id;
    wp = new WPAPI({ endpoint: `${server.url}/wp-json` });
  });
  after(() => server.close());

  it('lists published pages newest first with WordPress’s fields, never a draft', async () => {
    const pages = (await wp.pages()) as RestPage[] & { _paging?: { total: number } };
    assert.deepEqual(
      pages.map((p) => p.id),
      [ids.team, ids.contact, ids.about],
    );
    assert.equal(pages._paging?.total ?? pages.length, 3);
    const about = pages.find((p) => p.id === ids.about)!;
    assert.equal(about.type, 'page');
    assert.equal(about.status, 'publish');
    assert.equal(about.title.rendered, 'About &lt;us&gt; &amp; &quot;them&quot;');
    assert.match(about.content.rendered, /About/);
    assert.equal(about.parent, 0);
    assert.equal(about.menu_order, 2);
    assert.equal(about.link, `${server.url}/about/`);
    assert.equal(about._links.self![0]!.href, `${server.url}/wp-json/wp/v2/pages/${ids.about}`);
    const team = pages.find((p) => p.id === ids.team)!;
    assert.equal(team.parent, ids.about);
    assert.equal(team.link, `${server.url}/about/team/`);
    assert.equal(team._links.up![0]!.href, `${server.url}/wp-json/wp/v2/pages/${ids.about}`);
  });

  it('finds a page by id, by slug, by parent and orders by menu_order', async () => {
    assert.equal(((await wp.pages().id(ids.contact!)) as RestPage).slug, 'contact');
    assert.deepEqual(
      ((await wp.pages().slug('team')) as RestPage[]).map((p) => p.id),
      [ids.team],
    );
    assert.deepEqual(
      ((await wp.pages().param('parent', ids.about)) as RestPage[]).map((p) => p.id),
      [ids.team],
    );
    assert.deepEqual(
      ((await wp.pages().param('parent', 0).orderby('menu_order').order('asc')) as RestPage[]).map((p) => p.id),
      [ids.contact, ids.about],
    );
    assert.deepEqual(
      ((await wp.pages().param('menu_order', 5)) as RestPage[]).map((p) => p.id),
      [ids.team],
    );
  });

  it('answers a draft, a missing page and a bad parameter as WordPress does', async () => {
    assert.equal((await failure(wp.pages().id(ids.secret!))).data.status, 404);
    assert.equal((await failure(wp.pages().id(999_999))).code, 'rest_post_invalid_id');
    assert.equal((await failure(wp.pages().param('orderby', 'nothing'))).data.status, 400);
    assert.deepEqual(((await wp.pages().slug('secret')) as RestPage[]).length, 0);
  });

  it('is in the index and in /types, and shows a change at once through the page cache', async () => {
    const index = (await wp.root('')) as { routes: Record<string, unknown> };
    assert.ok(index.routes['/wp/v2/pages']);
    assert.ok(index.routes['/wp/v2/pages/(?P<id>[\\d]+)']);
    const types = (await wp.root('wp/v2/types')) as Record<string, { rest_base: string }>;
    assert.equal(types.page?.rest_base, 'pages');

    const db = server.database.db;
    const now = new Date();
    await wp.pages().id(ids.contact!);
    await wp.pages();
    await changePage(db, ids.contact!, { draft: draft('Contact the desk', 'contact', { menuOrder: 1 }), authorId: null }, now);
    assert.equal(((await wp.pages().id(ids.contact!)) as RestPage).title.rendered, 'Contact the desk');
    assert.ok(((await wp.pages()) as RestPage[]).some((p) => p.title.rendered === 'Contact the desk'));
    await changePage(db, ids.secret!, { draft: draft('Secret plans', 'secret'), authorId: null }, now);
    assert.equal(((await wp.pages().id(ids.secret!)) as RestPage).slug, 'secret');
    assert.equal(((await wp.pages()) as RestPage[]).length, 4);
    await changePage(db, ids.contact!, { draft: draft('Contact the desk', 'contact', { status: 'draft' }), authorId: null }, now);
    assert.equal((await failure(wp.pages().id(ids.contact!))).data.status, 404);
    assert.equal(((await wp.pages()) as RestPage[]).length, 3);
  });
});
