import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/support/smtp.ts';
import { MAIL_QUEUE_LIFETIME_MS, MAIL_RETRY_FIRST_DELAY_MS } from '../domain/mail.ts';
import { createMailTransport } from '../mail/transport.ts';
import { createDb } from '../storage/db.ts';
import { claimDueMail, listOutboxMail } from '../storage/outbox.ts';
import { inviteUser } from './accounts.ts';
import { deliverDueMail, MAIL_CLAIM_LEASE_MS, queueMail } from './outbox.ts';

const ORIGIN = 'http://news.example.org';
const FROM = 'Newsroom <desk@news.example.org>';
const T0 = new Date('2026-03-02T09:00:00.000Z');
/** The lease of a sender that crashes in a test: long enough to look while it lasts, short enough to wait out. */
const CRASHED_LEASE_MS = 2_000;
const at = (ms: number) => () => new Date(T0.getTime() + ms);

async function queue(db: TestDatabase['db'], to: string, now = T0): Promise<number> {
  return db.transaction().execute((tx) => queueMail(tx, { kind: 'invitation', to, subject: `Hello ${to}`, text: `For ${to}` }, ORIGIN, now));
}

describe('the outbox', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let transport: ReturnType<typeof createMailTransport>;
  before(async () => {
    smtp = await startTestSmtpServer();
  });
  after(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    database = await createTestDatabase();
    smtp.received.length = 0;
    smtp.answers.length = 0;
    transport = createMailTransport({ kind: 'smtp', url: smtp.url, from: FROM });
  });
  afterEach(async () => {
    transport.close();
    await database.destroy();
  });

  it('queues a message in the transaction of its cause, and none when the cause fails', async () => {
    const { user } = await inviteUser(database.db, { email: 'Ivan@Example.org', displayName: 'Ivan', role: 'author' }, T0, { origin: ORIGIN });
    let mail = await listOutboxMail(database.db, 10);
    assert.deepEqual(
      mail.map((m) => [m.kind, m.to, m.status]),
      [['invitation', user.email, 'queued']],
    );
    await assert.rejects(
      inviteUser(database.db, { email: 'ivan@example.org', displayName: 'Ivan again', role: 'author' }, T0, { origin: ORIGIN }),
      /already an account/,
    );
    await assert.rejects(
      database.db.transaction().execute(async (tx) => {
        await queueMail(tx, { kind: 'invitation', to: 'x@example.org', subject: 'x', text: 'x' }, ORIGIN, T0);
        throw new Error('the cause failed');
      }),
      /the cause failed/,
    );
    mail = await listOutboxMail(database.db, 10);
    assert.equal(mail.length, 1, 'a failed cause leaves no mail behind');
  });

  it('delivers a message to the SMTP server once, and empties its body', async () => {
    await inviteUser(database.db, { email: 'ivan@example.org', displayName: 'Ivan', role: 'author' }, T0, { origin: ORIGIN });
    const round = await deliverDueMail(database.db, transport, at(0));
    assert.equal(round.sent, 1);
    const [message] = await smtp.waitFor(1);
    assert.equal(message?.to && 'text' in message.to ? message.to.text : '', 'ivan@example.org');
    assert.equal(message?.from?.text, '"Newsroom" <desk@news.example.org>');
    assert.match(message?.subject ?? '', /invited/);
    assert.match(message?.text ?? '', /http:\/\/news\.example\.org\/admin\/setup\/\?token=[\w-]{43}/);
    assert.match(message?.messageId ?? '', /@news\.example\.org>$/);
    assert.equal((await deliverDueMail(database.db, transport, at(1000))).sent, 0, 'nothing is sent twice');
    assert.equal(smtp.received.length, 1);
    const [row] = await listOutboxMail(database.db, 1);
    assert.equal(row?.status, 'sent');
    const stored = await database.db.selectFrom('outbox').select('body_text').executeTakeFirstOrThrow();
    assert.equal(stored.body_text, '', 'the link no longer sits in the database');
  });

  it('tries again, later and later, when the server answers 4xx, and delivers once it accepts', async () => {
    await queue(database.db, 'a@example.org');
    smtp.answers.push({ code: 451, text: 'Try again later' }, { code: 421, text: 'Too busy' });
    let round = await deliverDueMail(database.db, transport, at(0));
    assert.deepEqual([round.sent, round.retried], [0, 1]);
    let [row] = await listOutboxMail(database.db, 1);
    assert.equal(row?.status, 'queued');
    assert.match(row?.lastError ?? '', /451 Try again later/);
    assert.equal(row?.dueAt.getTime(), T0.getTime() + MAIL_RETRY_FIRST_DELAY_MS);
    assert.equal((await deliverDueMail(database.db, transport, at(MAIL_RETRY_FIRST_DELAY_MS - 1))).retried, 0, 'not before its time');
    round = await deliverDueMail(database.db, transport, at(MAIL_RETRY_FIRST_DELAY_MS));
    assert.equal(round.retried, 1);
    [row] = await listOutboxMail(database.db, 1);
    assert.equal(row?.dueAt.getTime(), T0.getTime() + 3 * MAIL_RETRY_FIRST_DELAY_MS, 'the second wait is twice the first');
    round = await deliverDueMail(database.db, transport, at(3 * MAIL_RETRY_FIRST_DELAY_MS));
    assert.equal(round.sent, 1);
    assert.equal(smtp.received.length, 1);
    [row] = await listOutboxMail(database.db, 1);
    assert.deepEqual([row?.status, row?.attempts], ['sent', 3]);
    assert.equal((await deliverDueMail(database.db, transport, at(24 * 3600_000))).sent, 0);
    assert.equal(smtp.received.length, 1, 'delivered once');
  });

  it('tries again while the server is down, and gives up after five days', async () => {
    await queue(database.db, 'down@example.org');
    const closed = createMailTransport({ kind: 'smtp', url: 'smtp://127.0.0.1:1', from: FROM });
    try {
      assert.equal((await deliverDueMail(database.db, closed, at(0))).retried, 1);
      const [row] = await listOutboxMail(database.db, 1);
      assert.equal(row?.status, 'queued');
      assert.match(row?.lastError ?? '', /ECONNREFUSED|connect/i);
      assert.equal((await deliverDueMail(database.db, closed, at(MAIL_QUEUE_LIFETIME_MS))).failed, 1);
      const [given] = await listOutboxMail(database.db, 1);
      assert.equal(given?.status, 'failed');
      assert.match(given?.lastError ?? '', /Gave up after 2 attempts/);
    } finally {
      closed.close();
    }
  });

  it('gives up at once when the server answers 5xx, keeping its answer', async () => {
    await queue(database.db, 'nobody@example.org');
    smtp.answers.push({ code: 550, text: 'No such mailbox' });
    const round = await deliverDueMail(database.db, transport, at(0));
    assert.deepEqual([round.sent, round.retried, round.failed], [0, 0, 1]);
    const [row] = await listOutboxMail(database.db, 1);
    assert.equal(row?.status, 'failed');
    assert.match(row?.lastError ?? '', /550 No such mailbox/);
    assert.equal((await deliverDueMail(database.db, transport, at(24 * 3600_000))).sent, 0, 'never tried again');
    assert.equal(smtp.received.length, 0);
  });

  it('lets no header in through an address, a subject or a name', async () => {
    const queueTo = (to: string, subject = 'Hello', unsubscribeUrl?: string) =>
      database.db.transaction().execute((tx) => queueMail(tx, { kind: 'comment_follow_up', to, subject, text: 'Body', unsubscribeUrl }, ORIGIN, T0));
    for (const to of [
      'a@example.org\r\nBcc: victim@example.net',
      'a@example.org\nBcc: victim@example.net',
      'a@example.org, victim@example.net',
      'Name <a@example.org>',
      'a@example.org\u0000',
      '"x\r\ny"@example.org',
    ]) {
      await assert.rejects(queueTo(to), /one plain email address/, JSON.stringify(to));
    }
    await assert.rejects(queueTo('a@example.org', 'x', 'http://news.example.org/u\r\nBcc: victim@example.net'), /plain http/);
    await queueTo('a@example.org', 'Comment by Eve\r\nBcc: victim@example.net\r\n\r\nInjected body', `${ORIGIN}/subscriptions/unsubscribe/?token=1.u.2.x`);
    await queueTo('b@example.org', 'Name\u2028Bcc: victim@example.net\u0085X-Evil: 1');
    assert.equal((await deliverDueMail(database.db, transport, at(0))).sent, 2);
    const [first, second] = await smtp.waitFor(2);
    for (const mail of [first, second]) {
      assert.equal(mail?.bcc, undefined);
      assert.equal(mail?.headers.has('x-evil'), false);
      assert.equal(mail?.headerLines.filter((h) => h.key === 'to').length, 1);
      assert.doesNotMatch(mail?.text ?? '', /Injected body/);
    }
    assert.equal(first?.subject, 'Comment by Eve Bcc: victim@example.net Injected body');
    assert.equal(second?.subject, 'Name Bcc: victim@example.net X-Evil: 1');
    assert.equal(first?.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('two senders on one database never send one message twice', async () => {
    const COUNT = 30;
    for (let i = 0; i < COUNT; i++) await queue(database.db, `reader${i}@example.org`);
    const other = createDb(
      database.dialect.name === 'sqlite' ? { kind: 'sqlite', path: database.url.replace(/^file:/, '') } : { kind: 'postgres', url: database.url, poolSize: 5 },
    );
    const otherTransport = createMailTransport({ kind: 'smtp', url: smtp.url, from: FROM });
    try {
      const rounds = await Promise.all([
        deliverDueMail(database.db, transport, at(0)),
        deliverDueMail(other.db, otherTransport, at(0)),
        deliverDueMail(database.db, transport, at(0)),
        deliverDueMail(other.db, otherTransport, at(0)),
      ]);
      const sent = rounds.reduce((n, r) => n + r.sent, 0);
      // A sender that lost every race stops early; what is left goes in the next round.
      const rest = await deliverDueMail(database.db, transport, at(0));
      assert.equal(sent + rest.sent, COUNT);
      assert.equal(smtp.received.length, COUNT);
      const recipients = smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
      assert.equal(new Set(recipients).size, COUNT, 'each message arrived once');
      assert.equal(new Set(smtp.received.map((m) => m.messageId)).size, COUNT);
      assert.ok(rounds.filter((r) => r.sent > 0).length >= 2, `both senders worked: ${rounds.map((r) => r.sent).join(', ')}`);
    } finally {
      otherTransport.close();
      await other.close();
    }
  });

  it('sends a message whose sender crashed once its claim has run out', async () => {
    await queue(database.db, 'crash@example.org');
    // A sender claims the message (for two seconds, not to wait ten minutes here) and dies before it sends it or records anything.
    const claimed = await claimDueMail(database.db, 'dead-sender', T0, CRASHED_LEASE_MS);
    assert.ok(claimed);
    // The lease is on the database's clock: a sender whose own clock is far ahead cannot take it early.
    assert.equal((await deliverDueMail(database.db, transport, at(MAIL_CLAIM_LEASE_MS * 2))).sent, 0, 'held while the claim lasts');
    await new Promise((resolve) => setTimeout(resolve, CRASHED_LEASE_MS + 100));
    assert.equal((await deliverDueMail(database.db, transport, at(0))).sent, 1);
    assert.equal(smtp.received.length, 1);
    const [row] = await listOutboxMail(database.db, 1);
    assert.deepEqual([row?.status, row?.attempts], ['sent', 2]);
  });
});

describe('mail without an SMTP server', () => {
  let database: TestDatabase;
  let directory: string;
  before(async () => {
    database = await createTestDatabase();
    directory = join(mkdtempSync(join(tmpdir(), 'wirepress-mail-')), 'mail');
  });
  after(async () => {
    await database.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is written as .eml files that a mail program opens', async () => {
    const transport = createMailTransport({ kind: 'files', directory, from: FROM });
    try {
      const { token } = await inviteUser(database.db, { email: 'ivan@example.org', displayName: 'Ivan', role: 'editor' }, T0, { origin: ORIGIN });
      assert.equal(existsSync(directory), false);
      assert.equal((await deliverDueMail(database.db, transport, at(0))).sent, 1);
      const files = readdirSync(directory);
      assert.deepEqual(files, ['000001.eml']);
      const mail = await simpleParser(readFileSync(join(directory, files[0]!)));
      assert.equal(mail.subject, 'You have been invited to Wirepress');
      assert.ok(mail.text?.includes(`${ORIGIN}/admin/setup/?token=${token}`));
      assert.equal(mail.from?.text, '"Newsroom" <desk@news.example.org>');
      assert.equal(transport.description, `files in ${directory}`);
    } finally {
      transport.close();
    }
  });
});
