import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { aUser } from '../../../test/support/admin.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { aJpeg } from '../../../test/support/images.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { Role, User } from '../../domain/users.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { createPage } from '../../services/pages.ts';

type RestFailure = { code: string; message: string; data: { status: number; params?: Record<string, string> } };
type Listed = { id: number; status: string; author: number; title: { rendered: string; raw?: string }; content: { raw?: string } };

async function failure(request: PromiseLike<unknown>): Promise<RestFailure> {
  try {
    await request;
  } catch (error) {
    return error as RestFailure;
  }
  assert.fail('the request succeeded');
}

describe('signed-in REST clients: drafts in lists, /users/me, comments as the account, featured_media', () => {
  let server: TestServer;
  const users = new Map<string, User & { wp: WPAPI }>();
  let anonymous: WPAPI;
  const as = (name: string) => users.get(name)!;
  const ids: Record<string, number> = {};

  before(async () => {
    server = await startTestServer({ seed: false });
    const db = server.database.db;
    const make = async (name: string, role: Role) => {
      const user = await aUser(db, role, name);
      const { password } = await createApplicationPassword(db, user, 'tool', new Date());
      users.set(name, { ...user, wp: new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: user.email, password }) });
    };
    await make('Ann Author', 'author');
    await make('Bob Author', 'author');
    await make('Eve Editor', 'editor');
    await make('Cy Contributor', 'contributor');
    anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
    ids.live = (await aPost(db, { title: 'Live for everyone' })).id;
    ids.annDraft = (await as('Ann Author').wp.posts().create({ title: 'Ann’s draft', content: 'Ann **raw**', status: 'draft' })).id as number;
    ids.annLive = (await as('Ann Author').wp.posts().create({ title: 'Ann’s story', content: 'Out now', status: 'publish' })).id as number;
    ids.bobDraft = (await as('Bob Author').wp.posts().create({ title: 'Bob’s draft', status: 'draft' })).id as number;
    const when = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 19);
    ids.scheduled = (await as('Eve Editor').wp.posts().create({ title: 'Embargoed', status: 'future', date_gmt: when })).id as number;
    ids.draftPage = (
      await createPage(
        db,
        { draft: { title: 'Hidden page', slug: 'hidden', bodyMarkdown: 'Soon', parentId: null, menuOrder: 0, status: 'draft' }, authorId: null },
        new Date(),
      )
    ).id;
    ids.livePage = (
      await createPage(
        db,
        { draft: { title: 'About', slug: 'about', bodyMarkdown: 'Us', parentId: null, menuOrder: 0, status: 'published' }, authorId: null },
        new Date(),
      )
    ).id;
  });
  after(() => server.close());

  const listed = async (request: PromiseLike<unknown>) => ((await request) as Listed[]).map((p) => p.id).sort((a, b) => a - b);
  const sorted = (...list: number[]) => [...list].sort((a, b) => a - b);

  it('refuses drafts and the edit view to anonymous clients as WordPress does', async () => {
    const draft = await failure(anonymous.posts().param('status', 'draft'));
    assert.deepEqual([draft.data.status, draft.code], [400, 'rest_invalid_param']);
    assert.ok(draft.data.params?.status);
    const edit = await failure(anonymous.posts().context('edit'));
    assert.deepEqual([edit.data.status, edit.code], [401, 'rest_forbidden_context']);
    assert.equal((await failure(anonymous.pages().param('status', 'any'))).data.status, 400);
    assert.equal((await failure(anonymous.pages().context('edit'))).code, 'rest_forbidden_context');
    assert.deepEqual(await listed(anonymous.posts().param('status', 'publish')), sorted(ids.live!, ids.annLive!));
  });

  it('lists an author’s own drafts and scheduled posts, an editor’s everyone’s, with the raw text in the edit view', async () => {
    assert.deepEqual(await listed(as('Ann Author').wp.posts().param('status', 'draft')), [ids.annDraft]);
    assert.deepEqual(await listed(as('Bob Author').wp.posts().param('status', ['draft', 'pending'])), [ids.bobDraft]);
    assert.deepEqual(await listed(as('Ann Author').wp.posts().param('status', 'future')), []);
    assert.deepEqual(await listed(as('Eve Editor').wp.posts().param('status', 'draft')), sorted(ids.annDraft!, ids.bobDraft!));
    assert.deepEqual(await listed(as('Eve Editor').wp.posts().param('status', 'future')), [ids.scheduled]);
    // Everyone's live posts, and only one's own others.
    assert.deepEqual(await listed(as('Ann Author').wp.posts().param('status', 'any')), sorted(ids.live!, ids.annDraft!, ids.annLive!));
    const all = (await as('Eve Editor').wp.posts().param('status', 'any').perPage(2)) as Listed[] & { _paging?: { total: number } };
    assert.equal(all._paging?.total, 5);
    assert.equal(all.length, 2);

    const edit = (await as('Ann Author').wp.posts().param('status', 'draft').context('edit')) as Listed[];
    assert.equal(edit[0]!.status, 'draft');
    assert.equal(edit[0]!.content.raw, 'Ann **raw**');
    const view = (await as('Ann Author').wp.posts().param('status', 'draft')) as Listed[];
    assert.equal(view[0]!.content.raw, undefined, 'the view context has no raw text');
    // The edit view lists only what the client may edit.
    assert.deepEqual(await listed(as('Ann Author').wp.posts().context('edit')), [ids.annLive]);
    assert.deepEqual(await listed(anonymous.posts()), sorted(ids.live!, ids.annLive!), 'readers still see live posts only');
  });

  it('lists draft pages for editors, and refuses them to an author', async () => {
    assert.deepEqual(await listed(as('Eve Editor').wp.pages().param('status', 'draft')), [ids.draftPage]);
    const any = (await as('Eve Editor').wp.pages().param('status', 'any').context('edit')) as Listed[];
    assert.deepEqual(
      any.map((p) => [p.id, p.status]).sort(),
      [
        [ids.draftPage, 'draft'],
        [ids.livePage, 'publish'],
      ].sort(),
    );
    const refused = await failure(as('Ann Author').wp.pages().param('status', 'draft'));
    assert.equal(refused.data.status, 400);
    assert.equal((await failure(as('Ann Author').wp.pages().context('edit'))).code, 'rest_forbidden_context');
  });

  it('answers /users/me with the account, and its email, roles and locale in the edit view', async () => {
    const res = await fetch(`${server.url}/wp-json/wp/v2/users/me`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as RestFailure).code, 'rest_not_logged_in');
    const ann = as('Ann Author');
    const me = (await ann.wp.users().id('me' as unknown as number)) as Record<string, unknown>;
    assert.equal(me.id, ann.authorId);
    assert.equal(me.name, 'Ann Author');
    assert.equal(me.email, undefined, 'no email in the view context');
    const edit = (await ann.wp
      .users()
      .id('me' as unknown as number)
      .context('edit')) as Record<string, unknown>;
    assert.equal(edit.email, ann.email);
    assert.deepEqual(edit.roles, ['author']);
    assert.equal(edit.locale, 'en');
    const post = (await anonymous.posts().id(ids.annLive!)) as { author: number };
    assert.equal(post.author, me.id, 'the id posts name as their author');
  });

  it('takes a signed-in user’s comment under their account’s name and email, through the reply form’s rules', async () => {
    const cy = as('Cy Contributor');
    const created = await cy.wp.comments().create({ post: ids.live, content: 'A note from the desk.', author_name: 'Someone Else' });
    assert.equal(created.author_name, 'Cy Contributor');
    assert.equal(created.author_email, undefined, 'the answer never has the email');
    const row = await server.database.db
      .selectFrom('comments')
      .selectAll()
      .where('id', '=', created.id as number)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.author_name, row.author_email], ['Cy Contributor', cy.email]);
    const empty = await failure(cy.wp.comments().create({ post: ids.live, content: '   ' }));
    assert.equal(empty.data.status, 400);
    assert.ok(empty.data.params?.content);
  });

  it('lets a moderator correct a comment’s text, checked and rendered as the reply form’s, and refuses others', async () => {
    const db = server.database.db;
    const id = await aComment(db, ids.live!, { body: 'Teh original text', name: 'Reader' });
    const edited = await as('Eve Editor').wp.comments().id(id).update({ content: 'The corrected <script>alert(1)</script> text\n\nwith **two** paragraphs' });
    const content = edited.content as { raw: string; rendered: string };
    assert.equal(content.raw, 'The corrected <script>alert(1)</script> text\n\nwith **two** paragraphs');
    assert.ok(!content.rendered.includes('<script>'), content.rendered);
    assert.match(content.rendered, /&lt;script&gt;/);
    const shown = (await anonymous.comments().id(id)) as { content: { rendered: string } };
    assert.equal(shown.content.rendered, content.rendered, 'readers see the correction at once');
    const refused = await failure(as('Ann Author').wp.comments().id(id).update({ content: 'Mine' }));
    assert.equal(refused.data.status, 403);
    const empty = await failure(as('Eve Editor').wp.comments().id(id).update({ content: '' }));
    assert.equal(empty.data.status, 400);
    const row = await db.selectFrom('comments').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.body, 'The corrected <script>alert(1)</script> text\n\nwith **two** paragraphs', 'nothing changed by the refusals');
  });

  it('writes featured_media on posts: an image from the library, 0 for none, and refuses one that does not exist', async () => {
    const eve = as('Eve Editor');
    const image = (await eve.wp
      .media()
      .file(await aJpeg(400, 300), 'lead.jpg')
      .create({ alt_text: 'The lead photo' })) as { id: number };
    const post = await eve.wp.posts().create({ title: 'With a photo', status: 'publish', featured_media: image.id });
    assert.equal(post.featured_media, image.id);
    assert.equal(((await anonymous.posts().id(post.id as number)) as { featured_media: number }).featured_media, image.id);
    const missing = await failure(
      eve.wp
        .posts()
        .id(post.id as number)
        .update({ featured_media: 999_999, title: 'Changed title' }),
    );
    assert.deepEqual([missing.data.status, missing.code], [400, 'rest_invalid_featured_media']);
    const unchanged = (await eve.wp
      .posts()
      .id(post.id as number)
      .context('edit')) as { featured_media: number; title: { raw: string } };
    assert.deepEqual([unchanged.featured_media, unchanged.title.raw], [image.id, 'With a photo'], 'nothing written');
    const none = await eve.wp
      .posts()
      .id(post.id as number)
      .update({ featured_media: 0 });
    assert.equal(none.featured_media, 0);
    const bad = await failure(eve.wp.posts().create({ title: 'Bad photo id', featured_media: 'lead' }));
    assert.equal(bad.data.status, 400);
  });
});
