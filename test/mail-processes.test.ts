import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queueMail } from '../src/services/outbox.ts';
import { toDbTime } from '../src/storage/codecs.ts';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from './support/database.ts';
import { startSite, type RunningSite } from './support/process.ts';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

/** Messages queued while the mail server is away. */
const QUEUED = 30;
/** How long the processes get to deliver once the server is back: a start-up, and a look at the outbox. */
const DELIVERY_LIMIT_MS = 45_000;

async function until(limitMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  do {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  return false;
}

describe('the outbox across processes, with the mail server away and back', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  let smtp: TestSmtpServer;
  let proxy: TcpProxy;
  const sites: RunningSite[] = [];

  before(async () => {
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
    await migrateToLatest(database);
    smtp = await startTestSmtpServer();
    // The processes reach the mail server through a forwarder the test can cut: the server "goes away".
    proxy = await startTcpProxy(Number(new URL(smtp.url).port));
  });
  after(async () => {
    for (const site of sites) if (site.child.exitCode === null) site.child.kill('SIGKILL');
    await Promise.all(sites.map((s) => s.exited));
    await proxy?.close();
    await smtp?.close();
    await database?.close();
    await place?.drop();
  });

  it('keeps what it cannot send, and once the server is back every message arrives once, whichever process sends it', async () => {
    await proxy.cut();
    for (let i = 0; i < QUEUED; i++) {
      await queueMail(
        database.db,
        { kind: 'password_reset', to: `reader${i}@example.org`, subject: `Message ${i}`, text: `Body ${i}` },
        'http://127.0.0.1',
        new Date(),
      );
    }
    const env = {
      DATABASE_URL: place.url,
      SMTP_URL: `smtp://127.0.0.1:${proxy.port}`,
      MAIL_FROM: 'Wirepress <wirepress@example.org>',
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
    };
    // Two processes look at the outbox as they start, find the server gone, and keep every message for later.
    sites.push(...(await Promise.all([startSite(env), startSite(env)])));
    const outbox = () => database.db.selectFrom('outbox').select(['status', 'attempts', 'message_id']).execute();
    assert.ok(await until(DELIVERY_LIMIT_MS, async () => (await outbox()).every((m) => m.attempts >= 1)), 'every message was tried while the server was away');
    assert.equal(smtp.received.length, 0);
    assert.ok(
      (await outbox()).every((m) => m.status === 'queued'),
      'nothing given up or lost',
    );

    await proxy.restore();
    // The minute before the first retry passes; a third process starts and looks at once, and
    // the first two look again on their own timers: three senders race for the same messages.
    await database.db
      .updateTable('outbox')
      .set({ due_at: toDbTime(new Date()) })
      .where('status', '=', 'queued')
      .execute();
    sites.push(await startSite(env));
    assert.ok(
      await until(DELIVERY_LIMIT_MS, async () => (await outbox()).every((m) => m.status === 'sent')),
      `every message sent: ${JSON.stringify(await outbox())}`,
    );
    const received = await smtp.waitFor(QUEUED);
    assert.equal(received.length, QUEUED, 'no message sent twice');
    assert.equal(new Set(received.map((m) => m.messageId)).size, QUEUED);
    const expectedIds = new Set((await outbox()).map((m) => m.message_id));
    assert.deepEqual(new Set(received.map((m) => m.messageId)), expectedIds);
  });

  it('keeps what every sender held when they are all killed with SIGKILL, and a new process sends it once', async () => {
    await proxy.cut();
    for (let i = 0; i < QUEUED; i++) {
      await queueMail(
        database.db,
        { kind: 'password_reset', to: `late${i}@example.org`, subject: `Late ${i}`, text: `Body ${i}` },
        'http://127.0.0.1',
        new Date(),
      );
    }
    const late = () => database.db.selectFrom('outbox').select(['status', 'attempts', 'message_id']).where('recipient', 'like', 'late%').execute();
    // Woken by nothing in their own process, the running senders find these on their next look
    // (at most 30 s), fail against the missing server, and are killed mid-way.
    assert.ok(await until(DELIVERY_LIMIT_MS, async () => (await late()).some((m) => m.attempts >= 1)), 'the senders tried them before the crash');
    for (const site of sites) site.child.kill('SIGKILL');
    await Promise.all(sites.map((s) => s.exited));
    assert.ok(
      (await late()).every((m) => m.status === 'queued'),
      'nothing lost or given up in the crash',
    );

    await proxy.restore();
    // Their retries fall due, and any claim a killed sender held runs out (its lease is on the database's clock).
    await database.db
      .updateTable('outbox')
      .set({ due_at: toDbTime(new Date()), lease_until: null })
      .where('status', '=', 'queued')
      .execute();
    const before = smtp.received.length;
    sites.push(
      await startSite({
        DATABASE_URL: place.url,
        SMTP_URL: `smtp://127.0.0.1:${proxy.port}`,
        MAIL_FROM: 'Wirepress <wirepress@example.org>',
        WEB_CONCURRENCY: '1',
        LOG_LEVEL: 'warn',
      }),
    );
    assert.ok(await until(DELIVERY_LIMIT_MS, async () => (await late()).every((m) => m.status === 'sent')), 'every message sent after the crash');
    const received = (await smtp.waitFor(before + QUEUED)).slice(before);
    assert.equal(received.length, QUEUED);
    assert.deepEqual(new Set(received.map((m) => m.messageId)), new Set((await late()).map((m) => m.message_id)));
  });
});
