import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { aPost } from '../support/factories.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../support/server.ts';

describe('a reader searching in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    for (let i = 0; i < 11; i++)
      await aPost(server.database.db, { title: `Security briefing ${i}`, body: 'Talks on security guarantees went on.', label: 'analysis' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('searches from the masthead without JavaScript and opens a result', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByRole('searchbox', { name: 'Search' }).fill('"indivisibility of security"');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\?s=/);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Search results for “"indivisibility of security"”');
      assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), '"indivisibility of security"');
      assert.ok((await page.locator('.search-snippet mark').count()) > 0);
      await page.getByRole('link', { name: 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States' }).click();
      await page.waitForURL(`${server.url}${DEMO_ARTICLE_PATH}`);
    } finally {
      await context.close();
    }
  });

  it('has no WCAG 2.2 AA violations on results, a second page, no results, an empty search and the site’s pages found, light and dark (axe-core)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      try {
        const page = await context.newPage();
        for (const path of ['/?s=security', '/page/2/?s=security', '/?s=xyzzyplugh', '/?s=', '/?s=newsroom']) {
          const res = await page.goto(`${server.url}${path}`);
          assert.equal(res?.status(), 200, path);
          // The demo's About and Corrections policy pages both speak of the newsroom.
          if (path === '/?s=newsroom') assert.equal(await page.locator('.search-page-result').count(), 2);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${path} (${colorScheme}): ${JSON.stringify(violations, null, 2)}`);
        }
      } finally {
        await context.close();
      }
    }
  });
});
