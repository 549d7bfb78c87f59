import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { parse } from 'node-html-parser';
import { aPost, aSetting } from '../../../test/support/factories.ts';
import { textOf } from '../../../test/support/html.ts';
import { postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts';
import { aUser } from '../../../test/support/admin.ts';
import { moderateComment } from '../../services/comments.ts';
import { exportCommenterData, eraseCommenterData } from '../../services/privacy.ts';
import { listOutboxMail } from '../../storage/outbox.ts';
import { MAIL_CLAIM_LEASE_MS } from '../../services/outbox.ts';
import { listSubscriptionsByEmail } from '../../storage/subscriptions.ts';

const READER = 'rosa@example.org';

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`http://127\\.0\\.0\\.1:\\d+${path.replace(/[/?]/g, '\\$&')}\\?token=[\\w.-]+`).exec(text ?? '');
  assert.ok(match, `a ${path} link in: ${text}`);
  return match[0];
}

const toOf = (mail: ParsedMail | undefined) => (mail?.to && 'text' in mail.to ? mail.to.text : '');

describe('subscriptions from the reply form', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let post: { id: number; slug: string; publishedAt: Date };
  let path: string;
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url, seed: false });
    // Comments are published at once here; held comments have a test of their own below.
    await aSetting(server.database.db, 'comment_require_previously_approved', false);
    post = await aPost(server.database.db, { title: 'Budget vote tonight', publishedAt: new Date('2024-03-01T08:00:00Z') });
    const d = post.publishedAt;
    path = `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${post.slug}/`;
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.answers.length = 0;
  });

  const comment = (fields: Record<string, string>) =>
    postForm(server, `${path}comments`, { comment: `A thought ${Math.random()}`, author: 'Reader', email: 'someone@example.org', ...fields });
  const received = () => smtp.received.length;
  /** Mail delivery runs on its own; waits until the outbox has nothing queued and due, nor being sent (a claim moves it on by its lease). */
  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      const now = Date.now();
      const busy = (due: Date) => due.getTime() <= now || due.getTime() >= now + MAIL_CLAIM_LEASE_MS - 60_000;
      const queued = (await listOutboxMail(server.database.db, 500)).filter((m) => m.status === 'queued' && busy(m.dueAt));
      if (queued.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('mail still queued after 5 s');
  };

  it('offers both boxes under the reply form', async () => {
    const page = parse(await (await fetch(`${server.url}${path}`)).text());
    assert.match(textOf(page.querySelector('label[for="subscribe_comments"]')), /Notify me of follow-up comments by email/);
    assert.match(textOf(page.querySelector('label[for="subscribe_posts"]')), /Notify me of new posts by email/);
  });

  it('confirms by a click (a GET only asks), mails follow-ups with RFC 8058 headers, and one POST unsubscribes', async () => {
    const start = received();
    const res = await comment({ author: 'Rosa', email: READER, subscribe_comments: 'yes' });
    assert.equal(res.status, 303);
    const [confirmation] = (await smtp.waitFor(start + 1)).slice(start);
    assert.equal(toOf(confirmation), READER);
    assert.match(confirmation?.subject ?? '', /confirm your subscription/);
    assert.equal(confirmation?.headers.get('list-unsubscribe'), undefined, 'the confirmation is not a list message');
    const [request] = await listSubscriptionsByEmail(server.database.db, READER, 10);
    assert.equal(request?.status, 'requested');
    assert.ok(request?.commentId, 'the consent names the comment it came with');

    // Another comment before the click: nothing goes to Rosa.
    await comment({ author: 'Bo', email: 'bo@example.org' });
    await settle();
    assert.equal(received(), start + 1);

    const link = linkIn(confirmation?.text, '/subscriptions/confirm/');
    const ask = await fetch(link);
    assert.equal(ask.status, 200);
    assert.equal(ask.headers.get('cache-control'), 'no-store');
    assert.match(textOf(parse(await ask.text()).querySelector('main')), /Send follow-up comments on “Budget vote tonight” to rosa@example.org\?/);
    assert.equal((await listSubscriptionsByEmail(server.database.db, READER, 10))[0]?.status, 'requested', 'a GET confirms nothing');
    const confirmed = await postForm(server, link.slice(server.url.length), {});
    assert.equal(confirmed.status, 200);
    assert.match(textOf(parse(await confirmed.text()).querySelector('main')), /your subscription is confirmed/);
    assert.equal((await listSubscriptionsByEmail(server.database.db, READER, 10))[0]?.status, 'confirmed');

    // Her own comment is not mailed to her; someone else's is, with the unsubscribe headers.
    await comment({ author: 'Rosa', email: READER });
    await settle();
    assert.equal(received(), start + 1);
    await comment({ author: 'Carl <carl@evil.example>', email: 'carl@example.org', comment: 'I disagree.' });
    const [followUp] = (await smtp.waitFor(start + 2)).slice(start + 1);
    assert.equal(toOf(followUp), READER);
    assert.match(followUp?.subject ?? '', /New comment on “Budget vote tonight”/);
    assert.match(followUp?.text ?? '', /I disagree\./);
    const unsubscribe = linkIn(followUp?.text, '/subscriptions/unsubscribe/');
    const header = (name: string) => followUp?.headerLines.find((h) => h.key === name)?.line.replace(/\r\n\s+/g, ' ');
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    assert.equal(header('list-unsubscribe'), `List-Unsubscribe: <${unsubscribe}>`);

    // RFC 8058: a mail program POSTs from elsewhere, with no cookie and no Origin of ours.
    const oneClick = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.status, 200);
    const [ended] = await listSubscriptionsByEmail(server.database.db, READER, 10);
    assert.equal(ended?.status, 'unsubscribed');
    assert.ok(ended?.confirmedAt && ended.unsubscribedAt, 'the record of consent stays');
    await comment({ author: 'Dee', email: 'dee@example.org' });
    await settle();
    assert.equal(received(), start + 2);
    assert.match(textOf(parse(await (await fetch(unsubscribe)).text()).querySelector('main')), /Stop sending/);
    assert.match(textOf(parse(await (await postForm(server, unsubscribe.slice(server.url.length), {})).text()).querySelector('main')), /unsubscribed already/);
  });

  it('refuses links that are forged, cut short or meant for something else', async () => {
    for (const token of ['', '1.c.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '1.u.9999999999', 'x'.repeat(500), '<script>']) {
      const res = await fetch(`${server.url}/subscriptions/confirm/?token=${encodeURIComponent(token)}`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(await res.text(), /<script>/);
    }
    const forged = await postForm(server, '/subscriptions/unsubscribe/?token=1.u.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {});
    assert.equal(forged.status, 404);
  });

  it('never records or mails anything for a comment that goes to spam', async () => {
    await aSetting(server.database.db, 'comment_disallowed_keys', ['casino']);
    const start = received();
    await comment({ author: 'Spammer', email: 'spam@example.org', comment: 'Best casino here', subscribe_comments: 'yes', subscribe_posts: 'yes' });
    await settle();
    assert.equal(received(), start);
    assert.deepEqual(await listSubscriptionsByEmail(server.database.db, 'spam@example.org', 10), []);
    await aSetting(server.database.db, 'comment_disallowed_keys', []);
  });

  it('stops mailing an address that the server refuses for good (5xx)', async () => {
    const email = 'gone@example.org';
    let start = received();
    await comment({ author: 'Gone', email, subscribe_comments: 'yes' });
    const [confirmation] = (await smtp.waitFor(start + 1)).slice(start);
    await postForm(server, linkIn(confirmation?.text, '/subscriptions/confirm/').slice(server.url.length), {});
    smtp.answers.push({ code: 550, text: 'No such user' });
    await comment({ author: 'Eve', email: 'eve@example.org' });
    const refused = async () => (await listOutboxMail(server.database.db, 50)).some((m) => m.to === email && m.status === 'failed');
    for (let i = 0; i < 100 && !(await refused()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(await refused(), 'given up on the 550');
    start = received();
    await comment({ author: 'Fay', email: 'fay@example.org' });
    await settle();
    assert.equal(smtp.received.slice(start).filter((m) => toOf(m) === email).length, 0);
  });

  it('asks for a held comment’s confirmation only once a moderator approves it', async () => {
    await aSetting(server.database.db, 'comment_require_previously_approved', true);
    const email = 'held@example.org';
    const start = received();
    const res = await comment({ author: 'Held', email, subscribe_posts: 'yes' });
    assert.match(res.headers.get('location') ?? '', /comment=held/);
    await settle();
    assert.equal(smtp.received.slice(start).filter((m) => toOf(m) === email).length, 0);
    const [request] = await listSubscriptionsByEmail(server.database.db, email, 10);
    assert.equal(request?.confirmationSentAt, null);
    await moderateComment(server.database.db, request!.commentId!, 'approve', 'test', new Date(), { origin: server.url });
    await moderateComment(server.database.db, request!.commentId!, 'unapprove', 'test', new Date(), { origin: server.url });
    await moderateComment(server.database.db, request!.commentId!, 'approve', 'test', new Date(), { origin: server.url });
    const mail = (await listOutboxMail(server.database.db, 100)).filter((m) => m.to === email);
    assert.deepEqual(
      mail.map((m) => m.kind),
      ['subscription_confirmation'],
      'approved twice, confirmed once',
    );
    await aSetting(server.database.db, 'comment_require_previously_approved', false);
  });

  it('exports subscriptions with their consent, and erases them with the comments', async () => {
    const exported = await exportCommenterData(server.database.db, READER, new Date());
    assert.ok(exported.subscriptions.length >= 1);
    assert.equal(exported.subscriptions[0]?.kind, 'comments');
    assert.ok(exported.subscriptions[0]?.requestedAt instanceof Date);
    await eraseCommenterData(server.database.db, READER, 'test', new Date());
    assert.deepEqual(await listSubscriptionsByEmail(server.database.db, READER, 10), []);
  });
});

describe('mail staff expect', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url, seed: false });
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('mails the post’s author when a comment is published, and moderators one digest for a burst of held comments', async () => {
    const db = server.database.db;
    const editor = await aUser(db, 'editor', 'Erin Editor');
    const author = await aUser(db, 'author', 'Aki Author');
    const authorRow = await db.selectFrom('users').select('author_id').where('id', '=', author.id).executeTakeFirstOrThrow();
    const post = await aPost(db, { title: 'Harbour strike', publishedAt: new Date('2024-03-02T08:00:00Z') });
    await db.updateTable('posts').set({ author_id: authorRow.author_id }).where('id', '=', post.id).execute();
    const d = post.publishedAt;
    const path = `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${post.slug}/comments`;
    // Three first-time commenters in a row: all held.
    for (const n of [1, 2, 3]) {
      const res = await postForm(server, path, { comment: `Held number ${n}`, author: `Reader ${n}`, email: `r${n}@example.org` });
      assert.match(res.headers.get('location') ?? '', /comment=held/);
    }
    const toEditor = (await listOutboxMail(db, 100)).filter((m) => m.to === editor.email && m.kind === 'comments_held');
    assert.equal(toEditor.length, 2, 'one digest at once, the next gathering the rest');
    const [first] = await smtp.waitFor(1);
    assert.match(first?.text ?? '', /Held number 1/);
    assert.match(first?.text ?? '', /\/admin\/comments\/\?status=pending/);
    assert.ok(
      toEditor.some((m) => m.dueAt.getTime() - m.createdAt.getTime() >= 4 * 60_000),
      'the second waits a few minutes',
    );

    const [held] = await db.selectFrom('comments').select('id').where('author_email', '=', 'r2@example.org').execute();
    await moderateComment(db, held!.id, 'approve', 'test', new Date(), { origin: server.url });
    const toAuthor = (await listOutboxMail(db, 100)).filter((m) => m.to === author.email);
    assert.deepEqual(
      toAuthor.map((m) => m.kind),
      ['comment_published'],
    );
  });
});
