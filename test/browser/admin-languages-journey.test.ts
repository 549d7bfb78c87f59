import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEFAULT_SITE_SETTINGS } from '../../src/domain/settings.ts';
import { saveSiteSettings } from '../../src/services/settings.ts';
import { aUser, signIn, type AdminSession } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { ROOT } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Where the screenshots go for a person to look at: git ignores the folder. */
const SCREENSHOTS = join(ROOT, 'screenshots');

const LANGUAGES = [
  { language: 'ar', dir: 'rtl', name: 'ليلى عبد الرحمن', heading: 'المنشورات' },
  { language: 'ru', dir: 'ltr', name: 'Александра Константинопольская', heading: 'Публикации' },
] as const;

/** Long words as Russian headlines have them, and a right-to-left title inside a left-to-right page. */
const POST = {
  title: 'Достопримечательности Санкт-Петербурга: высокопоставленные представители правительства',
  slug: '',
  excerpt: '',
  body: 'Переговоры **продолжатся** завтра.',
  label: 'analysis',
  categories: 'Международные отношения, Политика',
  tags: 'Женева',
  comments_open: 'on',
  source_0_name: 'Известия',
  source_0_url: 'https://iz.ru/',
  source_0_role: 'original',
  source_0_language: 'ru',
  publish_at: '2031-01-15T09:30',
  version: '',
  action: 'schedule',
};

describe('the posts list and the post editor in Chromium, in Arabic and in Russian', () => {
  let server: TestServer;
  let browser: Browser;
  const sessions = new Map<string, AdminSession>();
  let postId: number;

  before(async () => {
    server = await startTestServer();
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, timezone: 'Europe/Moscow' }, new Date());
    for (const { language, name } of LANGUAGES) {
      const session = await signIn(server, await aUser(server.database.db, 'editor', name));
      assert.equal((await session.post('/admin/account/language/', { language })).status, 303);
      sessions.set(language, session);
    }
    const saved = await sessions.get('ru')!.post('/admin/posts/new/', POST);
    assert.equal(saved.status, 303);
    postId = Number(/\/admin\/posts\/(\d+)\//.exec(saved.headers.get('location') ?? '')?.[1]);
    await sessions
      .get('ar')!
      .post('/admin/posts/new/', { ...POST, title: 'مفاوضات جنيف تستأنف غدًا', source_0_name: 'الجزيرة', action: 'save', publish_at: '' });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { language, dir, heading } of LANGUAGES) {
    it(`${language}: the posts list and the editor read ${dir}, have no WCAG 2.2 AA violations, fit a phone, and are photographed at 375 and 1280 px`, async () => {
      const session = sessions.get(language)!;
      const [name, value] = session.cookie.split('=') as [string, string];
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        try {
          await context.addCookies([{ name, value, url: server.url }]);
          const page = await context.newPage();
          for (const [shot, path] of [
            ['admin-posts', '/admin/posts/'],
            ['admin-editor', `/admin/posts/${postId}/`],
          ] as const) {
            const res = await page.goto(`${server.url}${path}`);
            assert.equal(res?.status(), 200, path);
            assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), dir, path);
            if (shot === 'admin-posts') assert.equal(await page.locator('h1').innerText(), heading);
            const violations = await axeViolations(page);
            assert.deepEqual(violations, [], `${language} ${path} at ${width} px: ${JSON.stringify(violations, null, 2)}`);
            // Taken before the checks of the layout, so that a breakage can be looked at.
            await page.screenshot({ path: join(SCREENSHOTS, `${shot}-${language}-${width}.png`), fullPage: true });
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${language} ${path} at ${width} px is ${overflow} px wider than the screen`);
          }
        } finally {
          await context.close();
        }
      }
    });
  }
});
