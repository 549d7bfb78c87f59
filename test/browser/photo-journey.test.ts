import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { aJpeg } from '../support/images.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('a photo editor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-photos-'));
  const photo = join(dir, 'harbour.jpg');

  before(async () => {
    writeFileSync(photo, await aJpeg(1600, 1000, { gps: true }));
    server = await startTestServer();
    const editor = await aUser(server.database.db, 'owner', 'Pia Photo');
    browser = await launchChromium();
    // Without JavaScript: the plain file input does it all.
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    // A step that cannot happen fails with what it waited for, rather than at the test's own limit.
    page.setDefaultTimeout(20_000);
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a photo, is asked for its alt text, gives it with a credit, publishes, and readers get a <picture> and a share image', {
    timeout: 90_000,
  }, async () => {
    await page.goto(`${server.url}/admin/posts/new/`);
    await page.getByRole('textbox', { name: 'Title' }).fill('The harbour reopens');
    await page.getByRole('textbox', { name: 'Body (Markdown)' }).fill('Ships came back on **Friday**.');
    await page.getByLabel('Or upload a photo').setInputFiles(photo);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Publish now' }).click()]);
    // No alt text: not published, the text and the uploaded photo kept, the reason beside the field.
    assert.match(await page.locator('#featured_alt-error').innerText(), /alt text/);
    assert.equal(await page.getByRole('textbox', { name: 'Title' }).inputValue(), 'The harbour reopens');
    assert.match(await page.getByLabel('Photo from the library').locator('option:checked').innerText(), /harbour\.jpg/);
    const editorPath = new URL(page.url()).pathname;

    await page.getByRole('textbox', { name: 'Alt text' }).fill('Cranes over the harbour at dawn');
    await page.getByRole('textbox', { name: 'Credit', exact: true }).fill('Photo: Reuters');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/\?done=publish/);

    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'The harbour reopens' }).first().click();
    await page.waitForURL(/\/the-harbour-reopens\/$/);
    const picture = page.locator('figure.featured-image picture');
    assert.equal(await picture.locator('source[type="image/avif"]').count(), 1);
    assert.equal(await picture.locator('source[type="image/webp"]').count(), 1);
    const img = picture.locator('img');
    assert.equal(await img.getAttribute('alt'), 'Cranes over the harbour at dawn');
    // The browser chose and loaded one of the sizes.
    await img.evaluate((el: HTMLImageElement) => (el.complete ? null : new Promise((resolve) => el.addEventListener('load', resolve, { once: true }))));
    assert.ok((await img.evaluate((el: HTMLImageElement) => el.naturalWidth)) >= 320);
    assert.match(await img.evaluate((el: HTMLImageElement) => el.currentSrc), /\/media\/\d+-[0-9a-f]{12}\/\d+\.(avif|webp|jpg)$/);
    assert.match(await page.locator('figure.featured-image figcaption').innerText(), /Photo: Reuters/);
    const og = (await page.locator('meta[property="og:image"]').getAttribute('content')) ?? '';
    assert.match(og, /\/share\.jpg$/);
    assert.equal((await page.request.get(og)).status(), 200);
    const articlePath = new URL(page.url()).pathname;

    await page.goto(`${server.url}/admin/media/`);
    assert.match(await page.locator('.media-grid').innerText(), /The harbour reopens/);
    const photoPath = (await page.locator('.media-card a', { hasText: 'Edit' }).first().getAttribute('href')) ?? '';
    const photoId = /\/admin\/media\/(\d+)\//.exec(photoPath)?.[1];
    assert.ok(photoId);

    // A page that shows the photo only inside its text counts as using it: listed, and no delete offered.
    await page.goto(`${server.url}/admin/pages/new/`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Our photographers');
    await page.getByRole('textbox', { name: 'Text (Markdown)' }).fill(`Where we work.\n\n![Cranes at dawn](/media/${photoId}/)`);
    await page.getByLabel('Status').selectOption('published');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save page' }).click()]);
    await page.goto(`${server.url}${photoPath}`);
    const uses = page.locator('.media-uses');
    assert.match(await uses.innerText(), /Our photographers/);
    assert.match((await uses.getByRole('link', { name: 'Our photographers' }).getAttribute('href')) ?? '', /^\/admin\/pages\/\d+\/$/);
    assert.equal(await page.getByRole('button', { name: 'Delete photo' }).count(), 0);

    // axe runs as a script: in a context with JavaScript on, signed in as the same editor.
    const checking = await browser.newContext({ storageState: await context.storageState() });
    try {
      const checker = await checking.newPage();
      checker.setDefaultTimeout(20_000);
      for (const path of [editorPath, '/admin/posts/new/', articlePath, '/admin/media/', photoPath, '/']) {
        await checker.goto(`${server.url}${path}`);
        const violations = await axeViolations(checker);
        assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 2)}`);
      }
    } finally {
      await checking.close();
    }
  });
});
