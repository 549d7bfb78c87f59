import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/** The one link to `path` in a message's text, with its token. */
function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`http://127\\.0\\.0\\.1:\\d+${path.replace(/[/?]/g, '\\$&')}\\S*token=[\\w.~-]+`).exec(text ?? '');
  assert.ok(match, `a ${path} link in: ${text}`);
  return match[0];
}

describe('staff in Chromium, through the real messages: a lost password, an invitation', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url, seed: false });
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  const signIn = async (tab: Page, email: string, password: string) => {
    await tab.goto(`${server.url}/admin/login/`);
    await tab.getByRole('textbox', { name: 'Email' }).fill(email);
    await tab.getByLabel('Password').fill(password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.waitForLoadState();
  };
  const assertNoViolations = async (tab: Page, what: string) => {
    const violations = await axeViolations(tab);
    assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
  };

  it('an editor who forgot the password asks for a link, chooses a new password from the mail and signs in with it', async () => {
    const editor = await aUser(server.database.db, 'editor', 'Edna Editor');
    await page.goto(`${server.url}/admin/login/`);
    await page.getByRole('link', { name: 'Lost your password?' }).click();
    await page.waitForLoadState();
    await assertNoViolations(page, 'lost password');
    await page.getByRole('textbox', { name: 'Email' }).fill(editor.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('main').innerText(), /spam folder/);

    const [mail] = await smtp.waitFor(1);
    assert.equal(mail?.to && 'text' in mail.to ? mail.to.text : '', editor.email);
    await page.goto(linkIn(mail?.text, '/admin/reset-password/'));
    assert.match(await page.locator('main').innerText(), new RegExp(`Choose a new password for ${editor.email.replace('.', '\\.')}`));
    await assertNoViolations(page, 'choose a new password');
    await page.getByLabel('New password').fill('a brand new long passphrase');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForLoadState();

    await context.clearCookies();
    await signIn(page, editor.email, editor.password);
    assert.match(await page.getByRole('alert').innerText(), /not right/, 'the old password no longer opens');
    await signIn(page, editor.email, 'a brand new long passphrase');
    assert.equal(new URL(page.url()).pathname, '/admin/');
  });

  it('an administrator invites a writer, who sets a password from the mail and signs in', async () => {
    const admin = await aUser(server.database.db, 'administrator', 'Ada Admin');
    await context.clearCookies();
    await signIn(page, admin.email, admin.password);
    await page.goto(`${server.url}/admin/users/`);
    await page.getByRole('textbox', { name: 'Name' }).fill('Walt Writer');
    await page.getByRole('textbox', { name: 'Email' }).fill('walt@newsroom.example');
    await page.getByLabel('Role', { exact: true }).selectOption('author');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForLoadState();

    const invitation = (await smtp.waitFor(2)).at(-1);
    assert.equal(invitation?.to && 'text' in invitation.to ? invitation.to.text : '', 'walt@newsroom.example');
    const walt = await browser.newContext();
    try {
      const tab = await walt.newPage();
      await tab.goto(linkIn(invitation?.text, '/admin/setup/'));
      await assertNoViolations(tab, 'invitation');
      await tab.getByLabel('Password').fill('walt writes long passphrases');
      await tab.getByRole('button', { name: 'Save password' }).click();
      await tab.waitForLoadState();
      // Signed in by setting the password; signing in again afterwards proves the password itself.
      await walt.clearCookies();
      await signIn(tab, 'walt@newsroom.example', 'walt writes long passphrases');
      assert.equal(new URL(tab.url()).pathname, '/admin/');
      assert.match(await tab.locator('main').innerText(), /Walt Writer|Dashboard/);
    } finally {
      await walt.close();
    }
  });
});
