import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { moderateComment } from '../../src/services/comments.ts';
import { listOutboxMail } from '../../src/storage/outbox.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { aPost } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`http://127\\.0\\.0\\.1:\\d+${path.replace(/[/?]/g, '\\$&')}\\?token=[\\w.-]+`).exec(text ?? '');
  assert.ok(match, `a ${path} link in: ${text}`);
  return match[0];
}

describe('a reader in Chromium: subscribe, confirm from the mail, hear of a reply, unsubscribe', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let article = '';
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url, seed: false });
    const post = await aPost(server.database.db, { title: 'Council meets on the bridge', publishedAt: new Date('2024-04-02T08:00:00Z') });
    article = `${server.url}/2024/04/02/${post.slug}/`;
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  /** axe runs as a script in the page, so its checks use a second browser with JavaScript on; the journey itself has none. */
  const axeOf = async (url: string) => {
    const withScripts = await browser.newContext();
    try {
      const tab = await withScripts.newPage();
      await tab.goto(url);
      return await axeViolations(tab);
    } finally {
      await withScripts.close();
    }
  };
  const outboxTo = async (email: string) => (await listOutboxMail(server.database.db, 100)).filter((m) => m.to === email).map((m) => m.kind);
  const approveCommentBy = async (email: string) => {
    const row = await server.database.db.selectFrom('comments').select('id').where('author_email', '=', email).executeTakeFirstOrThrow();
    await moderateComment(server.database.db, row.id, 'approve', 'test', new Date(), { origin: server.url });
  };

  it('works through the real messages, and every page passes axe', async () => {
    await page.goto(article);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Will the bridge close during the works?');
    await page.getByRole('textbox', { name: 'Name' }).fill('Mira');
    await page.getByRole('textbox', { name: 'Email' }).fill('mira@example.org');
    await page.getByLabel('Notify me of follow-up comments by email.').check();
    await page.getByRole('button', { name: 'Post Comment' }).click();
    // Typed faster than a person types: held, and nothing is mailed while it waits.
    assert.match(await page.locator('.notice').innerText(), /awaiting moderation/);
    assert.deepEqual(await outboxTo('mira@example.org'), []);
    await approveCommentBy('mira@example.org');

    const [confirmation] = await smtp.waitFor(1);
    await page.goto(linkIn(confirmation?.text, '/subscriptions/confirm/'));
    assert.match(await page.locator('main').innerText(), /Send follow-up comments on “Council meets on the bridge” to mira@example\.org\?/);
    assert.deepEqual(await axeOf(page.url()), []);
    await page.getByRole('button', { name: 'Yes, send them' }).click();
    assert.match(await page.locator('main').innerText(), /your subscription is confirmed/);

    const other = await context.browser()!.newContext({ javaScriptEnabled: false });
    const otherPage = await other.newPage();
    await otherPage.goto(article);
    await otherPage.getByRole('textbox', { name: 'Comment' }).fill('Only at night, the notice says.');
    await otherPage.getByRole('textbox', { name: 'Name' }).fill('Jon');
    await otherPage.getByRole('textbox', { name: 'Email' }).fill('jon@example.org');
    await otherPage.getByRole('button', { name: 'Post Comment' }).click();
    await other.close();
    assert.deepEqual(await outboxTo('mira@example.org'), ['subscription_confirmation'], 'no follow-up before the reply is approved');
    await approveCommentBy('jon@example.org');

    const [, followUp] = await smtp.waitFor(2);
    assert.equal(followUp?.to && 'text' in followUp.to ? followUp.to.text : '', 'mira@example.org');
    assert.match(followUp?.text ?? '', /Only at night, the notice says\./);
    await page.goto(linkIn(followUp?.text, '/subscriptions/unsubscribe/'));
    assert.deepEqual(await axeOf(page.url()), []);
    assert.deepEqual(await axeOf(`${server.url}/subscriptions/confirm/?token=forged`), []);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    assert.match(await page.locator('main').innerText(), /You are unsubscribed/);
  });
});
