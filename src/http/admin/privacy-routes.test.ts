import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aComment } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { findPublishedPostBySlug } from '../../storage/posts.ts';

describe('the admin’s privacy page', () => {
  let server: TestServer;
  let admin: AdminSession;
  let comment: number;
  before(async () => {
    server = await startTestServer();
    admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    const demo = (await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!;
    comment = await aComment(server.database.db, demo.id, { body: 'Words Paula wants gone', email: 'paula@example.org', name: 'Paula' });
  });
  after(async () => {
    await server.close();
  });

  it('looks a commenter up by email and lists what is held', async () => {
    const page = await pageOf(await admin.get('/admin/privacy/?email=PAULA%40example.org'));
    assert.match(textOf(page.querySelector('#held-heading')), /1 comment by PAULA@example\.org/);
    assert.match(textOf(page.querySelector('tbody')), /Words Paula wants gone/);
    const bad = await admin.get('/admin/privacy/?email=not-an-email');
    assert.equal(bad.status, 422);
  });

  it('downloads it as JSON', async () => {
    const res = await admin.post('/admin/privacy/export/', { email: 'paula@example.org' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="comments-paula@example\.org\.json"/);
    const data = (await res.json()) as { comments: Array<{ id: number; body: string; authorIp: string }> };
    assert.deepEqual(
      data.comments.map((c) => [c.id, c.body, c.authorIp]),
      [[comment, 'Words Paula wants gone', '127.0.0.1']],
    );
  });

  it('erases only once the box is ticked, then shows nothing left', async () => {
    const unconfirmed = await admin.post('/admin/privacy/erase/', { email: 'paula@example.org' });
    assert.equal(unconfirmed.status, 422);
    assert.match(textOf((await pageOf(unconfirmed)).querySelector('.form-errors')), /Tick the box/);
    assert.equal(
      (await server.database.db.selectFrom('comments').select('body').where('id', '=', comment).executeTakeFirstOrThrow()).body,
      'Words Paula wants gone',
    );
    const erased = await admin.post('/admin/privacy/erase/', { email: 'paula@example.org', confirm: 'yes' });
    assert.equal(erased.status, 200);
    const page = await pageOf(erased);
    assert.match(textOf(page.querySelector('[role="status"]')), /Erased 1 comment/);
    assert.match(textOf(page.querySelector('main')), /No comments are held for paula@example\.org/);
    const article = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
    assert.doesNotMatch(article, /Words Paula wants gone/);
  });
});
