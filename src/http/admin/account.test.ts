import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { adminFetch, aUser, cookieFrom, csrfOn, signIn, TEST_PASSWORD } from '../../../test/support/admin.ts';
import { textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { LOGIN_FAILURE_LIMIT } from '../../domain/accounts.ts';
import { describeSetupLink, issueOwnerSetupLink } from '../../services/accounts.ts';
import { listUsers } from '../../storage/users.ts';

describe('first run: the owner’s setup link', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('creates the owner once, signs them in, and then works no more', async () => {
    const token = await issueOwnerSetupLink(server.database.db, new Date());
    assert.ok(token);
    const form = await adminFetch(server, `/admin/setup/?token=${token}`);
    assert.equal(form.status, 200);
    assert.match(textOf(parse(await form.text()).querySelector('h1')), /Set up your site/);

    const bad = await adminFetch(server, '/admin/setup/', { fields: { token, displayName: 'Olga Owner', email: 'not-an-email', password: 'short' } });
    assert.equal(bad.status, 422);
    const badPage = parse(await bad.text());
    assert.equal(badPage.querySelector('input#displayName')?.getAttribute('value'), 'Olga Owner', 'what was typed is kept');
    assert.match(textOf(badPage.querySelector('#email-error')), /valid email/);
    assert.equal((await listUsers(server.database.db)).length, 0);

    const short = await adminFetch(server, '/admin/setup/', { fields: { token, displayName: 'Olga Owner', email: 'olga@example.org', password: 'short' } });
    assert.equal(short.status, 422);
    assert.match(textOf(parse(await short.text()).querySelector('#password-error')), /at least 8/);

    const ok = await adminFetch(server, '/admin/setup/', { fields: { token, displayName: 'Olga Owner', email: 'Olga@Example.org', password: TEST_PASSWORD } });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/admin/');
    const setCookie = ok.headers.getSetCookie().join('\n');
    assert.match(setCookie, /wirepress_session=[^;]+; Max-Age=\d+; Path=\/admin; HttpOnly; SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http on loopback');
    const dashboard = await adminFetch(server, '/admin/', { cookie: cookieFrom(ok) });
    assert.equal(dashboard.status, 200);
    assert.match(await dashboard.text(), /Welcome, Olga Owner/);
    const users = await listUsers(server.database.db);
    assert.deepEqual(
      users.map((u) => [u.email, u.role]),
      [['olga@example.org', 'owner']],
    );

    const again = await adminFetch(server, '/admin/setup/', { fields: { token, displayName: 'Mallory', email: 'm@example.org', password: TEST_PASSWORD } });
    assert.equal(again.status, 403);
    assert.equal((await adminFetch(server, `/admin/setup/?token=${token}`)).status, 403);
    assert.equal(await issueOwnerSetupLink(server.database.db, new Date()), undefined, 'no new owner links once there is a user');
    assert.equal((await listUsers(server.database.db)).length, 1);
  });

  it('a link stops working after 24 hours', async () => {
    const fresh = await startTestServer();
    try {
      const token = (await issueOwnerSetupLink(fresh.database.db, new Date()))!;
      assert.ok(await describeSetupLink(fresh.database.db, token, new Date(Date.now() + 23 * 3600_000)));
      assert.equal(await describeSetupLink(fresh.database.db, token, new Date(Date.now() + 25 * 3600_000)), undefined);
      assert.equal((await adminFetch(fresh, '/admin/setup/?token=wrong')).status, 403);
    } finally {
      await fresh.close();
    }
  });
});

describe('signing in and out', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
  });

  it('sends a visitor without a session to sign in, and back afterwards', async () => {
    const res = await adminFetch(server, '/admin/users/');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/admin/login/?next=%2Fadmin%2Fusers%2F');
    const page = parse(await (await adminFetch(server, '/admin/login/?next=%2Fadmin%2Fusers%2F')).text());
    assert.equal(page.querySelector('input[name="next"]')?.getAttribute('value'), '/admin/users/');
    const editor = await aUser(server.database.db, 'editor');
    const signed = await adminFetch(server, '/admin/login/', { fields: { email: editor.email, password: editor.password, next: '/admin/users/' } });
    assert.equal(signed.status, 303);
    assert.equal(signed.headers.get('location'), '/admin/users/');
  });

  it('never redirects outside the admin after signing in', async () => {
    const editor = await aUser(server.database.db, 'editor');
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', '/admin/../../x', 'javascript:alert(1)']) {
      const res = await adminFetch(server, '/admin/login/', { fields: { email: editor.email, password: editor.password, next } });
      assert.equal(res.status, 303);
      assert.ok(res.headers.get('location')?.startsWith('/admin/'), `${next} → ${res.headers.get('location')}`);
      assert.ok(!res.headers.get('location')?.includes('..'));
    }
  });

  it('signs out: the old cookie opens nothing', async () => {
    const user = await aUser(server.database.db, 'editor');
    const session = await signIn(server, user);
    const out = await session.post('/admin/logout/', {});
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie().join(), /wirepress_session=;/);
    assert.equal((await session.get('/admin/')).status, 302);
  });

  it('changes a password, signing out every other session', async () => {
    const user = await aUser(server.database.db, 'editor');
    const here = await signIn(server, user);
    const elsewhere = await signIn(server, user);
    const wrong = await here.post('/admin/account/password/', { current: 'not it', next: 'a new long password' });
    assert.equal(wrong.status, 422);
    assert.match(textOf(parse(await wrong.text()).querySelector('#current-error')), /not your current password/);
    const ok = await here.post('/admin/account/password/', { current: user.password, next: 'a new long password' });
    assert.equal(ok.status, 303);
    assert.equal((await here.get('/admin/')).status, 200);
    assert.equal((await elsewhere.get('/admin/')).status, 302);
    await signIn(server, { email: user.email, password: 'a new long password' });
    const old = await adminFetch(server, '/admin/login/', { fields: { email: user.email, password: user.password } });
    assert.equal(old.status, 401);
  });

  it('signs out everywhere else', async () => {
    const user = await aUser(server.database.db, 'author');
    const here = await signIn(server, user);
    const elsewhere = await signIn(server, user);
    assert.equal((await here.post('/admin/account/sessions/', {})).status, 303);
    assert.equal((await here.get('/admin/')).status, 200);
    assert.equal((await elsewhere.get('/admin/')).status, 302);
  });

  it('refuses a form without the session’s CSRF token (403) and changes nothing', async () => {
    const owner = await aUser(server.database.db, 'administrator');
    const session = await signIn(server, owner);
    const before = (await listUsers(server.database.db)).length;
    for (const csrf of ['', 'forged', `${session.csrf}x`]) {
      const res = await adminFetch(server, '/admin/users/', {
        cookie: session.cookie,
        fields: { _csrf: csrf, displayName: 'Eve', email: `eve${csrf.length}@example.org`, role: 'administrator' },
      });
      assert.equal(res.status, 403, csrf);
    }
    assert.equal((await listUsers(server.database.db)).length, before);
    assert.equal((await session.get('/admin/')).status, 200, 'the session itself is unharmed');
  });

  it('answers a form sent after the session ended with 401 and keeps what was typed', async () => {
    const res = await adminFetch(server, '/admin/users/', {
      fields: { _csrf: 'stale', displayName: 'Kept <Name>', email: 'kept@example.org', role: 'editor' },
    });
    assert.equal(res.status, 401);
    const page = parse(await res.text());
    const carried = JSON.parse(page.querySelector('input[name="_resume_fields"]')?.getAttribute('value') ?? '{}') as Record<string, string>;
    assert.equal(carried.displayName, 'Kept <Name>');
    assert.equal(carried._csrf, undefined, 'the stale token is not carried');
    assert.equal(page.querySelector('input[name="_resume_action"]')?.getAttribute('value'), '/admin/users/');

    const admin = await aUser(server.database.db, 'administrator');
    const signed = await adminFetch(server, '/admin/login/', {
      fields: { email: admin.email, password: admin.password, _resume_action: '/admin/users/', _resume_fields: JSON.stringify(carried) },
    });
    assert.equal(signed.status, 200);
    const resume = parse(await signed.text());
    assert.equal(resume.querySelector('form[action="/admin/users/"] input[name="displayName"]')?.getAttribute('value'), 'Kept <Name>');
    assert.ok(resume.querySelector('form[action="/admin/users/"] input[name="_csrf"]')?.getAttribute('value'));
  });

  it('marks the cookie Secure when the site is served over https', async () => {
    const secure = await startTestServer({ siteUrl: 'https://news.example.org' });
    try {
      const owner = await aUser(secure.database.db, 'owner');
      const res = await fetch(`${secure.url}/admin/login/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org' },
        body: new URLSearchParams({ email: owner.email, password: owner.password }).toString(),
      });
      assert.equal(res.status, 303);
      assert.match(res.headers.getSetCookie().join(), /; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('never caches or frames an admin page', async () => {
    const res = await adminFetch(server, '/admin/login/');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });
});

describe('sign-in throttling', () => {
  const servers: TestServer[] = [];
  const fresh = async () => {
    const server = await startTestServer();
    servers.push(server);
    return server;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('refuses a wrong password or unknown email with the same message and no session', async () => {
    const server = await fresh();
    const user = await aUser(server.database.db, 'author');
    for (const fields of [
      { email: user.email, password: 'wrong password' },
      { email: 'nobody@example.org', password: TEST_PASSWORD },
    ]) {
      const res = await adminFetch(server, '/admin/login/', { fields });
      assert.equal(res.status, 401);
      assert.equal(cookieFrom(res), undefined);
      assert.match(textOf(parse(await res.text()).querySelector('[role="alert"]')), /email or password is not right/);
    }
  });

  it('pauses an account after ten failures in fifteen minutes, even for the right password', async () => {
    const server = await fresh();
    const user = await aUser(server.database.db, 'author');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i += 1) {
      assert.equal((await adminFetch(server, '/admin/login/', { fields: { email: user.email, password: `guess ${i}` } })).status, 401);
    }
    const res = await adminFetch(server, '/admin/login/', { fields: { email: user.email, password: user.password } });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 800);
    assert.match(await res.text(), /Too many failed sign-in attempts. Please wait 15 minutes/);
    assert.equal(cookieFrom(res), undefined);
  });

  it('pauses an address after ten failures across accounts', async () => {
    const server = await fresh();
    const user = await aUser(server.database.db, 'editor');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i += 1) {
      assert.equal((await adminFetch(server, '/admin/login/', { fields: { email: `someone${i}@example.org`, password: 'guess' } })).status, 401);
    }
    assert.equal((await adminFetch(server, '/admin/login/', { fields: { email: user.email, password: user.password } })).status, 429);
  });
});

describe('users', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
  });

  it('an administrator invites a user, who chooses a password with the one-time link and signs in', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    const res = await admin.post('/admin/users/', { displayName: 'Rita Reporter', email: 'rita@example.org', role: 'author' });
    assert.equal(res.status, 200);
    const page = parse(await res.text());
    const link = textOf(page.querySelector('.admin-invitation code'));
    assert.match(link, new RegExp(`^${server.url}/admin/setup/\\?token=[A-Za-z0-9_-]{43}$`));
    const path = link.slice(server.url.length);
    const setupPage = parse(await (await adminFetch(server, path)).text());
    assert.match(textOf(setupPage.querySelector('main')), /invited as author with the email rita@example.org/);
    const token = new URL(link).searchParams.get('token')!;
    const done = await adminFetch(server, '/admin/setup/', { fields: { token, password: 'rita’s long password' } });
    assert.equal(done.status, 303);
    await signIn(server, { email: 'rita@example.org', password: 'rita’s long password' });
    assert.equal((await adminFetch(server, '/admin/setup/', { fields: { token, password: 'another password' } })).status, 403);
  });

  it('refuses a taken email with 409 and the form kept', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    await admin.post('/admin/users/', { displayName: 'Sam', email: 'sam@example.org', role: 'editor' });
    const res = await admin.post('/admin/users/', { displayName: 'Sam Again', email: 'SAM@example.org', role: 'editor' });
    assert.equal(res.status, 409);
    const page = parse(await res.text());
    assert.equal(page.querySelector('input#displayName')?.getAttribute('value'), 'Sam Again');
    assert.match(textOf(page.querySelector('#email-error')), /already an account/);
  });

  it('lets administrators change roles, but never the owner’s, their own, or to owner', async () => {
    const adminUser = await aUser(server.database.db, 'administrator');
    const admin = await signIn(server, adminUser);
    const author = await aUser(server.database.db, 'author');
    assert.equal((await admin.post(`/admin/users/${author.id}/role/`, { role: 'editor' })).status, 303);
    const roleOf = async (id: number) => (await listUsers(server.database.db)).find((u) => u.id === id)?.role;
    assert.equal(await roleOf(author.id), 'editor');
    const owner = (await listUsers(server.database.db)).find((u) => u.role === 'owner')!;
    assert.equal((await admin.post(`/admin/users/${owner.id}/role/`, { role: 'contributor' })).status, 403);
    assert.equal((await admin.post(`/admin/users/${adminUser.id}/role/`, { role: 'owner' })).status, 403);
    assert.equal((await admin.post(`/admin/users/${author.id}/role/`, { role: 'owner' })).status, 422);
    assert.equal(await roleOf(owner.id), 'owner');
    assert.equal(await roleOf(adminUser.id), 'administrator');
    assert.equal(await roleOf(author.id), 'editor');
  });

  it('keeps users pages and actions from editors and below (403, nothing changes)', async () => {
    const target = await aUser(server.database.db, 'contributor');
    for (const role of ['editor', 'author', 'contributor'] as const) {
      const session = await signIn(server, await aUser(server.database.db, role));
      assert.equal((await session.get('/admin/users/')).status, 403, role);
      assert.equal((await session.post('/admin/users/', { displayName: 'X', email: `x-${role}@example.org`, role: 'administrator' })).status, 403, role);
      assert.equal((await session.post(`/admin/users/${target.id}/role/`, { role: 'administrator' })).status, 403, role);
    }
    const users = await listUsers(server.database.db);
    assert.ok(!users.some((u) => u.email.startsWith('x-')));
    assert.equal(users.find((u) => u.id === target.id)?.role, 'contributor');
  });

  it('shows each role only the menu entries it may use', async () => {
    const menu = async (role: 'editor' | 'author' | 'administrator') => {
      const session = await signIn(server, await aUser(server.database.db, role));
      const page = parse(await (await session.get('/admin/')).text());
      return page.querySelectorAll('.admin-nav a').map((a) => textOf(a));
    };
    assert.deepEqual(await menu('author'), ['Dashboard', 'Posts', 'Photos', 'Your account']);
    assert.deepEqual(await menu('editor'), ['Dashboard', 'Posts', 'Photos', 'Pages', 'Menus', 'Comments', 'Your account']);
    assert.deepEqual(await menu('administrator'), [
      'Dashboard',
      'Posts',
      'Photos',
      'Pages',
      'Menus',
      'Comments',
      'Users',
      'Privacy',
      'Settings',
      'Mail',
      'Webhooks',
      'Your account',
    ]);
  });

  it('csrf tokens differ per session', async () => {
    const a = await signIn(server, await aUser(server.database.db, 'editor'));
    const b = await signIn(server, await aUser(server.database.db, 'editor'));
    assert.notEqual(a.csrf, b.csrf);
    assert.equal(await csrfOn(await adminFetch(server, '/admin/login/')), undefined);
  });
});
