import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { adminFetch, aUser, signIn } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { listUserRemovals, listUsers } from '../../storage/users.ts';

describe('suspending and removing users', () => {
  let server: TestServer;
  let owner: Awaited<ReturnType<typeof aUser>>;
  before(async () => {
    server = await startTestServer();
    owner = await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
  });

  /** Asks for a reset link from the sign-in page; the token mailed, or undefined when no mail was queued. */
  const issueResetLink = async (_server: TestServer, email: string): Promise<string | undefined> => {
    const db = server.database.db;
    const before = await db.selectFrom('outbox').select('id').where('recipient', '=', email).execute();
    assert.equal((await adminFetch(server, '/admin/lost-password/', { fields: { email } })).status, 200);
    const mail = await db
      .selectFrom('outbox')
      .select('body_text')
      .where('recipient', '=', email)
      .where('id', 'not in', [0, ...before.map((m) => m.id)])
      .executeTakeFirst();
    return mail && /token=([\w-]+)/.exec(mail.body_text)?.[1];
  };

  const sessionsOf = async (userId: number) =>
    Number(
      (
        await server.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('suspending ends the user’s sessions at once and refuses sign-in with a clear message; reinstating lets them in again', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    const author = await aUser(server.database.db, 'author', 'Sue Spended');
    const theirs = await signIn(server, author);
    assert.equal((await theirs.get('/admin/')).status, 200);

    assert.equal((await admin.post(`/admin/users/${author.id}/suspend/`, {})).status, 303);
    assert.equal(await sessionsOf(author.id), 0);
    assert.equal((await theirs.get('/admin/')).status, 302, 'the old cookie opens nothing');
    const refused = await adminFetch(server, '/admin/login/', { fields: { email: author.email, password: author.password, next: '/admin/' } });
    assert.equal(refused.status, 403);
    assert.match(textOf(parse(await refused.text()).querySelector('.error-summary, [role="alert"]')), /suspended/);
    const wrong = await adminFetch(server, '/admin/login/', { fields: { email: author.email, password: 'not the password', next: '/admin/' } });
    assert.equal(wrong.status, 401, 'a wrong password says nothing about the account');
    assert.doesNotMatch(await wrong.text(), /suspended/);

    const list = parse(await (await admin.get('/admin/users/')).text());
    const row = list.querySelectorAll('tbody tr').find((tr) => textOf(tr).includes('Sue Spended'))!;
    assert.match(textOf(row), /Suspended/);
    assert.ok(row.querySelector(`form[action="/admin/users/${author.id}/reinstate/"]`));

    assert.equal((await admin.post(`/admin/users/${author.id}/reinstate/`, {})).status, 303);
    await signIn(server, author);
  });

  it('a suspended user’s reset link stops working, and asking for a new one sends nothing', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    const editor = await aUser(server.database.db, 'editor');
    const token = await issueResetLink(server, editor.email);
    assert.equal((await adminFetch(server, `/admin/reset-password/?token=${token}`)).status, 200);
    await admin.post(`/admin/users/${editor.id}/suspend/`, {});
    assert.equal((await adminFetch(server, `/admin/reset-password/?token=${token}`)).status, 403);
    assert.equal(await issueResetLink(server, editor.email), undefined);
  });

  it('removing gives the user’s posts to the chosen user and deletes the account, its sessions and links in one go', async () => {
    const adminUser = await aUser(server.database.db, 'administrator', 'Ada Admin');
    const admin = await signIn(server, adminUser);
    const leaving = await aUser(server.database.db, 'author', 'Leo Leaving');
    const heir = await aUser(server.database.db, 'editor', 'Hana Heir');
    const suspended = await aUser(server.database.db, 'author', 'Sid Suspended');
    await admin.post(`/admin/users/${suspended.id}/suspend/`, {});
    await aPost(server.database.db, { author: 'Leo Leaving', title: 'First by Leo' });
    await aPost(server.database.db, { author: 'Leo Leaving', title: 'Draft by Leo', status: 'draft' });
    const theirs = await signIn(server, leaving);
    const resetToken = await issueResetLink(server, leaving.email);

    const form = parse(await (await admin.get(`/admin/users/${leaving.id}/remove/`)).text());
    const options = form.querySelectorAll('select#postsTo option').map((o) => textOf(o));
    assert.ok(options.some((o) => o.startsWith('Hana Heir')));
    assert.ok(options.some((o) => o.startsWith('Olga Owner')));
    assert.ok(!options.some((o) => o.startsWith('Leo Leaving')), 'not the user being removed');
    assert.ok(!options.some((o) => o.startsWith('Sid Suspended')), 'not a suspended user');

    const toSelf = await admin.post(`/admin/users/${leaving.id}/remove/`, { postsTo: String(leaving.id) });
    assert.equal(toSelf.status, 422);
    assert.equal((await admin.post(`/admin/users/${leaving.id}/remove/`, { postsTo: String(suspended.id) })).status, 422);
    assert.equal((await admin.post(`/admin/users/${leaving.id}/remove/`, { postsTo: 'nobody' })).status, 422);
    assert.ok(
      (await listUsers(server.database.db)).some((u) => u.id === leaving.id),
      'nothing removed yet',
    );

    const done = await admin.post(`/admin/users/${leaving.id}/remove/`, { postsTo: String(heir.id) });
    assert.equal(done.status, 200);
    assert.match(textOf(parse(await done.text()).querySelector('.admin-notice')), /Leo Leaving has been removed; 2 posts now appear under Hana Heir/);

    assert.ok(!(await listUsers(server.database.db)).some((u) => u.id === leaving.id));
    const posts = await server.database.db.selectFrom('posts').select(['title', 'author_id']).where('title', 'in', ['First by Leo', 'Draft by Leo']).execute();
    assert.deepEqual(
      posts.map((p) => p.author_id),
      [heir.authorId, heir.authorId],
    );
    assert.equal(await sessionsOf(leaving.id), 0);
    assert.equal((await theirs.get('/admin/')).status, 302);
    const links = await server.database.db.selectFrom('password_resets').select('token_hash').where('user_id', '=', leaving.id).execute();
    assert.equal(links.length, 0);
    assert.equal((await adminFetch(server, `/admin/reset-password/?token=${resetToken}`)).status, 403);
    const refused = await adminFetch(server, '/admin/login/', { fields: { email: leaving.email, password: leaving.password, next: '/admin/' } });
    assert.equal(refused.status, 401);

    const removal = (await listUserRemovals(server.database.db)).find((r) => r.userId === leaving.id);
    assert.deepEqual(removal, {
      userId: leaving.id,
      email: leaving.email,
      displayName: 'Leo Leaving',
      removedById: adminUser.id,
      removedByName: 'Ada Admin',
      postsToUserId: heir.id,
      postsMoved: 2,
    });
    const post = await adminFetch(server, '/');
    assert.equal(post.status, 200);
  });

  it('never lets anyone suspend or remove the owner or themselves, nor an editor anybody', async () => {
    const adminUser = await aUser(server.database.db, 'administrator');
    const admin = await signIn(server, adminUser);
    const editorUser = await aUser(server.database.db, 'editor');
    const editor = await signIn(server, editorUser);
    const target = await aUser(server.database.db, 'contributor');
    const ownerSession = await signIn(server, owner);

    for (const [session, victim] of [
      [admin, owner],
      [admin, adminUser],
      [ownerSession, owner],
      [editor, target],
      [editor, editorUser],
    ] as const) {
      assert.equal((await session.post(`/admin/users/${victim.id}/suspend/`, {})).status, 403);
      assert.equal((await session.get(`/admin/users/${victim.id}/remove/`)).status, 403);
      assert.equal((await session.post(`/admin/users/${victim.id}/remove/`, { postsTo: String(adminUser.id) })).status, 403);
    }
    const users = await listUsers(server.database.db);
    for (const u of [owner, adminUser, editorUser, target]) assert.ok(users.some((x) => x.id === u.id));
    assert.equal((await admin.get('/admin/')).status, 200, 'the administrator is still signed in');
    const list = parse(await (await admin.get('/admin/users/')).text());
    assert.equal(list.querySelector(`form[action="/admin/users/${owner.id}/suspend/"]`), null);
    assert.equal(list.querySelector(`form[action="/admin/users/${adminUser.id}/suspend/"]`), null);
    assert.ok(list.querySelector(`form[action="/admin/users/${target.id}/suspend/"]`));

    // The owner may remove an administrator.
    assert.equal((await ownerSession.post(`/admin/users/${adminUser.id}/remove/`, { postsTo: String(owner.id) })).status, 200);
  });

  it('answers an unknown user with 404', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    assert.equal((await admin.post('/admin/users/999999/suspend/', {})).status, 404);
    assert.equal((await admin.get('/admin/users/999999/remove/')).status, 404);
  });
});
