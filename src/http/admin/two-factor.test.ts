import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { authenticator } from 'otplib';
import { adminFetch, aUser, cookieFrom, csrfOn, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { LOGIN_FAILURE_LIMIT } from '../../domain/accounts.ts';
import { RECOVERY_CODE_COUNT, TOTP_STEP_MS } from '../../domain/two-factor.ts';

/** The code an authenticator app would show `stepsAhead` steps of 30 seconds from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  return authenticator.clone({ epoch: Date.now() + stepsAhead * TOTP_STEP_MS }).generate(secret);
}

/** A right code that is not `used`: the app's code now, or the next step's (also accepted). */
function freshCode(secret: string, used: readonly string[]): string {
  for (const step of [0, 1, -1]) {
    const code = codeFor(secret, step);
    if (!used.includes(code)) return code;
  }
  throw new Error('no fresh code');
}

/** Sets two-factor sign-in up through the pages, as a person with an app would; returns the secret and recovery codes. */
async function setUp(server: TestServer, session: AdminSession): Promise<{ secret: string; codes: string[]; used: string[] }> {
  const account = parse(await (await session.get('/admin/account/')).text());
  assert.ok(account.querySelector('form[action="/admin/account/two-factor/"] button'));
  const started = await session.post('/admin/account/two-factor/', {});
  assert.equal(started.status, 200);
  const page = parse(await started.text());
  const qr = page.querySelector('img.qr-code')?.getAttribute('src') ?? '';
  assert.match(qr, /^data:image\/png;base64,/);
  const secret = textOf(page.querySelector('code.totp-secret')).replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);

  const wrong = await session.post('/admin/account/two-factor/confirm/', { code: codeFor(secret) === '000000' ? '111111' : '000000' });
  assert.equal(wrong.status, 422);
  const wrongPage = parse(await wrong.text());
  assert.match(textOf(wrongPage.querySelector('#code-error')), /not right/);
  assert.equal(textOf(wrongPage.querySelector('code.totp-secret')).replace(/\s/g, ''), secret, 'the same secret, still being set up');

  const first = codeFor(secret);
  const confirmed = await session.post('/admin/account/two-factor/confirm/', { code: first });
  assert.equal(confirmed.status, 200);
  const codes = parse(await confirmed.text())
    .querySelectorAll('ul.recovery-codes code')
    .map((c) => textOf(c));
  assert.equal(codes.length, RECOVERY_CODE_COUNT);
  assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);

  const after = await (await session.get('/admin/account/')).text();
  assert.match(after, /Recovery codes left: 10 of 10/);
  assert.ok(!after.includes(secret), 'the secret is never shown again');
  assert.ok(!(await (await session.get('/admin/account/two-factor/')).text()).includes(secret));
  const stored = await server.database.db.selectFrom('recovery_codes').select('code_hash').execute();
  assert.ok(!stored.some((r) => codes.some((c) => r.code_hash.includes(c.replace('-', '')))), 'recovery codes are stored hashed');
  return { secret, codes, used: [first] };
}

const passwordStep = (server: TestServer, user: { email: string; password: string }) =>
  adminFetch(server, '/admin/login/', { fields: { email: user.email, password: user.password, next: '/admin/posts/' } });

const codeStep = (server: TestServer, challengeCookie: string | undefined, code: string) =>
  fetch(`${server.url}/admin/login/code/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...(challengeCookie ? { cookie: challengeCookie } : {}) },
    body: new URLSearchParams({ code, next: '/admin/posts/' }).toString(),
  });

/** Each describe has its own server: failed codes from 127.0.0.1 count against the address in every later test. */
describe('two-factor sign-in', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
  });

  it('is set up with a QR code and a first code, then asks for a code after the password, before any session', async () => {
    const user = await aUser(server.database.db, 'editor', 'Tess Twofactor');
    const { secret, used } = await setUp(server, await signIn(server, user));

    const first = await passwordStep(server, user);
    assert.equal(first.status, 200);
    assert.equal(cookieFrom(first), undefined, 'no session after the password alone');
    const challenge = cookieFrom(first, 'wirepress_two_factor');
    assert.ok(challenge);
    assert.ok(parse(await first.text()).querySelector('form[action="/admin/login/code/"] input[name="code"]'));

    const wrong = await codeStep(server, challenge, '000000' === codeFor(secret) ? '111111' : '000000');
    assert.equal(wrong.status, 401);
    assert.equal(cookieFrom(wrong), undefined);
    assert.equal((await codeStep(server, undefined, codeFor(secret))).status, 401, 'a code without the password step opens nothing');

    const code = freshCode(secret, used);
    const ok = await codeStep(server, challenge, code);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/admin/posts/');
    const session = cookieFrom(ok);
    assert.ok(session);
    assert.equal((await adminFetch(server, '/admin/posts/', { cookie: session })).status, 200);
    assert.equal((await codeStep(server, challenge, code)).status, 401, 'the challenge is spent');

    const again = cookieFrom(await passwordStep(server, user), 'wirepress_two_factor');
    assert.equal((await codeStep(server, again, code)).status, 401, 'a code signs in once');
  });

  it('takes a recovery code instead, once', async () => {
    const user = await aUser(server.database.db, 'author');
    const { codes } = await setUp(server, await signIn(server, user));
    const recovery = codes[3]!;
    const ok = await codeStep(server, cookieFrom(await passwordStep(server, user), 'wirepress_two_factor'), ` ${recovery.toUpperCase()} `);
    assert.equal(ok.status, 303);
    const session = cookieFrom(ok)!;
    assert.match(await (await adminFetch(server, '/admin/account/', { cookie: session })).text(), /Recovery codes left: 9 of 10/);
    const reused = await codeStep(server, cookieFrom(await passwordStep(server, user), 'wirepress_two_factor'), recovery);
    assert.equal(reused.status, 401);
    assert.equal(cookieFrom(reused), undefined);
  });

  it('is turned off only with the password', async () => {
    const user = await aUser(server.database.db, 'author');
    const session = await signIn(server, user);
    await setUp(server, session);
    const refused = await session.post('/admin/account/two-factor/off/', { password: 'not my password' });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /not your current password/);
    assert.match(await (await session.get('/admin/account/')).text(), /Recovery codes left/);
    assert.equal((await session.post('/admin/account/two-factor/off/', { password: user.password })).status, 303);
    assert.equal((await server.database.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret, null);
    const plain = await passwordStep(server, user);
    assert.equal(plain.status, 303, 'the password alone signs in again');
    assert.ok(cookieFrom(plain));
  });

  it('when the site requires it, sends an administrator or editor without it to set it up, and lets them work once they have', async () => {
    const owner = (await server.database.db.selectFrom('users').select(['email']).where('role', '=', 'owner').executeTakeFirstOrThrow()).email;
    const ownerSession = await signIn(server, { email: owner, password: 'correct horse battery staple' });
    const settings = parse(await (await ownerSession.get('/admin/settings/')).text());
    const fields: Record<string, string> = {};
    for (const input of settings.querySelectorAll('form[action="/admin/settings/"] input, form[action="/admin/settings/"] textarea')) {
      const name = input.getAttribute('name');
      if (!name || name === '_csrf') continue;
      if (input.getAttribute('type') === 'checkbox') {
        if (input.hasAttribute('checked')) fields[name] = '1';
      } else fields[name] = input.tagName === 'TEXTAREA' ? input.text : (input.getAttribute('value') ?? '');
    }
    for (const select of settings.querySelectorAll('form[action="/admin/settings/"] select')) {
      const name = select.getAttribute('name');
      const chosen = select.querySelector('option[selected]') ?? select.querySelector('option');
      if (name && chosen) fields[name] = chosen.getAttribute('value') ?? '';
    }
    assert.ok(settings.querySelector('input[name="requireTwoFactorForStaff"]'));
    assert.equal((await ownerSession.post('/admin/settings/', { ...fields, requireTwoFactorForStaff: '1' })).status, 303);

    try {
      const editor = await aUser(server.database.db, 'editor');
      const signedIn = await passwordStep(server, editor);
      assert.equal(signedIn.status, 303);
      const cookie = cookieFrom(signedIn)!;
      const sent = await adminFetch(server, '/admin/posts/', { cookie });
      assert.equal(sent.status, 303);
      assert.equal(sent.headers.get('location'), '/admin/account/two-factor/?required=1');
      const intro = await adminFetch(server, '/admin/account/two-factor/?required=1', { cookie });
      assert.equal(intro.status, 200);
      assert.match(textOf(parse(await intro.text()).querySelector('main')), /requires two-factor sign-in for administrators and editors/);

      const author = await signIn(server, await aUser(server.database.db, 'author'));
      assert.equal((await author.get('/admin/posts/')).status, 200, 'authors are not required to');

      // The dashboard sends them on too; the account page carries the form token.
      const csrf = await csrfOn(await adminFetch(server, '/admin/account/', { cookie }));
      assert.ok(csrf);
      const editorSession: AdminSession = {
        cookie,
        csrf,
        get: (path) => adminFetch(server, path, { cookie }),
        post: (path, fields) => adminFetch(server, path, { cookie, fields: { _csrf: csrf, ...fields } }),
      };
      await setUp(server, editorSession);
      assert.equal((await editorSession.get('/admin/posts/')).status, 200);
    } finally {
      await ownerSession.post('/admin/settings/', fields);
    }
  });
});

describe('two-factor sign-in throttling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('pauses wrong codes like failed sign-ins, even a right one after', async () => {
    const user = await aUser(server.database.db, 'contributor');
    const { secret, used } = await setUp(server, await signIn(server, user));
    const challenge = cookieFrom(await passwordStep(server, user), 'wirepress_two_factor');
    const wrongCode = codeFor(secret) === '123456' ? '654321' : '123456';
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i += 1) assert.equal((await codeStep(server, challenge, wrongCode)).status, 401);
    const paused = await codeStep(server, challenge, freshCode(secret, used));
    assert.equal(paused.status, 429);
    assert.ok(Number(paused.headers.get('retry-after')) > 0);
    assert.equal(cookieFrom(paused), undefined);
  });
});
