import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { aUser } from '../../../test/support/admin.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { Role } from '../../domain/users.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { listPagesForAdmin } from '../../services/pages.ts';

type RestFailure = { code: string; message: string; data: { status: number; params?: Record<string, string> } };
type RestPage = {
  id: number;
  slug: string;
  status: string;
  parent: number;
  menu_order: number;
  link: string;
  title: { raw: string; rendered: string };
  content: { raw: string; rendered: string };
};

async function failure(request: PromiseLike<unknown>): Promise<RestFailure> {
  try {
    await request;
  } catch (error) {
    return error as RestFailure;
  }
  assert.fail('the request succeeded');
}

describe('page writes through /wp/v2/pages with node-wpapi', () => {
  let server: TestServer;
  const wp = new Map<Role, WPAPI>();
  let anonymous: WPAPI;

  before(async () => {
    server = await startTestServer({ seed: false });
    for (const role of ['editor', 'author'] as const) {
      const user = await aUser(server.database.db, role);
      const { password } = await createApplicationPassword(server.database.db, user, 'tool', new Date());
      wp.set(role, new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: user.email, password }));
    }
    anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
  });
  after(() => server.close());

  it('lets an editor create a page under a parent with a menu order, publish it (readers see it at once), edit it and take it down', async () => {
    const editor = wp.get('editor')!;
    const about = (await editor.pages().create({ title: 'About us', content: 'Who we **are**.', status: 'publish' })) as unknown as RestPage;
    assert.equal(about.slug, 'about-us');
    assert.equal(about.status, 'publish');
    assert.equal(about.content.raw, 'Who we **are**.');
    assert.match(about.content.rendered, /<strong>are<\/strong>/);
    const html = await fetch(`${server.url}/about-us/`);
    assert.equal(html.status, 200);
    await html.text();

    // Read anonymously first, so the cached list must be dropped when the page goes live.
    assert.equal((await anonymous.pages()).length, 1);
    const team = (await editor.pages().create({ title: 'Team <and> staff', status: 'draft', parent: about.id, menu_order: 3 })) as unknown as RestPage;
    assert.deepEqual([team.status, team.parent, team.menu_order, team.slug], ['draft', about.id, 3, 'team-and-staff']);
    assert.equal(team.title.rendered, 'Team &lt;and&gt; staff');
    assert.equal((await failure(anonymous.pages().id(team.id))).code, 'rest_post_invalid_id', 'readers do not see a draft');
    assert.equal(((await editor.pages().id(team.id).context('edit')) as unknown as RestPage).status, 'draft');
    const live = (await editor.pages().id(team.id).update({ status: 'publish', slug: 'team' })) as unknown as RestPage;
    assert.equal(live.link, `${server.url}/about-us/team/`);
    assert.equal((await anonymous.pages()).length, 2);

    const down = (await editor.pages().id(team.id).delete()) as unknown as RestPage;
    assert.equal(down.status, 'draft');
    assert.equal((await anonymous.pages()).length, 1);
    assert.equal((await failure(editor.pages().id(team.id).delete({ force: true }))).code, 'rest_trash_not_supported');
    assert.equal((await listPagesForAdmin(server.database.db)).length, 2, 'nothing deleted');
  });

  it('keeps the admin’s slug rules: reserved addresses refused at the top, allowed under a parent, numbered when taken', async () => {
    const editor = wp.get('editor')!;
    const before = (await listPagesForAdmin(server.database.db)).length;
    const reserved = await failure(editor.pages().create({ title: 'Feed', slug: 'feed', status: 'publish' }));
    assert.deepEqual([reserved.data.status, reserved.code], [400, 'rest_invalid_param']);
    assert.ok(reserved.data.params?.slug);
    const year = await failure(editor.pages().create({ title: 'Year', slug: '2024' }));
    assert.ok(year.data.params?.slug);
    const noParent = await failure(editor.pages().create({ title: 'Orphan', parent: 999_999 }));
    assert.ok(noParent.data.params?.parent);
    const noTitle = await failure(editor.pages().create({ content: 'No title' }));
    assert.ok(noTitle.data.params?.title);
    const badOrder = await failure(editor.pages().create({ title: 'Bad order', menu_order: 'first' }));
    assert.ok(badOrder.data.params?.menu_order);
    assert.ok((await failure(editor.pages().create({ title: 'Far order', menu_order: 10_001 }))).data.params?.menu_order);
    assert.ok((await failure(editor.pages().create({ title: 'x'.repeat(301) }))).data.params?.title, 'the page editor’s limits');
    const control = await failure(editor.pages().create({ title: 'Bell \u0007 page' }));
    assert.ok(control.data.params?.title, 'control characters refused');
    assert.equal((await listPagesForAdmin(server.database.db)).length, before, 'nothing written');

    const parent = (await editor.pages().create({ title: 'Help' })) as unknown as RestPage;
    const under = (await editor.pages().create({ title: 'Feed', slug: 'feed', parent: parent.id })) as unknown as RestPage;
    assert.equal(under.slug, 'feed');
    const again = (await editor.pages().create({ title: 'Help' })) as unknown as RestPage;
    assert.equal(again.slug, 'help-2');
  });

  it('refuses page writes to an author (403) and to anonymous clients (401)', async () => {
    const author = wp.get('author')!;
    const before = (await listPagesForAdmin(server.database.db)).length;
    const refused = await failure(author.pages().create({ title: 'Author page', status: 'publish' }));
    assert.deepEqual([refused.data.status, refused.code], [403, 'rest_cannot_create']);
    const [some] = await listPagesForAdmin(server.database.db);
    const edit = await failure(author.pages().id(some!.id).update({ title: 'Changed' }));
    assert.deepEqual([edit.data.status, edit.code], [403, 'rest_cannot_edit']);
    assert.equal((await failure(author.pages().id(some!.id).delete())).code, 'rest_cannot_delete');
    assert.equal((await failure(anonymous.pages().create({ title: 'Anonymous page' }))).data.status, 401);
    assert.equal((await listPagesForAdmin(server.database.db)).length, before);
    assert.notEqual((await listPagesForAdmin(server.database.db)).find((p) => p.id === some!.id)?.title, 'Changed');
  });
});
