import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminFetch, aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { User } from '../../domain/users.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { findComment } from '../../storage/comments.ts';
import { listCommentEvents } from '../../storage/comment-events.ts';

describe('the comment moderation queue', () => {
  let server: TestServer;
  let editor: User & { password: string };
  let asEditor: AdminSession;
  let asAuthor: AdminSession;

  before(async () => {
    server = await startTestServer();
    editor = await aUser(server.database.db, 'editor', 'Eddie Editor');
    asEditor = await signIn(server, editor);
    asAuthor = await signIn(server, await aUser(server.database.db, 'author'));
  });
  after(async () => {
    await server.close();
  });

  const db = () => server.database.db;
  const statusOf = async (id: number) => (await findComment(db(), id))?.status;
  const articleText = async (path: string) => textOf((await pageOf(await fetch(`${server.url}${path}`))).querySelector('.comments'));
  async function aPostWithPath() {
    const post = await aPost(db());
    return { ...post, path: permalinkOf(post) };
  }

  it('lists held comments with their author, address, post, reason and escaped text', async () => {
    const post = await aPostWithPath();
    const res = await postForm(server, `${post.path}comments`, {
      comment: 'Look at <script>alert(1)</script> this',
      author: 'Hostile <b>Name</b>',
      email: 'held@example.org',
      url: 'https://held.example/',
      comment_parent: '0',
    });
    assert.equal(res.status, 303);
    const page = await asEditor.get('/admin/comments/');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!html.includes('<script>alert(1)'), 'comment text is escaped');
    assert.ok(!html.includes('<b>Name</b>'), 'author name is escaped');
    const doc = (await import('node-html-parser')).parse(html);
    const row = doc.querySelectorAll('tbody tr').find((tr) => tr.textContent.includes('held@example.org'));
    assert.ok(row, 'the held comment is in the pending tab');
    assert.match(textOf(row), /Hostile <b>Name<\/b>/);
    assert.match(textOf(row), /https:\/\/held\.example\//);
    assert.match(textOf(row), /IP 127\.0\.0\.1/);
    assert.match(textOf(row), /Why it was held: held: .*no approved comment/);
    assert.equal(row.querySelector(`a[href="${post.path}#comments-heading"]`)?.textContent.trim().startsWith('Test story'), true);
    assert.match(textOf(doc.querySelector('.moderation-tabs [aria-current="page"]')), /^Pending \(\d+\)$/);
  });

  it('approves a comment from the queue: status, log with the user, notice, and the article shows it at once', async () => {
    const post = await aPostWithPath();
    const id = await aComment(db(), post.id, { status: 'pending', body: 'Approve me please' });
    assert.doesNotMatch(await articleText(post.path), /Approve me please/); // cached now
    const res = await asEditor.post(`/admin/comments/${id}/approve/`, { status: 'pending' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/comments/?status=pending&done=approve&count=1');
    assert.equal(await statusOf(id), 'approved');
    const events = await listCommentEvents(db(), id);
    assert.deepEqual(
      events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor]),
      [['approve', 'pending', 'approved', `user:${editor.id}`]],
    );
    assert.match(await articleText(post.path), /Approve me please/);
    const queue = await pageOf(await asEditor.get(res.headers.get('location')!));
    assert.equal(textOf(queue.querySelector('.admin-notice')), '1 comment approved.');

    const back = await asEditor.post(`/admin/comments/${id}/unapprove/`, { status: 'approved' });
    assert.equal(back.headers.get('location'), '/admin/comments/?status=approved&done=unapprove&count=1');
    assert.equal(await statusOf(id), 'pending');
    assert.doesNotMatch(await articleText(post.path), /Approve me please/);
  });

  it('marks spam and takes it out again, trashes and restores to the status before', async () => {
    const post = await aPostWithPath();
    const id = await aComment(db(), post.id, { status: 'approved', body: 'Visible then not' });
    assert.match(await articleText(post.path), /Visible then not/);
    await asEditor.post(`/admin/comments/${id}/spam/`, { status: 'approved' });
    assert.equal(await statusOf(id), 'spam');
    assert.doesNotMatch(await articleText(post.path), /Visible then not/);
    await asEditor.post(`/admin/comments/${id}/not_spam/`, { status: 'spam' });
    assert.equal(await statusOf(id), 'approved');
    assert.match(await articleText(post.path), /Visible then not/);
    await asEditor.post(`/admin/comments/${id}/trash/`, { status: 'approved' });
    assert.equal(await statusOf(id), 'trash');
    assert.doesNotMatch(await articleText(post.path), /Visible then not/);
    const restored = await asEditor.post(`/admin/comments/${id}/restore/`, { status: 'trash' });
    assert.equal(restored.headers.get('location'), '/admin/comments/?status=trash&done=restore&count=1');
    assert.equal(await statusOf(id), 'approved');
    assert.match(await articleText(post.path), /Visible then not/);

    const held = await aComment(db(), post.id, { status: 'pending' });
    await asEditor.post(`/admin/comments/${held}/trash/`, {});
    await asEditor.post(`/admin/comments/${held}/restore/`, {});
    assert.equal(await statusOf(held), 'pending');
    const actions = (await listCommentEvents(db(), id)).map((e) => `${e.action}:${e.toStatus}:${e.actor}`);
    assert.deepEqual(
      actions,
      ['spam', 'not_spam:approved', 'trash', 'restore:approved'].map((a) => `${a.includes(':') ? a : `${a}:${a}`}:user:${editor.id}`),
    );
  });

  it('applies a bulk action to the checked comments only, in one go, without JavaScript', async () => {
    const post = await aPostWithPath();
    const a = await aComment(db(), post.id, { status: 'pending', body: 'Bulk one' });
    const b = await aComment(db(), post.id, { status: 'pending', body: 'Bulk two' });
    const c = await aComment(db(), post.id, { status: 'pending', body: 'Bulk three' });
    assert.doesNotMatch(await articleText(post.path), /Bulk/);
    const queue = await pageOf(await asEditor.get('/admin/comments/'));
    const form = queue.querySelector('form[action="/admin/comments/bulk/"]');
    assert.ok(form?.querySelector(`input[type="checkbox"][name="comment-${a}"]`));
    assert.ok(form?.querySelector('select[name="action"] option[value="approve"]'));
    const res = await asEditor.post('/admin/comments/bulk/', {
      status: 'pending',
      action: 'approve',
      [`comment-${a}`]: String(a),
      [`comment-${b}`]: String(b),
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/comments/?status=pending&done=approve&count=2');
    assert.deepEqual([await statusOf(a), await statusOf(b), await statusOf(c)], ['approved', 'approved', 'pending']);
    const text = await articleText(post.path);
    assert.match(text, /Bulk one/);
    assert.match(text, /Bulk two/);
    assert.doesNotMatch(text, /Bulk three/);
    for (const id of [a, b]) assert.equal((await listCommentEvents(db(), id)).at(-1)?.actor, `user:${editor.id}`);

    await asEditor.post('/admin/comments/bulk/', { status: 'approved', action: 'trash', [`comment-${a}`]: String(a), [`comment-${c}`]: String(c) });
    assert.deepEqual([await statusOf(a), await statusOf(b), await statusOf(c)], ['trash', 'approved', 'trash']);
    assert.doesNotMatch(await articleText(post.path), /Bulk one/);

    const none = await asEditor.post('/admin/comments/bulk/', { status: 'pending', action: 'approve' });
    assert.equal(none.status, 422);
    const bad = await asEditor.post('/admin/comments/bulk/', { status: 'pending', action: 'delete_everything', [`comment-${b}`]: String(b) });
    assert.equal(bad.status, 422);
    assert.equal(await statusOf(b), 'approved');
  });

  it('replies as the site: a held comment is approved first, the reply is published under the user’s name', async () => {
    const post = await aPostWithPath();
    const parent = await aComment(db(), post.id, { status: 'pending', body: 'A question for the newsroom' });
    assert.doesNotMatch(await articleText(post.path), /newsroom/);
    const page = await pageOf(await asEditor.get(`/admin/comments/${parent}/?status=pending`));
    assert.ok(page.querySelector(`form[action="/admin/comments/${parent}/reply/"] textarea[name="reply"]`));
    const res = await asEditor.post(`/admin/comments/${parent}/reply/`, { status: 'pending', reply: 'Thanks, we have corrected it.' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/comments/?status=pending&done=reply&count=1');
    assert.equal(await statusOf(parent), 'approved');
    const reply = await db().selectFrom('comments').selectAll().where('parent_id', '=', parent).executeTakeFirstOrThrow();
    assert.deepEqual(
      [reply.status, reply.author_name, reply.author_email, reply.depth, reply.body],
      ['approved', 'Eddie Editor', editor.email, 2, 'Thanks, we have corrected it.'],
    );
    assert.deepEqual(
      (await listCommentEvents(db(), parent)).map((e) => [e.action, e.actor]),
      [['approve', `user:${editor.id}`]],
    );
    assert.deepEqual(
      (await listCommentEvents(db(), reply.id)).map((e) => [e.action, e.toStatus, e.actor]),
      [['reply', 'approved', `user:${editor.id}`]],
    );
    const article = await pageOf(await fetch(`${server.url}${post.path}`));
    assert.equal(textOf(article.querySelector(`#comment-${parent} .comment-children #comment-${reply.id} .comment-body`)), 'Thanks, we have corrected it.');
  });

  it('keeps the reply text on error: empty, too deep, or to a comment in spam', async () => {
    const post = await aPostWithPath();
    const empty = await asEditor.post(`/admin/comments/${await aComment(db(), post.id)}/reply/`, { reply: '   ' });
    assert.equal(empty.status, 422);
    assert.match(textOf((await pageOf(empty)).querySelector('#reply-text-error')), /type your comment/i);

    const deep = await aComment(db(), post.id, { status: 'approved', depth: 5 });
    const tooDeep = await asEditor.post(`/admin/comments/${deep}/reply/`, { reply: 'Five levels down' });
    assert.equal(tooDeep.status, 422);
    assert.equal((await pageOf(tooDeep)).querySelector('textarea#reply-text')?.textContent, 'Five levels down');

    const spam = await aComment(db(), post.id, { status: 'spam' });
    const toSpam = await asEditor.post(`/admin/comments/${spam}/reply/`, { reply: 'Hello spammer' });
    assert.equal(toSpam.status, 409);
    assert.equal((await pageOf(toSpam)).querySelector('textarea#reply-text')?.textContent, 'Hello spammer');
    assert.equal(
      await db().selectFrom('comments').select('id').where('post_id', '=', post.id).where('parent_id', 'is not', null).executeTakeFirst(),
      undefined,
      'no reply was stored',
    );
  });

  it('edits a comment’s text and author fields, shown on the article at once; a mistake keeps what was typed', async () => {
    const post = await aPostWithPath();
    const id = await aComment(db(), post.id, { status: 'approved', body: 'Teh original typo' });
    assert.match(await articleText(post.path), /Teh original typo/);
    const bad = await asEditor.post(`/admin/comments/${id}/edit/`, { comment: 'Half-edited <text>', author: '', email: 'nope', url: '' });
    assert.equal(bad.status, 422);
    const form = await pageOf(bad);
    assert.equal(form.querySelector('textarea#comment')?.textContent, 'Half-edited <text>');
    assert.equal(form.querySelector('input#email')?.getAttribute('value'), 'nope');
    assert.ok(form.querySelector('#author-error'));
    assert.ok(form.querySelector('#email-error'));
    assert.equal((await findComment(db(), id))?.body, 'Teh original typo');

    const res = await asEditor.post(`/admin/comments/${id}/edit/`, {
      status: 'approved',
      comment: 'The corrected text',
      author: 'Renamed Reader',
      email: 'renamed@example.org',
      url: 'renamed.example',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/comments/?status=approved&done=edit&count=1');
    const stored = await findComment(db(), id);
    assert.deepEqual(
      [stored?.body, stored?.authorName, stored?.authorEmail, stored?.authorUrl, stored?.status],
      ['The corrected text', 'Renamed Reader', 'renamed@example.org', 'http://renamed.example/', 'approved'],
    );
    assert.deepEqual(
      (await listCommentEvents(db(), id)).map((e) => [e.action, e.actor]),
      [['edit', `user:${editor.id}`]],
    );
    const text = await articleText(post.path);
    assert.match(text, /The corrected text/);
    assert.match(text, /Renamed Reader/);
  });

  it('refuses an author the queue, its pages and every action (403), and changes nothing', async () => {
    const post = await aPostWithPath();
    const id = await aComment(db(), post.id, { status: 'pending', body: 'Untouched' });
    assert.equal((await asAuthor.get('/admin/comments/')).status, 403);
    assert.equal((await asAuthor.get(`/admin/comments/${id}/`)).status, 403);
    for (const [path, fields] of [
      [`/admin/comments/${id}/approve/`, {}],
      [`/admin/comments/${id}/trash/`, {}],
      ['/admin/comments/bulk/', { action: 'approve', [`comment-${id}`]: String(id) }],
      [`/admin/comments/${id}/reply/`, { reply: 'Not allowed' }],
      [`/admin/comments/${id}/edit/`, { comment: 'Changed', author: 'X', email: 'x@example.org', url: '' }],
    ] as const) {
      assert.equal((await asAuthor.post(path, fields)).status, 403, path);
    }
    const stored = await findComment(db(), id);
    assert.deepEqual([stored?.status, stored?.body], ['pending', 'Untouched']);
    assert.deepEqual(await listCommentEvents(db(), id), []);
    assert.equal(await db().selectFrom('comments').select('id').where('parent_id', '=', id).executeTakeFirst(), undefined);
  });

  it('answers a form without a session with 401 and one without its CSRF token with 403, changing nothing', async () => {
    const post = await aPostWithPath();
    const id = await aComment(db(), post.id, { status: 'pending' });
    assert.equal((await adminFetch(server, `/admin/comments/${id}/approve/`, { fields: { status: 'pending' } })).status, 401);
    assert.equal((await adminFetch(server, `/admin/comments/${id}/approve/`, { cookie: asEditor.cookie, fields: { status: 'pending' } })).status, 403);
    assert.equal((await asEditor.post(`/admin/comments/${id}/approve/`, { _csrf: 'forged' })).status, 403);
    assert.equal(await statusOf(id), 'pending');
    const anonymous = await adminFetch(server, '/admin/comments/');
    assert.equal(anonymous.status, 302);
  });

  it('shows each tab with its comments and a 404 for an unknown comment or action', async () => {
    const post = await aPostWithPath();
    const spam = await aComment(db(), post.id, { status: 'spam', body: 'Cheap watches' });
    const tab = await pageOf(await asEditor.get('/admin/comments/?status=spam'));
    assert.match(textOf(tab.querySelector(`#comment-${spam}`)), /Cheap watches/);
    assert.ok(tab.querySelector(`#comment-${spam} button[formaction="/admin/comments/${spam}/not_spam/"]`));
    assert.equal((await asEditor.get('/admin/comments/999999/')).status, 404);
    assert.equal((await asEditor.post('/admin/comments/999999/approve/', {})).status, 404);
    assert.equal((await asEditor.post(`/admin/comments/${spam}/explode/`, {})).status, 404);
    assert.equal(await statusOf(spam), 'spam');
  });
});
