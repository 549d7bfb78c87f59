import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('an editor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    server = await startTestServer();
    const editor = await aUser(server.database.db, 'owner', 'Erin Editor');
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    await page.goto(`${server.url}/admin/login/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(editor.email);
    await page.getByLabel('Password').fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/admin/`);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('writes and publishes a sourced post that the home page then shows with its credit line', async () => {
    await page.getByRole('link', { name: 'Write a new post' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Ministry replies to the embassy');
    await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('The ministry replied on **Monday**.\n\nIt said more later.');
    await page.getByRole('textbox', { name: 'Categories' }).fill('World');
    await page.getByRole('group', { name: 'Source 1' }).getByRole('combobox', { name: 'Outlet' }).fill('IZ');
    await page.getByRole('group', { name: 'Source 1' }).getByRole('textbox', { name: 'Link (optional)' }).fill('https://iz.ru/example');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.post-preview strong').innerText(), 'Monday');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/\?done=publish/);
    assert.match(await page.getByRole('status').innerText(), /Published/);

    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Ministry replies to the embassy' }).first().click();
    await page.waitForURL(/\/ministry-replies-to-the-embassy\/$/);
    assert.equal((await page.locator('article.article .article-footer .credit-line').textContent())?.trim(), 'Source: IZ');
  });

  it('schedules a post for later: it waits in the scheduled list, not on the home page', async () => {
    await page.goto(`${server.url}/admin/posts/new/`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Tomorrow’s embargoed story');
    await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('Not before its time.');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel('Publish at (UTC)').fill(tomorrow);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\?done=schedule/);
    assert.match(await page.locator('.post-state').innerText(), /Scheduled for/);
    await page.goto(`${server.url}/admin/posts/?status=scheduled`);
    assert.equal(await page.getByRole('link', { name: 'Tomorrow’s embargoed story' }).count(), 1);
    await page.goto(`${server.url}/`);
    assert.equal(await page.getByText('Tomorrow’s embargoed story').count(), 0);
  });

  it('restores an earlier revision after comparing it', async () => {
    await page.goto(`${server.url}/admin/posts/`);
    await page.getByRole('link', { name: 'Ministry replies to the embassy' }).click();
    await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('A rewrite nobody wanted.');
    await page.getByRole('button', { name: 'Update' }).click();
    await page.waitForURL(/\?done=save/);
    await page.getByRole('link', { name: 'Revisions' }).click();
    await page.getByRole('button', { name: 'Compare the two selected' }).click();
    await page.waitForURL(/\/revisions\/compare\//);
    assert.match(await page.locator('.revision-diff del').first().innerText(), /The ministry replied on \*\*Monday\*\*\./);
    assert.match(await page.locator('.revision-diff ins').first().innerText(), /A rewrite nobody wanted\./);
    await page.getByRole('button', { name: 'Restore the older revision' }).click();
    await page.waitForURL(/\?done=restore/);
    assert.equal(await page.getByRole('textbox', { name: 'Body (Markdown)' }).inputValue(), 'The ministry replied on **Monday**.\n\nIt said more later.');
  });

  it('previews the body as the editor types when JavaScript is on, under the editor’s Content-Security-Policy', async () => {
    const jsContext = await browser.newContext({ storageState: await context.storageState() });
    try {
      const js = await jsContext.newPage();
      const blocked: string[] = [];
      js.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
      });
      const response = await js.goto(`${server.url}/admin/posts/new/`);
      assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      await js.getByRole('textbox', { name: 'Title' }).fill('Typed title');
      await js.getByRole('textbox', { name: 'Body (Markdown)' }).fill('Live _preview_ text');
      await js.locator('.post-preview em').waitFor({ timeout: 5_000 });
      assert.equal(await js.locator('.post-preview em').innerText(), 'preview');
      assert.equal(js.url(), `${server.url}/admin/posts/new/`, 'the page did not submit');
      // Ctrl+S saves the draft through the form's own Save button.
      await js.getByRole('textbox', { name: 'Body (Markdown)' }).press('Control+s');
      await js.waitForURL(/\/admin\/posts\/\d+\/\?done=save/);
      assert.equal(await js.getByRole('textbox', { name: 'Title' }).inputValue(), 'Typed title');
      assert.deepEqual(blocked, []);
    } finally {
      await jsContext.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations on the editor, the posts list and the revision pages in ${colorScheme} mode (axe-core)`, async () => {
      // axe runs as a script: a context with JavaScript, signed in as the same editor.
      const axeContext = await browser.newContext({ colorScheme, storageState: await context.storageState() });
      const page = await axeContext.newPage();
      try {
        await page.goto(`${server.url}/admin/posts/`);
        const editorPath = await page.getByRole('link', { name: 'Ministry replies to the embassy' }).getAttribute('href');
        const pages = ['/admin/posts/', '/admin/posts/?status=scheduled', '/admin/posts/new/', editorPath!, `${editorPath}revisions/`];
        for (const path of pages) {
          await page.goto(`${server.url}${path}`);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 2)}`);
        }
        await page.goto(`${server.url}${editorPath}revisions/`);
        await page.getByRole('button', { name: 'Compare the two selected' }).click();
        await page.waitForURL(/compare/);
        const compare = await axeViolations(page);
        assert.deepEqual(compare, [], `compare: ${JSON.stringify(compare, null, 2)}`);
        // The editor with errors and a preview on it.
        await page.goto(`${server.url}/admin/posts/new/`);
        await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('Some *text*.');
        await page.getByRole('button', { name: 'Preview' }).click();
        await page.waitForLoadState();
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('#title-error').innerText(), /title/);
        const withErrors = await axeViolations(page);
        assert.deepEqual(withErrors, [], `editor with errors: ${JSON.stringify(withErrors, null, 2)}`);
      } finally {
        await axeContext.close();
      }
    });
  }
});
