import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('an editor writes a page and puts it in the footer, in Chromium without JavaScript', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    server = await startTestServer();
    const editor = await aUser(server.database.db, 'editor', 'Paula Pages');
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

  it('creates a page, adds it to the footer menu, and a reader finds it from the home page', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Pages' }).click();
    await page.getByRole('link', { name: 'Write a new page' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Ethics policy');
    await page.getByRole('textbox', { name: 'Text (Markdown)' }).fill('We name our sources.\n\nWe **correct** our mistakes.');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('published');
    await page.getByRole('button', { name: 'Save page' }).click();
    await page.waitForURL(/\/admin\/pages\/\d+\/\?saved=published$/);
    assert.match(await page.getByRole('status').innerText(), /Readers can see it now/);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Menus' }).click();
    await page.getByRole('radio', { name: 'Footer menu' }).check();
    await page.getByRole('combobox', { name: 'Links to' }).selectOption({ label: 'Ethics policy' });
    await page.getByRole('button', { name: 'Add to the menu' }).click();
    await page.waitForURL(/\/admin\/menus\/\?done=added$/);
    // Moved up to come before the demo's pages.
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Move up: Ethics policy' }).click();
      await page.waitForURL(/\?done=moved$/);
    }

    await page.goto(`${server.url}/`);
    const footer = page.getByRole('navigation', { name: 'Footer' });
    assert.deepEqual(await footer.getByRole('link').allInnerTexts(), ['Ethics policy', 'About', 'Corrections policy']);
    await footer.getByRole('link', { name: 'Ethics policy' }).click();
    await page.waitForURL(`${server.url}/ethics-policy/`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Ethics policy');
    assert.equal(await page.locator('main strong').innerText(), 'correct');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations on the page editor, the pages list, the menus and a page, in ${colorScheme} mode (axe-core)`, async () => {
      // axe runs as a script: a context of its own with JavaScript, signed in as the same editor.
      const checked = await browser.newContext({ colorScheme, storageState: await context.storageState() });
      try {
        const tab = await checked.newPage();
        for (const path of ['/admin/pages/', '/admin/pages/new/', '/admin/menus/', '/ethics-policy/', '/about/']) {
          await tab.goto(`${server.url}${path}`);
          const violations = await axeViolations(tab);
          assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 2)}`);
        }
        // A form sent back with its mistakes, too.
        await tab.goto(`${server.url}/admin/menus/`);
        await tab.getByRole('button', { name: 'Add to the menu' }).click();
        await tab.waitForLoadState();
        assert.ok(await tab.locator('#target-error').count());
        assert.deepEqual(await axeViolations(tab), []);
      } finally {
        await checked.close();
      }
    });
  }
});
