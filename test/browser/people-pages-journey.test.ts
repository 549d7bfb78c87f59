import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { accentContrast } from '../../src/domain/identity.ts';
import { aUser, signIn } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { ROOT } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Where the screenshots go for a person to look at: git ignores the folder. */
const SCREENSHOTS = join(ROOT, 'screenshots');

const PAGES = [
  ['settings', '/admin/settings/'],
  ['identity', '/admin/settings/identity/'],
  ['account', '/admin/account/'],
] as const;

const LANGUAGES = [
  { language: 'ar', dir: 'rtl', heading: 'الإعدادات' },
  { language: 'ru', dir: 'ltr', heading: 'Настройки' },
] as const;

describe('settings, identity and the account in Chromium, in Arabic and in Russian', () => {
  let server: TestServer;
  let browser: Browser;
  /** A signed-in administrator's session cookie per language. */
  const sessions = new Map<string, string>();

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const { language } of LANGUAGES) {
      const session = await signIn(server, await aUser(server.database.db, 'administrator', `Admin ${language}`));
      assert.equal((await session.post('/admin/account/language/', { language })).status, 303);
      sessions.set(language, session.cookie);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedInContext = async (language: string, width: number): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const [name, value] = (sessions.get(language) ?? '').split('=') as [string, string];
    await context.addCookies([{ name, value, url: `${server.url}/admin/` }]);
    return context;
  };

  for (const { language, dir, heading } of LANGUAGES) {
    it(`${language}: settings, identity and account have no WCAG 2.2 AA violations, read ${dir}, fit a phone, and are photographed at 375 and 1280 px`, async () => {
      for (const width of [375, 1280]) {
        const context = await signedInContext(language, width);
        try {
          const page = await context.newPage();
          for (const [name, path] of PAGES) {
            await page.goto(`${server.url}${path}`);
            assert.equal(await page.evaluate(() => document.documentElement.lang), language, path);
            assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), dir, path);
            if (name === 'settings') assert.equal(await page.locator('h1').innerText(), heading);
            const violations = await axeViolations(page);
            assert.deepEqual(violations, [], `${language} ${path} at ${width} px: ${JSON.stringify(violations, null, 2)}`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${language} ${path} at ${width} px is ${overflow} px wider than the screen`);
            await page.screenshot({ path: join(SCREENSHOTS, `admin-${name}-${language}-${width}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      }
    });
  }

  it('the accent sample follows the colour as it is typed: the shapes take it, the ratios and verdicts change, before anything is saved', async () => {
    const context = await signedInContext('ru', 1280);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/admin/settings/identity/`);
      const fills = () => page.locator('.accent-sample [data-accent]').evaluateAll((shapes) => shapes.map((s) => s.getAttribute('fill')));
      const ratio = (which: string) => page.locator(`[data-ratio="${which}"] .accent-number`).innerText();
      const failing = () => page.locator('.accent-sample [data-verdict="fail"]:visible').count();
      // The server drew the standard red.
      assert.deepEqual(await fills(), ['#a3171c', '#a3171c']);
      assert.equal(await failing(), 0);

      const field = page.getByRole('textbox', { name: 'Фирменный цвет', exact: true });
      await field.fill('#1a4d8a');
      assert.deepEqual(await fills(), ['#1a4d8a', '#1a4d8a']);
      const blue = accentContrast('#1a4d8a');
      assert.equal(await ratio('page'), blue.onBackground.toFixed(2).replace('.', ','));
      assert.equal(await ratio('white'), blue.withWhiteText.toFixed(2).replace('.', ','));
      assert.equal(await failing(), 0);

      // Too light: both ratios fail, and say so in words, not only in colour.
      await field.fill('#ffff00');
      assert.deepEqual(await fills(), ['#ffff00', '#ffff00']);
      assert.equal(await failing(), 2);
      assert.match(await page.locator('[data-ratio="white"]').innerText(), /мало, нужно 4,50:1/);
      // The picker follows the text field.
      assert.equal(await page.locator('input.accent-picker').inputValue(), '#ffff00');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the server draws the sample for the colour sent, with its ratios', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    try {
      const [name, value] = (sessions.get('ru') ?? '').split('=') as [string, string];
      await context.addCookies([{ name, value, url: `${server.url}/admin/` }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/admin/settings/identity/`);
      await page.getByRole('textbox', { name: 'Фирменный цвет', exact: true }).fill('#777777');
      await page.getByRole('button', { name: 'Сохранить оформление' }).click();
      await page.waitForLoadState();
      // Refused (too light), and the sample shows the refused colour with why.
      assert.deepEqual(await page.locator('.accent-sample [data-accent]').evaluateAll((s) => s.map((e) => e.getAttribute('fill'))), ['#777777', '#777777']);
      const grey = accentContrast('#777777');
      assert.equal(await page.locator('[data-ratio="page"] .accent-number').innerText(), grey.onBackground.toFixed(2).replace('.', ','));
      assert.ok((await page.locator('.accent-sample [data-verdict="fail"]:visible').count()) >= 1);
      assert.equal(await page.locator('input.accent-picker').count(), 0);
    } finally {
      await context.close();
    }
  });
});
