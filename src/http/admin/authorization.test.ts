import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { authenticator } from 'otplib';
import { parse } from 'node-html-parser';
import { aJpeg } from '../../../test/support/images.ts';
import { adminFetch, aUser, SETTINGS_FORM, signIn, TEST_PASSWORD, type AdminSession } from '../../../test/support/admin.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { Role } from '../../domain/users.ts';
import { inviteUser } from '../../services/accounts.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { addWebhookEndpoint } from '../../services/webhooks.ts';
import { buildApp } from '../../app.ts';
import { createLogger } from '../../logger.ts';

/**
 * Every state-changing admin route, tried without a session, without the CSRF token and with a
 * role that may not do it: each must answer 401/403 and leave every table as it was. A new POST
 * route fails the first test until it is listed here.
 */

/** Routes anyone may post to: signing in and the one-time setup link carry their own proof. */
const OPEN_ROUTES = new Set(['/admin/login/', '/admin/login/code/', '/admin/setup/', '/admin/lost-password/', '/admin/reset-password/']);

interface Fixture {
  postId: number;
  revisionId: number;
  commentId: number;
  editorId: number;
  /** A user invited who has not chosen a password yet. */
  invitedId: number;
  ownerId: number;
  /** The code the owner's authenticator would show now, once a two-factor setup has started. */
  totpCode: string;
  /** The post's version, as its editor form carries it. */
  version: string;
  /** The demo's About page, and the first item of its footer menu. */
  pageId: number;
  /** A page with nothing under it and no menu item leading to it, which may be deleted. */
  deletablePageId: number;
  menuItemId: number;
  /** One of the owner's application passwords. */
  applicationPasswordId: number;
  webhookId: number;
  /** A photo the owner uploaded that no post uses, and a small JPEG to upload. */
  mediaId: number;
  jpeg: Uint8Array;
}

interface RouteCase {
  /** The concrete path for a route pattern. */
  path(f: Fixture): string;
  /** Fields that would make the request succeed with the right role and token. */
  fields(f: Fixture): Record<string, string>;
  /** A role that signs in but may not do this (to this target), or null when every role may. */
  wrongRole: Role | null;
  /** Reads only (a download): with the right role it answers 200 and changes nothing. */
  readOnly?: boolean;
  /** Files sent with the fields, as a browser's multipart form does. */
  files?(f: Fixture): Array<{ field: string; name: string; bytes: Uint8Array; type: string }>;
}

const MEDIA_FIELDS = { alt: 'A quiet street', caption: 'Morning', credit: 'Photo: Desk', credit_source: '' };

const ROUTES: Record<string, RouteCase> = {
  '/admin/media/upload/': {
    path: () => '/admin/media/upload/',
    fields: () => MEDIA_FIELDS,
    files: (f) => [{ field: 'files', name: 'street.jpg', bytes: f.jpeg, type: 'image/jpeg' }],
    wrongRole: null,
  },
  // The photo is the owner's: an author may use it but not change or delete it.
  '/admin/media/:id/': { path: (f) => `/admin/media/${f.mediaId}/`, fields: () => ({ ...MEDIA_FIELDS, alt: 'Taken over' }), wrongRole: 'author' },
  '/admin/media/:id/delete/': { path: (f) => `/admin/media/${f.mediaId}/delete/`, fields: () => ({}), wrongRole: 'author' },
  '/admin/logout/': { path: () => '/admin/logout/', fields: () => ({}), wrongRole: null },
  '/admin/account/password/': {
    path: () => '/admin/account/password/',
    fields: () => ({ current: TEST_PASSWORD, next: 'a new long passphrase here' }),
    wrongRole: null,
  },
  '/admin/account/sessions/': { path: () => '/admin/account/sessions/', fields: () => ({}), wrongRole: null },
  '/admin/account/language/': { path: () => '/admin/account/language/', fields: () => ({ language: 'ru' }), wrongRole: null },
  '/admin/webhooks/': {
    path: () => '/admin/webhooks/',
    fields: () => ({ url: 'https://tools.example.org/hook', 'event-post.published': 'on' }),
    wrongRole: 'editor',
  },
  '/admin/webhooks/:id/remove/': { path: (f) => `/admin/webhooks/${f.webhookId}/remove/`, fields: () => ({}), wrongRole: 'editor' },
  '/admin/account/application-passwords/': { path: () => '/admin/account/application-passwords/', fields: () => ({ name: 'Desk app' }), wrongRole: null },
  '/admin/account/application-passwords/:id/revoke/': {
    path: (f) => `/admin/account/application-passwords/${f.applicationPasswordId}/revoke/`,
    fields: () => ({}),
    wrongRole: null,
  },
  '/admin/account/two-factor/': { path: () => '/admin/account/two-factor/', fields: () => ({}), wrongRole: null },
  '/admin/account/two-factor/confirm/': { path: () => '/admin/account/two-factor/confirm/', fields: (f) => ({ code: f.totpCode }), wrongRole: null },
  '/admin/account/two-factor/off/': { path: () => '/admin/account/two-factor/off/', fields: () => ({ password: TEST_PASSWORD }), wrongRole: null },
  '/admin/posts/new/': {
    path: () => '/admin/posts/new/',
    fields: () => ({ title: 'Matrix probe', slug: 'matrix-probe', body: 'Text', action: 'save' }),
    wrongRole: null,
  },
  '/admin/posts/:id/': {
    path: (f) => `/admin/posts/${f.postId}/`,
    fields: (f) => ({ title: 'Taken over', slug: 'taken-over', body: 'Changed', action: 'save', version: f.version }),
    // The post belongs to another author: a contributor may not touch it.
    wrongRole: 'contributor',
  },
  '/admin/posts/:id/corrections/': {
    path: (f) => `/admin/posts/${f.postId}/corrections/`,
    fields: () => ({ correction: 'A correction' }),
    wrongRole: 'contributor',
  },
  '/admin/posts/:id/revisions/:revision/restore/': {
    path: (f) => `/admin/posts/${f.postId}/revisions/${f.revisionId}/restore/`,
    fields: (f) => ({ version: f.version }),
    wrongRole: 'contributor',
  },
  '/admin/pages/new/': {
    path: () => '/admin/pages/new/',
    fields: () => ({ title: 'Matrix page', slug: 'matrix-page', body: 'Text', parent: '', menu_order: '0', status: 'draft' }),
    wrongRole: 'author',
  },
  '/admin/pages/:id/': {
    path: (f) => `/admin/pages/${f.pageId}/`,
    fields: () => ({ title: 'Taken over', slug: 'about', body: 'Changed', parent: '', menu_order: '0', status: 'published' }),
    wrongRole: 'author',
  },
  '/admin/pages/:id/delete/': { path: (f) => `/admin/pages/${f.deletablePageId}/delete/`, fields: () => ({}), wrongRole: 'author' },
  '/admin/menus/': { path: () => '/admin/menus/', fields: () => ({ menu: 'footer', target: 'url', url: '/elsewhere/', label: 'Matrix' }), wrongRole: 'author' },
  '/admin/menus/:id/move/': { path: (f) => `/admin/menus/${f.menuItemId}/move/`, fields: () => ({ direction: 'down' }), wrongRole: 'author' },
  '/admin/menus/:id/remove/': { path: (f) => `/admin/menus/${f.menuItemId}/remove/`, fields: () => ({}), wrongRole: 'author' },
  '/admin/comments/bulk/': { path: () => '/admin/comments/bulk/', fields: (f) => ({ action: 'trash', [`comment-${f.commentId}`]: 'on' }), wrongRole: 'author' },
  '/admin/comments/:id/reply/': { path: (f) => `/admin/comments/${f.commentId}/reply/`, fields: () => ({ reply: 'From the desk' }), wrongRole: 'author' },
  '/admin/comments/:id/edit/': {
    path: (f) => `/admin/comments/${f.commentId}/edit/`,
    fields: () => ({ comment: 'Rewritten by someone', author: 'X', email: 'x@example.org', url: '' }),
    wrongRole: 'author',
  },
  '/admin/comments/:id/:action/': { path: (f) => `/admin/comments/${f.commentId}/approve/`, fields: () => ({}), wrongRole: 'author' },
  '/admin/settings/': { path: () => '/admin/settings/', fields: () => ({ ...SETTINGS, title: 'Taken over' }), wrongRole: 'editor' },
  '/admin/settings/identity/': {
    path: () => '/admin/settings/identity/',
    fields: () => ({ accentColor: '#0b5d3b', footerText: 'Taken over', socialLinks: '' }),
    wrongRole: 'editor',
  },
  '/admin/users/': {
    path: () => '/admin/users/',
    fields: () => ({ email: 'intruder@example.org', displayName: 'Intruder', role: 'administrator' }),
    wrongRole: 'editor',
  },
  '/admin/privacy/export/': { path: () => '/admin/privacy/export/', fields: () => ({ email: 'private@example.org' }), wrongRole: 'editor', readOnly: true },
  '/admin/privacy/erase/': { path: () => '/admin/privacy/erase/', fields: () => ({ email: 'private@example.org', confirm: 'yes' }), wrongRole: 'editor' },
  '/admin/users/:id/role/': { path: (f) => `/admin/users/${f.editorId}/role/`, fields: () => ({ role: 'administrator' }), wrongRole: 'editor' },
  '/admin/users/:id/invitation/': { path: (f) => `/admin/users/${f.invitedId}/invitation/`, fields: () => ({}), wrongRole: 'editor' },
  '/admin/users/:id/suspend/': { path: (f) => `/admin/users/${f.editorId}/suspend/`, fields: () => ({}), wrongRole: 'editor' },
  '/admin/users/:id/reinstate/': { path: (f) => `/admin/users/${f.editorId}/reinstate/`, fields: () => ({}), wrongRole: 'editor' },
  '/admin/users/:id/remove/': { path: (f) => `/admin/users/${f.invitedId}/remove/`, fields: (f) => ({ postsTo: String(f.ownerId) }), wrongRole: 'editor' },
};

const SETTINGS = SETTINGS_FORM;

/**
 * The order in which the right role then does each thing once, each time changing something:
 * the comment is approved before the bulk action bins it, and the owner's own sessions go last.
 */
const SUCCESS_ORDER = [
  '/admin/posts/new/',
  '/admin/posts/:id/',
  '/admin/posts/:id/corrections/',
  '/admin/posts/:id/revisions/:revision/restore/',
  '/admin/pages/new/',
  '/admin/pages/:id/',
  '/admin/pages/:id/delete/',
  '/admin/media/upload/',
  '/admin/media/:id/',
  '/admin/media/:id/delete/',
  '/admin/menus/',
  '/admin/menus/:id/move/',
  '/admin/menus/:id/remove/',
  '/admin/comments/:id/:action/',
  '/admin/comments/:id/edit/',
  '/admin/comments/:id/reply/',
  '/admin/comments/bulk/',
  '/admin/settings/',
  '/admin/settings/identity/',
  '/admin/users/',
  '/admin/users/:id/role/',
  '/admin/users/:id/invitation/',
  '/admin/users/:id/suspend/',
  '/admin/users/:id/reinstate/',
  '/admin/users/:id/remove/',
  '/admin/privacy/export/',
  '/admin/privacy/erase/',
  '/admin/webhooks/',
  '/admin/webhooks/:id/remove/',
  '/admin/account/application-passwords/',
  '/admin/account/application-passwords/:id/revoke/',
  '/admin/account/two-factor/',
  '/admin/account/two-factor/confirm/',
  '/admin/account/two-factor/off/',
  '/admin/account/sessions/',
  '/admin/account/language/',
  '/admin/account/password/',
  '/admin/logout/',
];

const TABLES = [
  'settings',
  'authors',
  'posts',
  'sources',
  'post_sources',
  'terms',
  'post_terms',
  'corrections',
  'comments',
  'comment_events',
  'content_changes',
  'users',
  'sessions',
  'setup_tokens',
  'post_revisions',
  'post_redirects',
  'outbox',
  'user_removals',
  'recovery_codes',
  'two_factor_challenges',
  'pages',
  'page_redirects',
  'deleted_pages',
  'menu_items',
  'application_passwords',
  'webhook_endpoints',
  'webhook_deliveries',
  'media',
  'media_originals',
] as const;

/** Posts a form with its files as multipart, or as a plain form when it has none. */
function send(
  server: TestServer,
  path: string,
  init: { cookie?: string; fields: Record<string, string>; files?: ReturnType<NonNullable<RouteCase['files']>> },
): Promise<Response> {
  if (!init.files) return adminFetch(server, path, init);
  const form = new FormData();
  for (const [name, value] of Object.entries(init.fields)) form.set(name, value);
  for (const file of init.files) form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const headers: Record<string, string> = { origin: server.url };
  if (init.cookie) headers.cookie = init.cookie;
  return fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers, body: form });
}

describe('admin authorization: every state-changing route', () => {
  let server: TestServer;
  let fixture: Fixture;
  let owner: AdminSession;
  let ownerEmail = '';
  const sessions = new Map<Role, AdminSession>();

  /** Every row of every content and account table, as text: any change shows. */
  const snapshot = async (): Promise<string> => {
    const parts: string[] = [];
    for (const table of TABLES) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(server.database.db);
      parts.push(`${table}: ${JSON.stringify(rows.rows.map((r) => JSON.stringify(r)).sort())}`);
    }
    return parts.join('\n');
  };

  const versionOf = async (postId: number): Promise<string> => {
    const page = parse(await (await owner.get(`/admin/posts/${postId}/`)).text());
    const version = page.querySelector('input[name="version"]')?.getAttribute('value');
    assert.ok(version, 'the editor form carries the post’s version');
    return version;
  };

  before(async () => {
    server = await startTestServer({ scheduler: false });
    const db = server.database.db;
    const ownerUser = await aUser(db, 'owner');
    ownerEmail = ownerUser.email;
    owner = await signIn(server, ownerUser);
    for (const role of ['contributor', 'author', 'editor'] as const) sessions.set(role, await signIn(server, await aUser(db, role)));
    const editor = await server.database.db.selectFrom('users').select('id').where('role', '=', 'editor').executeTakeFirstOrThrow();
    const post = await aPost(db, { title: 'Someone else’s story', author: 'Another Writer' });
    // One save through the editor gives the post a revision to restore.
    const saved = await owner.post(`/admin/posts/${post.id}/`, {
      title: 'Someone else’s story',
      slug: post.slug,
      body: 'First words',
      action: 'save',
      version: await versionOf(post.id),
    });
    assert.ok(saved.status < 400, `saving the fixture post answered ${saved.status}`);
    const revision = await db.selectFrom('post_revisions').select('id').where('post_id', '=', post.id).executeTakeFirstOrThrow();
    const commentId = await aComment(db, post.id, { status: 'pending', body: 'Held for a moderator' });
    await aComment(db, post.id, { status: 'approved', body: 'A private reader’s words', email: 'private@example.org', name: 'Private Reader' });
    const { user: invited } = await inviteUser(db, { email: 'not-yet@example.org', displayName: 'Not Yet', role: 'author' }, new Date());
    const about = await db.selectFrom('pages').select('id').where('path', '=', 'about').executeTakeFirstOrThrow();
    const footer = await db.selectFrom('menu_items').select('id').where('menu', '=', 'footer').orderBy('position').executeTakeFirstOrThrow();
    fixture = {
      postId: post.id,
      revisionId: revision.id,
      commentId,
      editorId: editor.id,
      invitedId: invited.id,
      ownerId: ownerUser.id,
      totpCode: '',
      version: await versionOf(post.id),
      pageId: about.id,
      deletablePageId: 0,
      menuItemId: footer.id,
      applicationPasswordId: (await createApplicationPassword(db, ownerUser, 'Fixture tool', new Date())).id,
      webhookId: await addWebhookEndpoint(db, { url: 'https://fixture.example.org/hook', events: ['post.published'] }, new Date()),
      mediaId: 0,
      jpeg: await aJpeg(64, 48),
    };
    const uploaded = await send(server, '/admin/media/upload/', {
      cookie: owner.cookie,
      fields: { _csrf: owner.csrf, ...MEDIA_FIELDS },
      files: [{ field: 'files', name: 'fixture.jpg', bytes: await aJpeg(80, 60), type: 'image/jpeg' }],
    });
    assert.equal(uploaded.status, 303, 'uploading the fixture photo');
    const page = await owner.post('/admin/pages/new/', {
      title: 'To be deleted',
      slug: 'to-be-deleted',
      body: 'Text',
      parent: '',
      menu_order: '0',
      status: 'published',
    });
    assert.equal(page.status, 303, 'creating the fixture page');
    fixture.deletablePageId = (await db.selectFrom('pages').select('id').where('path', '=', 'to-be-deleted').executeTakeFirstOrThrow()).id;
    fixture.mediaId = (await db.selectFrom('media').select('id').where('file_name', '=', 'fixture.jpg').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await server?.close();
  });

  it('lists every POST route of the admin (a new route must be added here)', () => {
    const app = buildApp({ database: server.database, logger: createLogger('error') });
    const posts = [...new Set(app.routes.filter((r) => r.method === 'POST' && r.path.startsWith('/admin')).map((r) => r.path))];
    assert.ok(posts.length >= 10, `found ${posts.length} admin POST routes`);
    const unlisted = posts.filter((p) => !OPEN_ROUTES.has(p) && !(p in ROUTES));
    assert.deepEqual(unlisted, [], 'admin POST routes without an authorization case');
    const gone = Object.keys(ROUTES).filter((p) => !posts.includes(p));
    assert.deepEqual(gone, [], 'cases for routes that no longer exist');
  });

  for (const [pattern, route] of Object.entries(ROUTES)) {
    it(`${pattern}: 401 without a session, 403 without the CSRF token${route.wrongRole ? `, 403 for ${route.wrongRole}` : ''}; nothing changes`, async () => {
      const path = route.path(fixture);
      const fields = route.fields(fixture);
      const files = route.files?.(fixture);
      const before = await snapshot();

      const anonymous = await send(server, path, { fields: { ...fields, _csrf: owner.csrf }, files });
      assert.equal(anonymous.status, 401, `${path} without a session`);
      await anonymous.arrayBuffer();
      assert.equal(await snapshot(), before, `${path} without a session changed something`);

      const forged = await send(server, path, { cookie: owner.cookie, fields, files });
      assert.equal(forged.status, 403, `${path} without the CSRF token`);
      await forged.arrayBuffer();
      const wrongToken = await send(server, path, { cookie: owner.cookie, fields: { ...fields, _csrf: sessions.get('editor')!.csrf }, files });
      assert.equal(wrongToken.status, 403, `${path} with another session's CSRF token`);
      await wrongToken.arrayBuffer();
      assert.equal(await snapshot(), before, `${path} without the CSRF token changed something`);

      if (route.wrongRole) {
        const wrong = sessions.get(route.wrongRole)!;
        const res = await send(server, path, { cookie: wrong.cookie, fields: { _csrf: wrong.csrf, ...fields }, files });
        assert.equal(res.status, 403, `${path} as ${route.wrongRole}`);
        await res.arrayBuffer();
        assert.equal(await snapshot(), before, `${path} as ${route.wrongRole} changed something`);
      }
    });
  }

  it('with the right role and the token, each of these requests does change something, or answers a download (so the checks above can fail)', async () => {
    assert.deepEqual([...SUCCESS_ORDER].sort(), Object.keys(ROUTES).sort());
    // A second session of the owner's, for "sign out everywhere else" to end.
    await signIn(server, { email: ownerEmail, password: TEST_PASSWORD });
    for (const pattern of SUCCESS_ORDER) {
      const route = ROUTES[pattern]!;
      const path = route.path(fixture);
      if (pattern.startsWith('/admin/posts/:id/')) fixture.version = await versionOf(fixture.postId);
      if (pattern === '/admin/account/two-factor/confirm/') {
        const { totp_secret } = await server.database.db.selectFrom('users').select('totp_secret').where('email', '=', ownerEmail).executeTakeFirstOrThrow();
        fixture.totpCode = authenticator.generate(totp_secret ?? '');
      }
      const before = await snapshot();
      const res = await send(server, path, { cookie: owner.cookie, fields: { _csrf: owner.csrf, ...route.fields(fixture) }, files: route.files?.(fixture) });
      assert.ok(res.status < 400, `${path} as the owner answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      if (route.readOnly) {
        assert.equal(res.status, 200);
        assert.equal(await snapshot(), before, `${path} only reads`);
        continue;
      }
      assert.notEqual(await snapshot(), before, `${path} as the owner changed nothing`);
    }
  });
});
