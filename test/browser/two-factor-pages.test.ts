import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { TOTP_STEP_MS } from '../../src/domain/two-factor.ts';
import { aUser } from '../support/admin.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('two-factor sign-in pages in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer({ seed: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no WCAG 2.2 AA violations when setting it up, with a wrong code, on the recovery codes and at sign-in', async () => {
    const user = await aUser(server.database.db, 'editor', 'Tess Two');
    const context = await browser.newContext();
    try {
      const page: Page = await context.newPage();
      const check = async (what: string) => {
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
      };
      const signIn = async () => {
        await page.goto(`${server.url}/admin/login/`);
        await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
        await page.getByLabel('Password').fill(user.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState();
      };
      await signIn();
      await page.goto(`${server.url}/admin/account/`);
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await page.waitForLoadState();
      await check('set-up page with its QR code');
      const secret = (await page.locator('code.totp-secret').innerText()).replace(/\s/g, '');
      await page.getByRole('textbox', { name: 'Code from the app' }).fill(authenticator.generate(secret) === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.waitForLoadState();
      assert.match(await page.locator('main').innerText(), /not right/);
      await check('set-up page, wrong code');
      await page.getByRole('textbox', { name: 'Code from the app' }).fill(authenticator.generate(secret));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.waitForLoadState();
      await check('recovery codes');

      await context.clearCookies();
      await signIn();
      await check('sign-in, code asked for');
      await page.getByRole('textbox', { name: 'Code' }).fill(authenticator.clone({ epoch: Date.now() + TOTP_STEP_MS }).generate(secret));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/admin/`);
      await check('signed in after the second step');
    } finally {
      await context.close();
    }
  });
});
