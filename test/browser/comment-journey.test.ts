import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../support/server.ts';

describe('a reader in Chromium', () => {
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

  for (const javaScriptEnabled of [false, true]) {
    it(`reads the demo article and posts a comment that awaits moderation (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 375, height: 800 } });
      try {
        const page = await context.newPage();
        // The site's Content-Security-Policy must not block anything the pages themselves use.
        const blocked: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
        });
        await page.goto(`${server.url}/`);
        await page
          .getByRole('link', { name: 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States' })
          .first()
          .click();
        await page.waitForURL(`${server.url}${DEMO_ARTICLE_PATH}`);
        assert.equal(await page.locator('h1').count(), 1);
        assert.equal((await page.locator('.credit-line').textContent())?.trim(), 'Source: IZ');

        const text = `A reader's view, JavaScript ${javaScriptEnabled ? 'on' : 'off'}.`;
        await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
        await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Browser Reader');
        await page.getByRole('textbox', { name: 'Email', exact: true }).fill(`reader-${javaScriptEnabled}@example.org`);
        await page.getByRole('button', { name: 'Post Comment' }).click();
        await page.waitForURL(/\?comment=held/);
        assert.match(await page.getByRole('status').innerText(), /awaiting moderation/);
        assert.equal(await page.getByText(text).count(), 0, 'a held comment is not shown, even to its author');
        const stored = await server.database.db.selectFrom('comments').select(['body', 'status']).where('body', '=', text).execute();
        assert.deepEqual(stored, [{ body: text, status: 'pending' }]);
        assert.deepEqual(blocked, []);
      } finally {
        await context.close();
      }
    });
  }

  it('keeps what the reader typed when a field is wrong, and says which', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Text that must survive');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Someone');
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('not an email');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await page.waitForLoadState();
      assert.equal(await page.getByRole('textbox', { name: 'Comment', exact: true }).inputValue(), 'Text that must survive');
      assert.match(await page.locator('#email-error').innerText(), /valid email/);
    } finally {
      await context.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations on the home page, the article, archives and errors in ${colorScheme} mode (axe-core)`, async () => {
      const context = await browser.newContext({ colorScheme });
      try {
        const page = await context.newPage();
        const paths = ['/', DEMO_ARTICLE_PATH, '/source/iz/', '/category/world/', '/tag/nato/', '/author/newsroom/', '/2022/02/', '/no-such-page/'];
        for (const path of paths) {
          await page.goto(`${server.url}${path}`);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 2)}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
