import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEFAULT_SITE_SETTINGS } from '../../src/domain/settings.ts';
import { messagesFor } from '../../src/i18n/messages.ts';
import { saveSiteSettings } from '../../src/services/settings.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { ROOT } from '../support/process.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../support/server.ts';

/** Where the screenshots go for a person to look at: git ignores the folder. */
const SCREENSHOTS = join(ROOT, 'screenshots');

const LANGUAGES = [
  { language: 'ar', timezone: 'Asia/Riyadh', dir: 'rtl' },
  { language: 'ru', timezone: 'Europe/Moscow', dir: 'ltr' },
] as const;

describe('a reader in Chromium, in Arabic and in Russian', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { language, timezone, dir } of LANGUAGES) {
    it(`${language}: the home page and the demo article have no WCAG 2.2 AA violations, read ${dir}, fit a phone, and are photographed at 375 and 1280 px`, async () => {
      await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language, timezone }, new Date());
      const { t } = messagesFor(language);
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        try {
          const page = await context.newPage();
          for (const [name, path] of [
            ['home', '/'],
            ['article', DEMO_ARTICLE_PATH],
          ] as const) {
            await page.goto(`${server.url}${path}`);
            assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), dir, path);
            const violations = await axeViolations(page);
            assert.deepEqual(violations, [], `${language} ${path} at ${width} px: ${JSON.stringify(violations, null, 2)}`);
            // Nothing pushes the page sideways, in either direction.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${language} ${path} at ${width} px is ${overflow} px wider than the screen`);
            await page.screenshot({ path: join(SCREENSHOTS, `${name}-${language}-${width}.png`), fullPage: true });
          }
          // The reply form's words as a screen reader names them.
          await page.getByRole('textbox', { name: t('commentForm.comment'), exact: true }).fill('نص / текст');
          await page.getByRole('button', { name: t('commentForm.submit') }).click();
          await page.waitForLoadState();
          assert.equal(await page.locator('#author-error').innerText(), t('commentError.nameRequired'));
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${language} form with errors: ${JSON.stringify(violations, null, 2)}`);
        } finally {
          await context.close();
        }
      }
    });
  }

  it('in Arabic the page is mirrored: at 1280 px the Latest Posts column is left of the article, not right', async () => {
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language: 'ar' }, new Date());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}${DEMO_ARTICLE_PATH}`);
      const article = await page.locator('article.article').boundingBox();
      const latest = await page.locator('.latest-posts').boundingBox();
      assert.ok(article && latest);
      assert.ok(latest.x < article.x, `latest posts at ${latest.x}, the article at ${article.x}`);
    } finally {
      await context.close();
    }
  });
});
