import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { aUser, signIn } from '../../../test/support/admin.ts';
import { parse } from 'node-html-parser';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_COMMENT_PACE } from '../../domain/comment-pace.ts';
import type { Role, User } from '../../domain/users.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { suspendUser } from '../../services/users.ts';

type RestFailure = { code: string; message: string; data: { status: number; params?: Record<string, string> } };

/** What node-wpapi rejects with when the site answers an error: the parsed JSON body. */
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

describe('REST API writes with application passwords', () => {
  let server: TestServer;
  let owner: User & { password: string };
  const users = new Map<Role, User & { password: string; appPassword: string; wp: WPAPI }>();
  let anonymous: WPAPI;

  /** A request from `from` (through the trusted proxy on loopback): failed attempts count per address too. */
  const restFetch = (path: string, init: { method?: string; auth?: string; body?: unknown; from?: string } = {}) =>
    fetch(`${server.url}/wp-json${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.auth ? { authorization: init.auth } : {}),
        ...(init.from ? { 'x-forwarded-for': init.from } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });

  before(async () => {
    server = await startTestServer({ seed: false, trustedProxies: ['127.0.0.1'], commentPace: DEFAULT_COMMENT_PACE });
    const db = server.database.db;
    owner = await aUser(db, 'owner');
    for (const role of ['administrator', 'editor', 'author', 'contributor'] as const) {
      const user = await aUser(db, role);
      const { password } = await createApplicationPassword(db, user, `${role}'s tool`, new Date());
      const wp = new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: user.email, password });
      users.set(role, { ...user, appPassword: password, wp });
    }
    anonymous = new WPAPI({ endpoint: `${server.url}/wp-json` });
  });
  after(() => server.close());

  const as = (role: Role) => users.get(role)!;

  it('creates an application password on the account page, shows it once, keeps only its hash, and revokes it', async () => {
    const session = await signIn(server, owner);
    const created = await session.post('/admin/account/application-passwords/', { name: 'Newsletter <tool>' });
    assert.equal(created.status, 200);
    const page = parse(await created.text());
    const password = page.querySelector('.application-password code')?.textContent ?? '';
    assert.match(password, /^([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}$/);
    const stored = await server.database.db.selectFrom('application_passwords').selectAll().where('user_id', '=', owner.id).execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(password.replaceAll(' ', '')), 'only a hash is stored');

    const me = await restFetch('/wp/v2/posts/999999?context=edit', { auth: basic(owner.email.toUpperCase(), password) });
    assert.equal(me.status, 404, 'the password opens the API (the post does not exist)');
    const account = await session.get('/admin/account/');
    const accountHtml = await account.text();
    assert.ok(accountHtml.includes('Newsletter &lt;tool&gt;'), 'listed by its name, escaped');
    assert.ok(!accountHtml.includes(password), 'never shown again');
    assert.equal(parse(accountHtml).querySelectorAll('.admin-table tbody tr').length, 1);
    assert.ok(accountHtml.includes('127.0.0.1'), 'its last use is shown with the address');

    const revoked = await session.post(`/admin/account/application-passwords/${stored[0]!.id}/revoke/`, {});
    assert.equal(revoked.status, 303);
    const after = await restFetch('/wp/v2/posts/999999?context=edit', { auth: basic(owner.email, password) });
    assert.equal(after.status, 401);
  });

  it('refuses an empty or too long name with 422, the name kept beside its message', async () => {
    const session = await signIn(server, owner);
    const empty = await session.post('/admin/account/application-passwords/', { name: '   ' });
    assert.equal(empty.status, 422);
    const long = 'x'.repeat(101);
    const tooLong = await session.post('/admin/account/application-passwords/', { name: long });
    assert.equal(tooLong.status, 422);
    const html = parse(await tooLong.text());
    assert.equal(html.querySelector('input[name="name"]')?.getAttribute('value'), long);
    assert.ok(html.querySelector('#name-error'));
  });

  it('answers every wrong credential with the same 401, records each use, and never opens the admin', async () => {
    const editor = as('editor');
    const wrongs = [
      basic(editor.email, 'AAAA BBBB CCCC DDDD EEEE FFFF'),
      basic('nobody@newsroom.example', editor.appPassword),
      basic(as('author').email, editor.appPassword),
      basic(editor.email, editor.password),
      'Basic !!!',
    ];
    const bodies = new Set<string>();
    for (const auth of wrongs) {
      const res = await restFetch('/wp/v2/posts', { auth, from: '192.0.2.10' });
      assert.equal(res.status, 401);
      bodies.add(await res.text());
    }
    assert.equal(bodies.size, 1, 'one answer whatever was wrong');
    const ok = await restFetch('/wp/v2/posts', { auth: basic(editor.email, editor.appPassword.replaceAll(' ', '')) });
    assert.equal(ok.status, 200, 'spaces are optional');
    const row = await server.database.db
      .selectFrom('application_passwords')
      .select(['last_used_at', 'last_used_ip'])
      .where('user_id', '=', editor.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.last_used_at);
    assert.equal(row.last_used_ip, '127.0.0.1');
    const admin = await fetch(`${server.url}/admin/`, { redirect: 'manual', headers: { authorization: basic(editor.email, editor.appPassword) } });
    assert.ok(admin.status === 302 || admin.status === 303, 'the admin asks for a session');
    assert.match(admin.headers.get('location') ?? '', /\/admin\/login\//);
  });

  it('pauses an account after repeated failures, even with the right password', async () => {
    const db = server.database.db;
    const user = await aUser(db, 'editor', 'Guessed Editor');
    const { password } = await createApplicationPassword(db, user, 'tool', new Date());
    for (let i = 0; i < 10; i += 1) assert.equal((await restFetch('/wp/v2/posts', { auth: basic(user.email, 'x'), from: `198.51.100.${i}` })).status, 401);
    const paused = await restFetch('/wp/v2/posts', { auth: basic(user.email, password) });
    assert.equal(paused.status, 429);
    assert.ok(Number(paused.headers.get('retry-after')) > 0);
    assert.equal(((await paused.json()) as RestFailure).code, 'rest_too_many_attempts');
    // And an address that keeps failing is paused whatever account it tries.
    for (let i = 0; i < 10; i += 1) await restFetch('/wp/v2/posts', { auth: basic(`guess${i}@newsroom.example`, 'x'), from: '203.0.113.9' });
    assert.equal((await restFetch('/wp/v2/posts', { auth: basic(as('editor').email, as('editor').appPassword), from: '203.0.113.9' })).status, 429);
  });

  it('stops a suspended user’s application passwords', async () => {
    const db = server.database.db;
    const user = await aUser(db, 'author', 'Soon Suspended');
    const { password } = await createApplicationPassword(db, user, 'tool', new Date());
    assert.equal((await restFetch('/wp/v2/posts', { auth: basic(user.email, password) })).status, 200);
    await suspendUser(db, owner, user.id, new Date());
    assert.equal((await restFetch('/wp/v2/posts', { auth: basic(user.email, password) })).status, 401);
  });

  it('lets an author write a draft, read it in the edit view, publish it (readers see it at once) and take it down', async () => {
    const author = as('author');
    const draft = await author.wp.posts().create({ title: 'Grain corridor <talks>', content: 'First **paragraph**.', status: 'draft' });
    assert.equal(draft.status, 'draft');
    const id = draft.id as number;
    assert.deepEqual(draft.title, { raw: 'Grain corridor <talks>', rendered: 'Grain corridor &lt;talks&gt;' });
    assert.equal((draft.content as { raw: string }).raw, 'First **paragraph**.');
    assert.match((draft.content as { rendered: string }).rendered, /<strong>paragraph<\/strong>/);
    assert.equal((await failure(anonymous.posts().id(id))).code, 'rest_post_invalid_id', 'readers do not see a draft');
    const edit = await author.wp.posts().id(id).context('edit');
    assert.equal(edit.status, 'draft');

    // Read anonymously first, so the cached list must be dropped when the post goes live.
    assert.equal((await anonymous.posts()).length, 0);
    const published = await author.wp.posts().id(id).update({ status: 'publish' });
    assert.equal(published.status, 'publish');
    const list = await anonymous.posts();
    assert.deepEqual(
      list.map((p) => p.id),
      [id],
    );
    await author.wp.posts().id(id).update({ title: 'Grain corridor talks resume' });
    assert.equal(((await anonymous.posts().id(id)) as { title: { rendered: string } }).title.rendered, 'Grain corridor talks resume');

    const down = await author.wp.posts().id(id).delete();
    assert.equal(down.status, 'draft');
    assert.equal((await anonymous.posts()).length, 0);
    assert.equal((await failure(author.wp.posts().id(id).delete({ force: true }))).code, 'rest_trash_not_supported');
  });

  it('schedules a post with status future and a date; readers see it only then', async () => {
    const editor = as('editor');
    const when = new Date(Date.now() + 3 * 86_400_000);
    when.setUTCSeconds(0, 0);
    const post = await editor.wp.posts().create({ title: 'Harvest outlook', content: 'Soon.', status: 'future', date_gmt: when.toISOString().slice(0, 19) });
    assert.equal(post.status, 'future');
    assert.equal(post.date_gmt, when.toISOString().slice(0, 19));
    assert.equal((await failure(anonymous.posts().id(post.id as number))).code, 'rest_post_invalid_id');
    const past = await failure(editor.wp.posts().create({ title: 'Too late', status: 'future', date: '2020-01-01T00:00:00' }));
    assert.equal(past.code, 'rest_invalid_param');
    assert.equal(past.data.status, 400);
  });

  it('keeps the admin’s role rules: a contributor cannot publish, an author cannot edit others’ posts, anonymous clients cannot write', async () => {
    const contributor = as('contributor');
    const refused = await failure(contributor.wp.posts().create({ title: 'Contributor scoop', status: 'publish' }));
    assert.equal(refused.code, 'rest_cannot_publish');
    assert.equal(refused.data.status, 403);
    const scheduled = await failure(contributor.wp.posts().create({ title: 'Contributor later', status: 'future', date: '2099-01-01T00:00:00' }));
    assert.equal(scheduled.code, 'rest_cannot_publish');
    const own = await contributor.wp.posts().create({ title: 'Contributor draft' });
    assert.equal(own.status, 'draft');
    assert.equal(
      (
        await failure(
          contributor.wp
            .posts()
            .id(own.id as number)
            .update({ status: 'publish' }),
        )
      ).code,
      'rest_cannot_publish',
    );

    const others = await aPost(server.database.db, { title: 'By a colleague', author: 'A Colleague' });
    const author = as('author');
    const edit = await failure(author.wp.posts().id(others.id).update({ title: 'Changed' }));
    assert.equal(edit.code, 'rest_cannot_edit');
    assert.equal(edit.data.status, 403);
    assert.equal((await failure(author.wp.posts().id(others.id).delete())).code, 'rest_cannot_delete');
    assert.equal((await failure(author.wp.posts().id(others.id).context('edit'))).code, 'rest_forbidden_context');
    const editorChange = await as('editor').wp.posts().id(others.id).update({ title: 'Edited by the desk' });
    assert.equal((editorChange.title as { raw: string }).raw, 'Edited by the desk');

    const anon = await restFetch('/wp/v2/posts', { method: 'POST', body: { title: 'Anonymous' } });
    assert.equal(anon.status, 401);
    assert.equal(((await anon.json()) as RestFailure).code, 'rest_cannot_create');
    assert.equal((await failure(anonymous.posts().id(others.id).context('edit'))).code, 'rest_forbidden_context');
  });

  it('answers bad input with WordPress’s 400 and stores nothing', async () => {
    const editor = as('editor');
    const auth = basic(editor.email, editor.appPassword);
    const count = async () =>
      Number(
        (
          await server.database.db
            .selectFrom('posts')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: Array<[unknown, string]> = [
      ['{"title": ', 'rest_invalid_json'],
      ['[1]', 'rest_invalid_json'],
      [{ title: 'Private', status: 'private' }, 'rest_invalid_param'],
      [{ title: 'Bad date', date: 'tomorrow' }, 'rest_invalid_param'],
      [{ title: 'Unknown category', categories: [2_000_000] }, 'rest_invalid_param'],
      [{ title: 'Control \u0001 character' }, 'rest_invalid_param'],
      [{ title: 'NUL \u0000 title' }, 'rest_invalid_param'],
      [{ title: '' }, 'rest_invalid_param'],
      [{ title: 42 }, 'rest_invalid_param'],
    ];
    for (const [body, code] of cases) {
      const res = await restFetch('/wp/v2/posts', { method: 'POST', auth, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as RestFailure).code, code);
    }
    assert.equal(await count(), before);
  });

  it('moderates comments for editors and above, with WordPress’s statuses', async () => {
    const db = server.database.db;
    const post = await aPost(db, { title: 'Commented post' });
    const pending = await aComment(db, post.id, { status: 'pending', name: 'Held reader', email: 'held@example.org' });
    const editor = as('editor');
    const approved = await editor.wp.comments().id(pending).update({ status: 'approve' });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.author_email, 'held@example.org', 'moderators see the email');
    const visible = await anonymous.comments().forPost(post.id);
    assert.deepEqual(
      visible.map((c) => c.id),
      [pending],
    );
    for (const [status, expected] of [
      ['hold', 'hold'],
      ['spam', 'spam'],
      ['trash', 'trash'],
    ] as const) {
      assert.equal((await editor.wp.comments().id(pending).update({ status })).status, expected);
    }
    assert.equal((await anonymous.comments().forPost(post.id)).length, 0);
    const refused = await failure(as('author').wp.comments().id(pending).update({ status: 'approve' }));
    assert.equal(refused.code, 'rest_cannot_edit');
    assert.equal(refused.data.status, 403);
    const anon = await restFetch(`/wp/v2/comments/${pending}`, { method: 'POST', body: { status: 'approve' } });
    assert.equal(anon.status, 401);
    assert.equal((await failure(editor.wp.comments().id(2_000_000).update({ status: 'approve' }))).code, 'rest_comment_invalid_id');
    const events = await db.selectFrom('comment_events').select('actor').where('comment_id', '=', pending).execute();
    assert.ok(events.every((e) => e.actor === `user:${editor.id}`));
  });

  it('takes an anonymous comment through the reply form’s rules: held at first, duplicates and floods refused, nothing private echoed', async () => {
    const db = server.database.db;
    const post = await aPost(db, { title: 'Open for replies' });
    const send = (body: Record<string, unknown>, from: string) => restFetch('/wp/v2/comments', { method: 'POST', body, from });
    const first = { post: post.id, author_name: 'Rita Reader', author_email: 'rita@example.org', content: 'A first <b>reply</b>.' };
    const created = await send(first, '192.0.2.50');
    assert.equal(created.status, 201);
    const comment = (await created.json()) as Record<string, unknown>;
    assert.equal(comment.status, 'hold', 'a first-time commenter waits for a moderator, as with the form');
    assert.equal(comment.author_email, undefined);
    assert.equal(comment.author_ip, undefined);
    assert.equal((await anonymous.comments().forPost(post.id)).length, 0);

    const again = await send(first, '192.0.2.51');
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as RestFailure).code, 'comment_duplicate');
    const flood = await send({ ...first, content: 'And another thing.' }, '192.0.2.50');
    assert.equal(flood.status, 429);
    assert.equal(((await flood.json()) as RestFailure).code, 'comment_flood');

    // A reader with an approved comment (on another post) is published at once, and readers see it.
    await aComment(db, (await aPost(db, { title: 'Earlier post' })).id, { name: 'Kim Known', email: 'kim@example.org' });
    const known = await anonymous
      .comments()
      .create({ post: post.id, author_name: 'Kim Known', author_email: 'kim@example.org', content: 'Thanks for the update.' });
    assert.equal(known.status, 'approved');
    assert.deepEqual(
      (await anonymous.comments().forPost(post.id)).map((c) => c.id),
      [known.id],
    );

    const bad: Array<[Record<string, unknown>, string]> = [
      [{ post: post.id, author_name: 'No Email', content: 'Hello' }, 'author_email'],
      [{ post: post.id, author_name: 'Ctl', author_email: 'c@example.org', content: 'Bad \u0001 text' }, 'content'],
      [{ post: post.id, author_name: 'Url', author_email: 'u@example.org', author_url: 'javascript:alert(1)', content: 'Hello' }, 'author_url'],
    ];
    for (const [body, param] of bad) {
      const res = await send(body, '192.0.2.60');
      assert.equal(res.status, 400, JSON.stringify(body));
      const error = (await res.json()) as RestFailure;
      assert.equal(error.code, 'rest_invalid_param');
      assert.ok(error.data.params?.[param], `${param} named in ${JSON.stringify(error.data.params)}`);
    }
    assert.equal((await send({ author_name: 'X', author_email: 'x@example.org', content: 'Hi' }, '192.0.2.61')).status, 400);
    const draft = await aPost(db, { title: 'Not yet out', status: 'draft' });
    assert.equal((await send({ post: draft.id, author_name: 'X', author_email: 'x@example.org', content: 'Hi' }, '192.0.2.62')).status, 404);
    const closed = await aPost(db, { title: 'Closed', commentsOpen: false });
    const refused = await send({ post: closed.id, author_name: 'X', author_email: 'x@example.org', content: 'Hi' }, '192.0.2.63');
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as RestFailure).code, 'rest_comment_closed');
  });
});
