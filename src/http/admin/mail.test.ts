import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { adminFetch, aUser, cookieFrom, signIn, TEST_PASSWORD } from '../../../test/support/admin.ts';
import { textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts';
import { RESET_REQUEST_LIMIT_PER_EMAIL } from '../../domain/accounts.ts';
import { listOutboxMail } from '../../storage/outbox.ts';

const NEW_PASSWORD = 'a brand new passphrase';

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`http://127\\.0\\.0\\.1:\\d+${path.replace(/[/?]/g, '\\$&')}\\?token=[\\w-]+`).exec(text ?? '');
  assert.ok(match, `a ${path} link in: ${text}`);
  return match[0];
}

describe('"Lost your password?"', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let clockOffsetMs = 0;
  let owner: Awaited<ReturnType<typeof aUser>>;
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url, now: () => new Date(Date.now() + clockOffsetMs) });
    owner = await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  const requestLink = (email: string) => adminFetch(server, '/admin/lost-password/', { fields: { email } });
  const mainText = async (res: Response) => textOf(parse(await res.text()).querySelector('main'));

  it('mails a one-time link that sets a new password and ends every session', async () => {
    const login = await adminFetch(server, '/admin/login/');
    assert.equal(parse(await login.text()).querySelector('a[href="/admin/lost-password/"]')?.text, 'Lost your password?');
    const form = await adminFetch(server, '/admin/lost-password/');
    assert.equal(form.status, 200);
    assert.ok(parse(await form.text()).querySelector('form[action="/admin/lost-password/"] input[name="email"]'));

    const before1 = await signIn(server, owner);
    const before2 = await signIn(server, owner);

    const answer = await requestLink(` ${owner.email.toUpperCase()} `);
    assert.equal(answer.status, 200);
    const answerText = await mainText(answer);
    assert.match(answerText, /If an account uses this email address, a message with a link/);
    const [mail] = await smtp.waitFor(1);
    assert.equal(mail?.to && 'text' in mail.to ? mail.to.text : '', owner.email);
    assert.match(mail?.subject ?? '', /Choose a new password/);
    const link = linkIn(mail?.text, '/admin/reset-password/');

    const page = await adminFetch(server, link.slice(server.url.length));
    assert.equal(page.status, 200);
    const token = new URL(link).searchParams.get('token')!;
    assert.equal(
      parse(await page.text())
        .querySelector('input[name="token"]')
        ?.getAttribute('value'),
      token,
    );

    const short = await adminFetch(server, '/admin/reset-password/', { fields: { token, password: 'short' } });
    assert.equal(short.status, 422);
    assert.match(textOf(parse(await short.text()).querySelector('#password-error')), /at least 8/);

    const done = await adminFetch(server, '/admin/reset-password/', { fields: { token, password: NEW_PASSWORD } });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/admin/login/?done=reset');
    assert.match(await mainText(await adminFetch(server, '/admin/login/?done=reset')), /Your password has been changed/);

    for (const old of [before1, before2]) assert.equal((await old.get('/admin/')).status, 302, 'sessions from before are ended');
    const withOld = await adminFetch(server, '/admin/login/', { fields: { email: owner.email, password: TEST_PASSWORD, next: '/admin/' } });
    assert.equal(withOld.status, 401, 'the old password no longer works');
    const withNew = await adminFetch(server, '/admin/login/', { fields: { email: owner.email, password: NEW_PASSWORD, next: '/admin/' } });
    assert.equal(withNew.status, 303);
    assert.ok(cookieFrom(withNew));

    const again = await adminFetch(server, '/admin/reset-password/', { fields: { token, password: 'yet another passphrase' } });
    assert.equal(again.status, 403, 'a link works once');
    assert.equal((await adminFetch(server, link.slice(server.url.length))).status, 403);
    owner.password = NEW_PASSWORD;
  });

  it('answers an unknown address exactly as a known one, and mails nobody', async () => {
    const before = (await listOutboxMail(server.database.db, 100)).length;
    const unknown = await requestLink('nobody-here@example.org');
    assert.equal(unknown.status, 200);
    const known = await requestLink(owner.email);
    assert.equal(await mainText(unknown), await mainText(known));
    await smtp.waitFor(2);
    const after = await listOutboxMail(server.database.db, 100);
    assert.equal(after.length, before + 1, 'one message, for the known address');
    assert.equal(after[0]?.to, owner.email);
  });

  it('refuses a link after an hour', async () => {
    const count = smtp.received.length;
    await requestLink(owner.email);
    const mail = (await smtp.waitFor(count + 1))[count];
    const link = linkIn(mail?.text, '/admin/reset-password/');
    const path = link.slice(server.url.length);
    clockOffsetMs = 59 * 60_000;
    assert.equal((await adminFetch(server, path)).status, 200);
    clockOffsetMs = 61 * 60_000;
    try {
      assert.equal((await adminFetch(server, path)).status, 403);
      const token = new URL(link).searchParams.get('token')!;
      assert.equal((await adminFetch(server, '/admin/reset-password/', { fields: { token, password: 'too late passphrase' } })).status, 403);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('throttles requests per address, known or not, and sends nothing past the limit', async () => {
    clockOffsetMs = 3 * 3600_000; // past the window of the requests above
    try {
      for (let i = 0; i < RESET_REQUEST_LIMIT_PER_EMAIL; i++) assert.equal((await requestLink('flood@example.org')).status, 200);
      const throttled = await requestLink('flood@example.org');
      assert.equal(throttled.status, 429);
      assert.ok(Number(throttled.headers.get('retry-after')) > 0);
      assert.match(await mainText(throttled), /Too many requests/);
      const bad = await requestLink('not an address');
      assert.equal(bad.status, 422);
      assert.equal(
        parse(await bad.text())
          .querySelector('input#email')
          ?.getAttribute('value'),
        'not an address',
        'what was typed is kept',
      );
    } finally {
      clockOffsetMs = 0;
    }
  });
});

describe('invitations by mail, and the outbox page', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url });
    await aUser(server.database.db, 'owner', 'Olga Owner');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('mails an invitation, and a new one that voids the old link', async () => {
    const admin = await signIn(server, await aUser(server.database.db, 'administrator', 'Ada Admin'));
    const invited = await admin.post('/admin/users/', { displayName: 'Nina New', email: 'nina@example.org', role: 'author' });
    assert.equal(invited.status, 200);
    assert.match(textOf(parse(await invited.text()).querySelector('.admin-invitation')), /an invitation has been mailed to nina@example\.org/);
    const [first] = await smtp.waitFor(1);
    assert.match(first?.subject ?? '', /You have been invited/);
    const firstLink = linkIn(first?.text, '/admin/setup/');

    const users = parse(await (await admin.get('/admin/users/')).text());
    const resend = users.querySelectorAll('form').find((f) => /\/admin\/users\/\d+\/invitation\//.test(f.getAttribute('action') ?? ''));
    assert.ok(resend, 'a "Send again" button beside the invited user');
    assert.equal(users.querySelectorAll('form[action$="/invitation/"]').length, 1, 'only for users who have not accepted');
    const again = await admin.post(resend.getAttribute('action')!, {});
    assert.equal(again.status, 200);
    assert.match(textOf(parse(await again.text()).querySelector('.admin-invitation')), /A new invitation has been mailed/);
    const [, second] = await smtp.waitFor(2);
    const secondLink = linkIn(second?.text, '/admin/setup/');
    assert.notEqual(secondLink, firstLink);
    assert.equal((await adminFetch(server, firstLink.slice(server.url.length))).status, 403, 'the old link is void');
    assert.equal((await adminFetch(server, secondLink.slice(server.url.length))).status, 200);

    const editor = await signIn(server, await aUser(server.database.db, 'editor'));
    assert.equal((await editor.post(resend.getAttribute('action')!, {})).status, 403);
    const token = new URL(secondLink).searchParams.get('token')!;
    assert.equal((await adminFetch(server, '/admin/setup/', { fields: { token, password: TEST_PASSWORD } })).status, 303);
    assert.equal((await admin.post(resend.getAttribute('action')!, {})).status, 409, 'nothing to send once accepted');
  });

  it('shows administrators the outbox, and nobody else', async () => {
    assert.equal((await adminFetch(server, '/admin/mail/')).status, 302);
    const editor = await signIn(server, await aUser(server.database.db, 'editor'));
    assert.equal((await editor.get('/admin/mail/')).status, 403);
    assert.equal(parse(await (await editor.get('/admin/')).text()).querySelector('a[href="/admin/mail/"]'), null, 'no menu entry for an editor');

    smtp.answers.push({ code: 550, text: 'Mailbox <unavailable>' });
    const admin = await signIn(server, await aUser(server.database.db, 'administrator'));
    await admin.post('/admin/users/', { displayName: 'Gone Away', email: 'gone@example.org', role: 'author' });
    let failed: Awaited<ReturnType<typeof listOutboxMail>>[number] | undefined;
    while (!failed) {
      failed = (await listOutboxMail(server.database.db, 100)).find((m) => m.to === 'gone@example.org' && m.status === 'failed');
      if (!failed) await new Promise((r) => setTimeout(r, 20));
    }
    const page = await admin.get('/admin/mail/');
    assert.equal(page.status, 200);
    const html = await page.text();
    const doc = parse(html);
    assert.equal(doc.querySelector('a[href="/admin/mail/"]')?.getAttribute('aria-current'), 'page');
    const rows = doc.querySelectorAll('tbody tr').map((tr) => textOf(tr));
    const gone = rows.find((r) => r.includes('gone@example.org'));
    assert.match(gone ?? '', /Given up/);
    assert.match(gone ?? '', /550 Mailbox <unavailable>/, 'the reason, escaped');
    assert.ok(rows.some((r) => r.includes('nina@example.org') && /Sent/.test(r)));
    assert.doesNotMatch(html, /token=/, 'no live link is shown');
  });
});
