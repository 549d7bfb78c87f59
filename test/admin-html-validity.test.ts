import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from './support/admin.ts';
import { aComment } from './support/factories.ts';
import { htmlProblems } from './support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from './support/server.ts';
import { findPublishedPostBySlug } from '../src/storage/posts.ts';

describe('admin pages are valid HTML5', () => {
  let server: TestServer;
  let admin: AdminSession;
  let held: number;
  let author: number;
  before(async () => {
    server = await startTestServer();
    admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    author = (await aUser(server.database.db, 'author')).id;
    // One user suspended, so the list shows both states.
    await admin.post(`/admin/users/${(await aUser(server.database.db, 'contributor')).id}/suspend/`, {});
    const demo = await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date());
    held = await aComment(server.database.db, demo!.id, { status: 'pending', body: 'Held <b>text</b> https://example.org', email: 'held@example.org' });
    await aComment(server.database.db, demo!.id, { status: 'spam' });
  });
  after(async () => {
    await server.close();
  });

  const pages: Array<[string, () => Promise<Response>]> = [
    ['sign-in', () => fetch(`${server.url}/admin/login/`)],
    [
      'sign-in, wrong password',
      () =>
        fetch(`${server.url}/admin/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
          body: 'email=nobody%40example.org&password=wrong',
        }),
    ],
    ['dashboard', () => admin.get('/admin/')],
    ['account', () => admin.get('/admin/account/')],
    ['account, wrong current password', () => admin.post('/admin/account/password/', { current: 'wrong', next: 'short' })],
    ['a new application password', () => admin.post('/admin/account/application-passwords/', { name: 'Desk app' })],
    ['account, with an application password', () => admin.get('/admin/account/')],
    ['account, application password without a name', () => admin.post('/admin/account/application-passwords/', { name: '' })],
    ['webhooks, none yet', () => admin.get('/admin/webhooks/')],
    ['webhooks with errors', () => admin.post('/admin/webhooks/', { url: 'ftp://x', 'event-post.published': 'on' })],
    [
      'webhooks, one added',
      async () =>
        (await admin.post('/admin/webhooks/', { url: 'https://tools.example.org/hook', 'event-post.published': 'on' })) &&
        admin.get('/admin/webhooks/?done=added'),
    ],
    ['two-factor, before setting up', () => admin.get('/admin/account/two-factor/?required=1')],
    ['two-factor, setting up', () => admin.post('/admin/account/two-factor/', {})],
    ['two-factor, setting up with a wrong code', () => admin.post('/admin/account/two-factor/confirm/', { code: 'nope' })],
    ['users', () => admin.get('/admin/users/')],
    ['users, invitation with errors', () => admin.post('/admin/users/', { displayName: '', email: 'not-an-email', role: 'owner' })],
    ['removing a user', () => admin.get(`/admin/users/${author}/remove/`)],
    ['removing a user, nobody chosen for the posts', () => admin.post(`/admin/users/${author}/remove/`, { postsTo: '' })],
    ['posts list', () => admin.get('/admin/posts/')],
    ['new post', () => admin.get('/admin/posts/new/')],
    [
      'new post with errors',
      () => admin.post('/admin/posts/new/', { title: '', body: 'x', label: 'Nope', source_0_url: 'javascript:alert(1)', action: 'publish' }),
    ],
    ['pending queue', () => admin.get('/admin/comments/')],
    ['spam queue', () => admin.get('/admin/comments/?status=spam')],
    ['empty trash', () => admin.get('/admin/comments/?status=trash')],
    ['a comment’s page', () => admin.get(`/admin/comments/${held}/`)],
    ['a comment’s page with errors', () => admin.post(`/admin/comments/${held}/edit/`, { comment: '', author: '', email: 'x', url: 'javascript:1' })],
    ['privacy', () => admin.get('/admin/privacy/')],
    ['privacy, a commenter looked up', () => admin.get(`/admin/privacy/?email=${encodeURIComponent('held@example.org')}`)],
    ['privacy, erase not confirmed', () => admin.post('/admin/privacy/erase/', { email: 'held@example.org' })],
    ['pages list', () => admin.get('/admin/pages/')],
    ['new page', () => admin.get('/admin/pages/new/')],
    ['edit page', () => admin.get('/admin/pages/1/?saved=published')],
    ['page with errors', () => admin.post('/admin/pages/new/', { title: '', slug: 'feed', body: 'x', parent: 'x', menu_order: 'y', status: 'z' })],
    [
      'page with a reserved slug',
      () => admin.post('/admin/pages/new/', { title: 'Feed', slug: 'feed', body: 'x', parent: '', menu_order: '0', status: 'draft' }),
    ],
    ['menus', () => admin.get('/admin/menus/?done=added')],
    ['menus with errors', () => admin.post('/admin/menus/', { menu: 'x', target: 'url', url: 'javascript:1', label: '' })],
    ['settings', () => admin.get('/admin/settings/')],
    [
      'settings with errors',
      () => admin.post('/admin/settings/', { title: '', postsPerPage: 'x', timezone: 'x', maxLinks: '', closeAfterDays: '', threadDepth: '1' }),
    ],
    ['identity', () => admin.get('/admin/settings/identity/')],
    ['identity with errors', () => admin.post('/admin/settings/identity/', { accentColor: '#ffff00', footerText: '', socialLinks: 'ftp://example.org/' })],
  ];

  for (const [name, load] of pages) {
    it(name, async () => {
      assert.deepEqual(await htmlProblems(await (await load()).text()), []);
    });
  }
});
