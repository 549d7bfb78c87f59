import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueOwnerSetupLink } from '../../src/services/accounts.ts';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const OWNER = { name: 'Olga Owner', email: 'olga@newsroom.example', password: 'a long and private passphrase' };

describe('the owner in Chromium: first run, signing in, an expired session', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let setupLink = '';
  before(async () => {
    server = await startTestServer();
    const token = await issueOwnerSetupLink(server.database.db, new Date());
    assert.ok(token, 'a new site has no owner and gets a setup link');
    setupLink = `${server.url}/admin/setup/?token=${token}`;
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('creates the owner account from the one-time setup link, which then stops working', async () => {
    await page.goto(`${server.url}/admin/`);
    assert.match(page.url(), /\/admin\/login\//, 'the admin asks to sign in');
    await page.goto(setupLink);
    await page.getByRole('textbox', { name: 'Your name' }).fill(OWNER.name);
    await page.getByRole('textbox', { name: 'Email' }).fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.waitForURL(`${server.url}/admin/`);
    assert.match(await page.locator('.admin-user').innerText(), /Olga Owner · Owner/);

    const again = await context.newPage();
    const res = await again.goto(setupLink);
    assert.equal(res?.status(), 403);
    assert.match(await again.locator('main').innerText(), /expired or has already been used/);
    await again.close();
  });

  it('signs out, is told plainly about a wrong password, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login\//);
    await page.getByRole('textbox', { name: 'Email' }).fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole('alert').innerText(), 'The email or password is not right.');
    assert.equal(await page.getByRole('textbox', { name: 'Email' }).inputValue(), OWNER.email, 'the email typed stays in the form');
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/admin/`);
  });

  it('keeps a draft typed while the session expired: sign in again, send it, and it is saved', async () => {
    await page.goto(`${server.url}/admin/posts/new/`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Written while the session ran out');
    await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('Every word of this must survive.');
    // The session ends on the server (expiry, or "sign out everywhere" from another device).
    await server.database.db.deleteFrom('sessions').execute();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForLoadState();
    assert.match(await page.getByRole('alert').filter({ hasText: 'Your session ended' }).innerText(), /Your session ended before your changes were saved/);
    assert.match(await page.getByRole('alert').filter({ hasText: 'Please sign in again' }).innerText(), /Please sign in again/);
    assert.equal(
      await server.database.db.selectFrom('posts').select('id').where('title', '=', 'Written while the session ran out').executeTakeFirst(),
      undefined,
    );

    await page.getByRole('textbox', { name: 'Email' }).fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Send my changes' }).click();
    await page.waitForURL(/\/admin\/posts\/\d+\/\?done=save/);
    assert.equal(await page.getByRole('textbox', { name: 'Title' }).inputValue(), 'Written while the session ran out');
    const saved = await server.database.db
      .selectFrom('posts')
      .select(['status', 'body_markdown'])
      .where('title', '=', 'Written while the session ran out')
      .executeTakeFirstOrThrow();
    assert.deepEqual(saved, { status: 'draft', body_markdown: 'Every word of this must survive.' });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations on sign-in, setup, account, users and the dashboard, with and without errors, in ${colorScheme} mode (axe-core)`, async () => {
      const fresh = await browser.newContext({ colorScheme });
      try {
        const tab = await fresh.newPage();
        const check = async (what: string) => {
          const violations = await axeViolations(tab);
          assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
        };
        const invited = await aUser(server.database.db, 'administrator');
        await tab.goto(`${server.url}/admin/login/`);
        await check('sign-in');
        await tab.getByRole('textbox', { name: 'Email' }).fill(invited.email);
        await tab.getByLabel('Password').fill('wrong password');
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.waitForLoadState();
        await check('sign-in, wrong password');
        await tab.goto(setupLink);
        await check('a used setup link');
        await tab.goto(`${server.url}/admin/login/`);
        await tab.getByRole('textbox', { name: 'Email' }).fill(invited.email);
        await tab.getByLabel('Password').fill(invited.password);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.waitForURL(`${server.url}/admin/`);
        await check('dashboard');
        await tab.goto(`${server.url}/admin/account/`);
        await check('account');
        await tab.getByLabel('Current password').fill('not it');
        await tab.getByLabel('New password').fill('short');
        await tab.getByRole('button', { name: 'Change password' }).click();
        await tab.waitForLoadState();
        await check('account, with errors');
        await tab.goto(`${server.url}/admin/users/`);
        await check('users');
        await tab.getByRole('textbox', { name: 'Name' }).fill('Nina New');
        await tab.getByRole('textbox', { name: 'Email' }).fill(`nina-${colorScheme}@newsroom.example`);
        await tab.getByRole('button', { name: 'Add user' }).click();
        await tab.waitForLoadState();
        assert.match(await tab.getByRole('status').innerText(), /\/admin\/setup\/\?token=/);
        await check('users, with an invitation link');
      } finally {
        await fresh.close();
      }
    });
  }
});
