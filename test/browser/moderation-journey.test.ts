import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../support/server.ts';

async function signInAs(context: BrowserContext, server: TestServer, user: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/login/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/admin/`);
  return page;
}

describe('a moderator in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('approves a reader’s held comment in the queue, without JavaScript, and the article then shows it', async () => {
    const text = 'A held comment that a moderator approves.';
    const reader = await browser.newContext({ javaScriptEnabled: false });
    const moderator = await browser.newContext({ javaScriptEnabled: false });
    try {
      const readerPage = await reader.newPage();
      await readerPage.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
      await readerPage.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
      await readerPage.getByRole('textbox', { name: 'Name', exact: true }).fill('Held Reader');
      await readerPage.getByRole('textbox', { name: 'Email', exact: true }).fill('held.reader@example.org');
      await readerPage.getByRole('button', { name: 'Post Comment' }).click();
      await readerPage.waitForURL(/\?comment=held/);
      await readerPage.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
      assert.equal(await readerPage.getByText(text).count(), 0);

      const editor = await aUser(server.database.db, 'editor', 'Erin Editor');
      const page = await signInAs(moderator, server, editor);
      await page.getByRole('link', { name: /awaiting moderation/ }).click();
      await page.waitForURL(`${server.url}/admin/comments/`);
      const row = page.locator('tbody tr', { hasText: text });
      assert.match(await row.innerText(), /Why it was held: held: its author has no approved comment yet/);
      await row.getByRole('button', { name: /^Approve comment \d+ by Held Reader$/ }).click();
      await page.waitForURL(/done=approve/);
      assert.equal((await page.getByRole('status').innerText()).trim(), '1 comment approved.');
      assert.equal(await page.getByText(text).count(), 0, 'it has left the pending tab');

      await readerPage.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
      assert.equal(await readerPage.locator('.comment-body', { hasText: text }).count(), 1);
    } finally {
      await reader.close();
      await moderator.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations on the queue, a comment's page and the settings, with and without errors, in ${colorScheme} mode (axe-core)`, async () => {
      const context = await browser.newContext({ colorScheme });
      try {
        const page = await signInAs(context, server, await aUser(server.database.db, 'administrator'));
        // Something in the queue to check: a held comment.
        await page.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
        await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(`Waiting in ${colorScheme} mode, see https://a.example and https://b.example`);
        await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Queue Reader');
        await page.getByRole('textbox', { name: 'Email', exact: true }).fill(`queue-${colorScheme}@example.org`);
        await page.getByRole('button', { name: 'Post Comment' }).click();
        await page.waitForURL(/\?comment=held/);

        const check = async (what: string) => {
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
        };
        for (const status of ['pending', 'approved', 'spam', 'trash']) {
          await page.goto(`${server.url}/admin/comments/?status=${status}`);
          await check(`queue ${status}`);
        }
        await page.goto(`${server.url}/admin/comments/`);
        await page.locator('tbody tr').first().getByRole('link', { name: /^Edit/ }).click();
        await page.waitForURL(/\/admin\/comments\/\d+\//);
        await check('comment page');
        await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('');
        await page.getByRole('button', { name: 'Save comment' }).click();
        await page.waitForLoadState();
        await check('comment page with an error');

        await page.goto(`${server.url}/admin/settings/`);
        await check('settings');
        await page.getByRole('textbox', { name: 'Time zone' }).fill('Nowhere/Special');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('#timezone-error').innerText(), /time zone name/);
        await check('settings with an error');
      } finally {
        await context.close();
      }
    });
  }
});
