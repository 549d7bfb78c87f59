import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { createApplicationPassword } from '../src/services/application-passwords.ts';
import { addWebhookEndpoint, queueWebhookEvent } from '../src/services/webhooks.ts';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { aUser } from './support/admin.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from './support/database.ts';
import { startSite, type RunningSite } from './support/process.ts';

/** Events queued while no process runs: both processes find them at start and compete for them. */
const QUEUED = 24;
/** Posts each process publishes while both run. */
const PUBLISHED_EACH = 4;

describe('webhooks sent by two processes on one database', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  let receiver: Server;
  let receiverUrl = '';
  const secret = { value: '' };
  const received: Array<{ delivery: string; event: string; valid: boolean }> = [];
  const nodes: RunningSite[] = [];

  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['wirepress-signature'] ?? ''));
        const expected = match ? createHmac('sha256', secret.value).update(`${match[1]}.${body}`).digest() : Buffer.alloc(32);
        received.push({
          delivery: String(req.headers['wirepress-delivery']),
          event: String(req.headers['wirepress-event']),
          valid: !!match && timingSafeEqual(expected, Buffer.from(match[2]!, 'hex')),
        });
        // A receiver that takes a moment, so that both senders are at work at once.
        setTimeout(() => res.writeHead(200).end(), 20);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
    await migrateToLatest(database);
  });
  after(async () => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
    await Promise.all(nodes.map((node) => node.exited));
    await database?.close();
    await place?.drop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('delivers every event exactly once, whichever process sends it', async () => {
    const db = database.db;
    const endpointId = await addWebhookEndpoint(db, { url: receiverUrl, events: ['post.published', 'comment.approved'] }, new Date());
    secret.value = (await db.selectFrom('webhook_endpoints').select('secret').where('id', '=', endpointId).executeTakeFirstOrThrow()).secret;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < QUEUED; i += 1) await queueWebhookEvent(tx, 'post.published', { id: 1_000 + i }, new Date());
    });
    const env = { DATABASE_URL: place.url, WEB_CONCURRENCY: '1', LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: '1' };
    nodes.push(...(await Promise.all([startSite(env), startSite(env)])));

    const editor = await aUser(db, 'editor');
    const { password } = await createApplicationPassword(db, editor, 'desk tool', new Date());
    for (let i = 0; i < PUBLISHED_EACH; i += 1) {
      for (const node of nodes) {
        const wp = new WPAPI({ endpoint: `${node.url}/wp-json` }).auth({ username: editor.email, password });
        await wp.posts().create({ title: `Story ${i} from ${node.url}`, content: 'Text.', status: 'publish' });
      }
    }

    const expected = QUEUED + PUBLISHED_EACH * nodes.length;
    for (let i = 0; i < 400 && received.length < expected; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(received.length, expected, 'every delivery arrived');
    assert.equal(new Set(received.map((r) => r.delivery)).size, expected, 'none arrived twice');
    assert.ok(
      received.every((r) => r.valid && r.event === 'post.published'),
      'each signed with the endpoint’s secret',
    );
    // A sender records a delivery just after the receiver has answered it: wait for the records.
    const settled = async () => {
      const rows = await db.selectFrom('webhook_deliveries').select(['id', 'last_status', 'claim_token']).execute();
      return rows.length === expected && rows.every((row) => row.last_status === 200 && row.claim_token === null);
    };
    for (let i = 0; i < 200 && !(await settled()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(await settled(), 'every delivery recorded as delivered, its claim released');
    // Nothing more arrives once all are settled.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(received.length, expected);
  });
});
