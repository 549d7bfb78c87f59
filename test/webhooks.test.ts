import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WPAPI from 'wpapi';
import { WebhookDeliveryError } from '../src/domain/webhooks.ts';
import { createWebhookSender, isPrivateAddress } from '../src/jobs/webhook-sender.ts';
import { createApplicationPassword } from '../src/services/application-passwords.ts';
import { addWebhookEndpoint, deliverDueWebhooks, queueWebhookEvent } from '../src/services/webhooks.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { createDb, type Database } from '../src/storage/db.ts';
import { aUser, signIn, type AdminSession } from './support/admin.ts';
import { aComment, aPost, aSetting } from './support/factories.ts';
import { startTestServer, type TestServer } from './support/server.ts';

interface Received {
  event: string;
  delivery: string;
  body: string;
  validSignature: boolean;
  answered: number;
}

/** A webhook receiver on loopback, as a receiving service writes one: it checks each signature against the secret. */
async function startReceiver(answers: number[]): Promise<{ url: string; received: Received[]; secret: { value: string }; close(): Promise<void> }> {
  const received: Received[] = [];
  const secret = { value: '' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers['wirepress-signature'] ?? '');
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      const expected = match ? createHmac('sha256', secret.value).update(`${match[1]}.${body}`).digest() : Buffer.alloc(32);
      const validSignature = !!match && timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
      const answered = answers.shift() ?? 200;
      received.push({ event: String(req.headers['wirepress-event']), delivery: String(req.headers['wirepress-delivery']), body, validSignature, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    secret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits, bounded in count and time, until `check` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`never happened: ${what}`);
}

describe('webhooks', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: AdminSession;
  /** The delivery job's clock: moved on to reach a retry without waiting for it. */
  let clockOffsetMs = 0;

  before(async () => {
    receiver = await startReceiver([500]);
    server = await startTestServer({ seed: false, webhooks: { now: () => new Date(Date.now() + clockOffsetMs) } });
    owner = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('refuses addresses that are not http(s), with the address kept beside the message, and needs an event', async () => {
    for (const url of ['ftp://example.org/x', 'javascript:alert(1)', 'https://user:pw@example.org/', 'not a url']) {
      const res = await owner.post('/admin/webhooks/', { url, 'event-post.published': 'on' });
      assert.equal(res.status, 422, url);
      assert.ok((await res.text()).includes('id="url-error"'), url);
    }
    const noEvent = await owner.post('/admin/webhooks/', { url: 'https://tools.example.org/hook' });
    assert.equal(noEvent.status, 422);
    const editor = await signIn(server, await aUser(server.database.db, 'editor'));
    assert.equal((await editor.post('/admin/webhooks/', { url: 'https://tools.example.org/hook', 'event-post.published': 'on' })).status, 403);
    assert.equal((await server.database.db.selectFrom('webhook_endpoints').selectAll().execute()).length, 0);
  });

  it('delivers a signed JSON POST when a post is published, retries after a 500 and shows it in the delivery log', async () => {
    const added = await owner.post('/admin/webhooks/', { url: receiver.url, 'event-post.published': 'on', 'event-comment.approved': 'on' });
    assert.equal(added.status, 303);
    const endpoint = await server.database.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    receiver.secret.value = endpoint.secret;
    assert.ok((await (await owner.get('/admin/webhooks/')).text()).includes(endpoint.secret), 'the secret is on the page for the receiver');

    const editor = await aUser(server.database.db, 'editor');
    const { password } = await createApplicationPassword(server.database.db, editor, 'tool', new Date());
    const wp = new WPAPI({ endpoint: `${server.url}/wp-json` }).auth({ username: editor.email, password });
    const draft = await wp.posts().create({ title: 'Draft first', content: 'Not yet.' });
    await wp
      .posts()
      .id(draft.id as number)
      .update({ title: 'Still a draft' });
    const published = await wp
      .posts()
      .id(draft.id as number)
      .update({ status: 'publish' });

    await eventually(() => receiver.received.length === 1, 'the first attempt');
    assert.equal(receiver.received[0]!.answered, 500);
    let settled = false;
    for (let i = 0; i < 100 && !settled; i += 1) {
      const row = await server.database.db.selectFrom('webhook_deliveries').select(['last_status', 'claim_token']).executeTakeFirstOrThrow();
      settled = row.last_status === 500 && row.claim_token === null;
      if (!settled) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(settled, 'the 500 is recorded, with a retry to come');
    // The first retry waits 30 s: the delivery job's clock is moved past it.
    clockOffsetMs += 60_000;
    await eventually(() => receiver.received.length === 2, 'the retry');
    clockOffsetMs += 3_600_000;
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(receiver.received.length, 2, 'delivered once, not again after success; the draft saves sent nothing');
    const [first, retry] = receiver.received;
    assert.ok(first!.validSignature && retry!.validSignature, 'both signed with the secret');
    assert.equal(retry!.event, 'post.published');
    assert.equal(retry!.delivery, first!.delivery, 'the same delivery id on a retry, for the receiver to drop duplicates');
    assert.equal(retry!.body, first!.body);
    const body = JSON.parse(retry!.body) as { event: string; data: { post: { id: number; status: string; link: string } } };
    assert.equal(body.event, 'post.published');
    assert.equal(body.data.post.id, published.id);
    assert.equal(body.data.post.status, 'publish');

    const log = await (await owner.get('/admin/webhooks/')).text();
    assert.ok(log.includes('Delivered') && log.includes('HTTP 200'), 'the delivery log shows it');
    const row = await server.database.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'delivered');
    assert.equal(row.attempts, 2);

    // Not subscribed: updates send nothing; subscribed: an approved comment does.
    await wp
      .posts()
      .id(draft.id as number)
      .update({ title: 'Updated while live' });
    const commentId = await aComment(server.database.db, (await aPost(server.database.db, { title: 'Commented' })).id, { status: 'pending' });
    await wp.comments().id(commentId).update({ status: 'approve' });
    await eventually(() => receiver.received.length === 3, 'the comment event');
    assert.equal(receiver.received[2]!.event, 'comment.approved');
    assert.ok(receiver.received[2]!.validSignature);
  });

  it('refuses private and loopback addresses at delivery, by name as resolved as well as by number, unless allowed', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::1', '0.0.0.0']) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    assert.equal(isPrivateAddress('93.184.216.34'), false);
    const sender = createWebhookSender({ allowPrivate: false, userAgent: 'test' });
    const port = new URL(receiver.url).port;
    const before = receiver.received.length;
    for (const url of [`http://127.0.0.1:${port}/hooks`, `http://localhost:${port}/hooks`, `http://[::1]:${port}/hooks`]) {
      await assert.rejects(sender.send({ url, body: '{}', headers: {} }), (error: unknown) => error instanceof WebhookDeliveryError && error.permanent, url);
    }
    assert.equal(receiver.received.length, before, 'nothing reached the receiver');
  });

  it('delivers each queued event once when two senders with their own connections claim at the same time', async () => {
    const count = 30;
    // Every sender on one clock: a claim's lease is judged by the clock of whoever looks next.
    clockOffsetMs = 0;
    const twin = await startReceiver([]);
    const db = server.database.db;
    // Only the twin's endpoint wants comment events from here on.
    await db.deleteFrom('webhook_endpoints').execute();
    const id = await addWebhookEndpoint(db, { url: twin.url, events: ['comment.approved'] }, new Date());
    twin.secret.value = (await db.selectFrom('webhook_endpoints').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;
    for (let i = 0; i < count; i += 1) await queueWebhookEvent(db, 'comment.approved', { comment: { id: i } }, new Date());
    const other = createDb(parseDatabaseUrl(server.databaseUrl, 4));
    try {
      const sender = createWebhookSender({ allowPrivate: true, userAgent: 'test' });
      const drain = async (database: Database) => {
        for (let round = 0; round < 20; round += 1) {
          const result = await deliverDueWebhooks(database, sender, () => new Date());
          if (result.nextDueAt === undefined) return;
        }
      };
      // The test server's own delivery loop takes part too: three senders.
      await Promise.all([drain(server.database), drain(other), drain(server.database), drain(other)]);
      for (let i = 0; i < 100; i += 1) {
        const waiting = await db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).where('status', '=', 'queued').execute();
        if (waiting.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await other.close();
      await twin.close();
    }
    const ids = twin.received.map((r) => r.delivery);
    assert.equal(ids.length, count, 'every delivery sent');
    assert.equal(new Set(ids).size, count, 'none sent twice');
    assert.ok(
      twin.received.every((r) => r.validSignature),
      'signed',
    );
    const rows = await db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('endpoint_id', '=', id).execute();
    assert.deepEqual(
      rows.filter((r) => r.status !== 'delivered' || r.attempts !== 1),
      [],
    );
  });
});

describe('the comment.approved webhook for comments no moderator approves', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver([]);
    server = await startTestServer({ seed: false, webhooks: {} });
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('is sent for a comment approved on arrival, and not for one held for moderation', async () => {
    const db = server.database.db;
    const id = await addWebhookEndpoint(db, { url: receiver.url, events: ['comment.approved'] }, new Date());
    receiver.secret.value = (await db.selectFrom('webhook_endpoints').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;
    await aSetting(db, 'comment_manual_approval', false);
    await aSetting(db, 'comment_require_previously_approved', false);
    const post = await aPost(db, { title: 'Open for comments' });
    const send = (content: string) =>
      fetch(`${server.url}/wp-json/wp/v2/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ post: post.id, author_name: 'Reader', author_email: 'reader@example.org', content }),
      });
    const arrived = await send('Thank you for this story.');
    assert.equal(arrived.status, 201);
    const comment = (await arrived.json()) as { id: number; status: string };
    assert.equal(comment.status, 'approved');
    await eventually(() => receiver.received.length === 1, 'the webhook of the comment approved on arrival');
    assert.equal(receiver.received[0]!.event, 'comment.approved');
    assert.ok(receiver.received[0]!.validSignature);
    assert.equal((JSON.parse(receiver.received[0]!.body) as { data: { comment: { id: number } } }).data.comment.id, comment.id);

    await aSetting(db, 'comment_manual_approval', true);
    const held = await send('A second thought, held for a moderator.');
    assert.equal(held.status, 201);
    assert.equal(((await held.json()) as { status: string }).status, 'hold');
    const queued = await db.selectFrom('webhook_deliveries').select('id').execute();
    assert.equal(queued.length, 1, 'nothing queued for a held comment');
  });
});

describe('webhook claims judged by the database’s clock', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver([]);
    // No delivery loop of the server's own: the two senders below are the only ones.
    server = await startTestServer({ seed: false });
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('delivers once when two senders’ clocks are five minutes apart, more than the lease', async () => {
    const db = server.database.db;
    const id = await addWebhookEndpoint(db, { url: receiver.url, events: ['post.published'] }, new Date());
    receiver.secret.value = (await db.selectFrom('webhook_endpoints').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;
    await queueWebhookEvent(db, 'post.published', { post: { id: 1 } }, new Date());
    const real = createWebhookSender({ allowPrivate: true, userAgent: 'test' });
    // The first sender's request is slow: its receiver takes a while to answer.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: typeof real = {
      send: async (request) => {
        await released;
        return real.send(request);
      },
    };
    const first = deliverDueWebhooks(server.database, slow, () => new Date());
    for (let i = 0; i < 100; i += 1) {
      const row = await db.selectFrom('webhook_deliveries').select('claim_token').executeTakeFirstOrThrow();
      if (row.claim_token !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Meanwhile a second node whose clock runs five minutes ahead (past the two-minute lease) looks.
    const other = createDb(parseDatabaseUrl(server.databaseUrl, 2));
    try {
      const second = await deliverDueWebhooks(other, real, () => new Date(Date.now() + 5 * 60_000));
      assert.equal(second.delivered, 0, 'the second sender leaves the claimed delivery alone');
    } finally {
      await other.close();
    }
    release();
    assert.equal((await first).delivered, 1);
    assert.equal(receiver.received.length, 1, 'sent once');
    assert.ok(receiver.received[0]!.validSignature);
    const rows = await db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'lease_until']).execute();
    assert.deepEqual(rows, [{ status: 'delivered', attempts: 1, lease_until: null }]);
  });
});
