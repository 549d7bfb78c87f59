import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_COMMENT_PACE, FLOOD_MESSAGE } from '../../domain/comment-pace.ts';
import { DUPLICATE_MESSAGE } from '../../services/comments.ts';

const COMMENTS_PATH = `${DEMO_ARTICLE_PATH}comments`;

const reply = (comment: string, email: string, author = 'Pat Reader') => ({ comment, author, email, url: '', comment_parent: '0' });

describe('comment pace: duplicates, flood control, hourly limits, trusted proxies', () => {
  let server: TestServer;
  const stored = async (body: string) => (await server.database.db.selectFrom('comments').select('id').where('body', '=', body).execute()).length;

  before(async () => {
    // WordPress's flood interval, small hourly limits to reach in a test, and 127.0.0.1 as the site's proxy.
    server = await startTestServer({ commentPace: { ...DEFAULT_COMMENT_PACE, perAddressPerHour: 3, perNetworkPerHour: 5 }, trustedProxies: ['127.0.0.1'] });
  });
  after(async () => {
    await server.close();
  });

  /** A post as if from `address`, through the trusted proxy on 127.0.0.1. */
  const from = (address: string, fields: Record<string, string>) => postForm(server, COMMENTS_PATH, fields, { 'x-forwarded-for': address });

  it('refuses the same text again on the same post with 409 and WordPress’s words, keeping the text in the form', async () => {
    const text = 'Which treaty did the minister mean?';
    assert.equal((await from('198.51.100.1', reply(text, 'first@example.org'))).status, 303);
    const again = await from('198.51.100.2', reply(text, 'second@example.org', 'Someone Else'));
    assert.equal(again.status, 409);
    const page = await pageOf(again);
    assert.equal(textOf(page.querySelector('#comment-error')), DUPLICATE_MESSAGE);
    assert.equal(textOf(page.querySelector('textarea#comment')), text, 'the text is still in the form');
    assert.equal(page.querySelector('input#author')?.getAttribute('value'), 'Someone Else');
    assert.equal(await stored(text), 1);
  });

  it('refuses a second comment from the same address within 15 seconds with 429 and Retry-After, keeping the text', async () => {
    assert.equal((await from('198.51.100.10', reply('Quick first thought.', 'quick@example.org'))).status, 303);
    const second = await from('198.51.100.10', reply('And a second one straight away.', 'other@example.org'));
    assert.equal(second.status, 429);
    const wait = Number(second.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 15, `Retry-After ${wait}`);
    const page = await pageOf(second);
    assert.equal(textOf(page.querySelector('#form-errors')), FLOOD_MESSAGE);
    assert.equal(textOf(page.querySelector('textarea#comment')), 'And a second one straight away.');
    assert.equal(await stored('And a second one straight away.'), 0);
  });

  it('refuses a second comment from the same email within 15 seconds, whatever the address', async () => {
    assert.equal((await from('198.51.100.20', reply('From the office.', 'mover@example.org'))).status, 303);
    assert.equal((await from('203.0.113.20', reply('From the train.', 'mover@example.org'))).status, 429);
  });

  it('counts an address and its /24 network over the last hour', async () => {
    const db = server.database.db;
    // Three earlier comments from one address, long enough ago for flood control, within the hour.
    const earlier = new Date(Date.now() - 10 * 60 * 1000).toISOString();
    const post = await db.selectFrom('posts').select('id').where('slug', 'like', 'lavrov%').executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      await db
        .insertInto('comments')
        .values({
          post_id: post.id,
          parent_id: null,
          depth: 1,
          author_name: 'Busy',
          author_email: `busy${i}@example.org`,
          author_url: null,
          author_ip: '192.0.2.7',
          author_network: '192.0.2.0/24',
          user_agent: null,
          body: `Earlier comment ${i}`,
          status: 'pending',
          created_at: earlier,
          updated_at: earlier,
        })
        .execute();
    }
    const fourth = await from('192.0.2.7', reply('A fourth in the hour.', 'busy-again@example.org'));
    assert.equal(fourth.status, 429);
    assert.match(textOf((await pageOf(fourth)).querySelector('#form-errors')), /from your address/);
    // A neighbour on the same /24 may still post, until the network's 5 are used up.
    assert.equal((await from('192.0.2.8', reply('A neighbour writes.', 'neighbour@example.org'))).status, 303);
    assert.equal((await from('192.0.2.9', reply('Another neighbour writes.', 'neighbour2@example.org'))).status, 303);
    const sixth = await from('192.0.2.10', reply('One too many from this network.', 'neighbour3@example.org'));
    assert.equal(sixth.status, 429);
    assert.match(textOf((await pageOf(sixth)).querySelector('#form-errors')), /from your network/);
    // Another network is not affected.
    assert.equal((await from('192.0.3.1', reply('From next door’s network.', 'other-net@example.org'))).status, 303);
  });

  it('records the address the trusted proxy saw, never what a client wrote further left', async () => {
    const res = await from('10.9.9.9, 198.51.100.77', reply('Through two hops.', 'hops@example.org'));
    assert.equal(res.status, 303);
    const row = await server.database.db
      .selectFrom('comments')
      .select(['author_ip', 'author_network'])
      .where('body', '=', 'Through two hops.')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { author_ip: '198.51.100.77', author_network: '198.51.100.0/24' });
  });
});

describe('X-Forwarded-For without a trusted proxy', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('is ignored: the socket’s address is recorded', async () => {
    const res = await postForm(server, COMMENTS_PATH, reply('Pretending to be elsewhere.', 'spoof@example.org'), { 'x-forwarded-for': '203.0.113.5' });
    assert.equal(res.status, 303);
    const row = await server.database.db.selectFrom('comments').select('author_ip').where('body', '=', 'Pretending to be elsewhere.').executeTakeFirstOrThrow();
    assert.match(row.author_ip ?? '', /^(::ffff:)?127\.0\.0\.1$/);
  });
});
