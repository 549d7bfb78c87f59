import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAddressRetention } from '../src/jobs/address-retention.ts';
import { createLogger } from '../src/logger.ts';
import { listCommentEvents } from '../src/storage/comment-events.ts';
import { findPublishedPostBySlug } from '../src/storage/posts.ts';
import { aComment } from './support/factories.ts';
import { pageOf, textOf } from './support/html.ts';
import { runWirepress } from './support/process.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from './support/server.ts';

describe('a commenter’s data: export, erase, and addresses kept 30 days', () => {
  let server: TestServer;
  let env: Record<string, string>;
  let demoId: number;
  let mine: number;
  let reply: number;
  before(async () => {
    server = await startTestServer();
    env = { DATABASE_URL: server.databaseUrl };
    const db = server.database.db;
    demoId = (await findPublishedPostBySlug(db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!.id;
    mine = await aComment(db, demoId, { body: 'Maria’s opinion on the talks', email: 'Maria@Example.org', name: 'Maria Private' });
    reply = await aComment(db, demoId, { body: 'A reply to Maria that must stay readable', parentId: mine, depth: 2, name: 'Replying Reader' });
    await aComment(db, demoId, { status: 'pending', body: 'Maria’s second, still held', email: 'maria@example.org', name: 'Maria Private' });
  });
  after(async () => {
    await server.close();
  });

  it('exports everything held for an email address, whatever its case, as JSON', async () => {
    const out = await runWirepress(['privacy', 'export', 'MARIA@example.org'], env);
    assert.equal(out.code, 0, out.stderr);
    const data = JSON.parse(out.stdout) as { email: string; comments: Array<Record<string, unknown>> };
    assert.equal(data.comments.length, 2);
    const first = data.comments[0]!;
    assert.equal(first.body, 'Maria’s opinion on the talks');
    assert.equal(first.authorName, 'Maria Private');
    assert.equal(first.authorIp, '127.0.0.1');
    assert.equal(first.userAgent, 'test');
    assert.deepEqual(Object.keys(first).sort(), [
      'authorEmail',
      'authorIp',
      'authorName',
      'authorUrl',
      'body',
      'createdAt',
      'erasedAt',
      'id',
      'parentId',
      'post',
      'status',
      'updatedAt',
      'userAgent',
    ]);
    assert.equal(data.comments[1]!.status, 'pending');
  });

  it('refuses to erase without --yes, and changes nothing', async () => {
    const out = await runWirepress(['privacy', 'erase', 'maria@example.org'], env);
    assert.equal(out.code, 64);
    assert.match(out.stderr, /--yes/);
    const row = await server.database.db.selectFrom('comments').select('body').where('id', '=', mine).executeTakeFirstOrThrow();
    assert.equal(row.body, 'Maria’s opinion on the talks');
  });

  it('erases the commenter: the article shows a deleted comment with its replies in place, the cached page is dropped, the feed leaves it out', async () => {
    const before = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
    assert.match(before, /Maria Private/);
    assert.equal((await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).headers.get('x-cache'), 'HIT');

    const out = await runWirepress(['privacy', 'erase', 'maria@example.org', '--yes'], env);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Erased 2 comments/);

    const page = await pageOf(await fetch(`${server.url}${DEMO_ARTICLE_PATH}`));
    const deleted = page.querySelector(`#comment-${mine}`);
    assert.equal(textOf(deleted?.querySelector('.comment-deleted-note')), 'Deleted comment');
    assert.ok(deleted?.querySelector(`#comment-${reply}`), 'the reply still sits under it');
    assert.match(textOf(page.querySelector(`#comment-${reply}`)), /A reply to Maria that must stay readable/);
    assert.doesNotMatch(page.toString(), /Maria Private|Maria’s opinion/);

    const rows = await server.database.db.selectFrom('comments').selectAll().where('id', '=', mine).executeTakeFirstOrThrow();
    assert.deepEqual(
      [rows.author_name, rows.author_email, rows.author_url, rows.author_ip, rows.author_network, rows.user_agent, rows.body],
      ['', '', null, null, null, null, ''],
    );
    assert.ok(rows.erased_at);
    const events = await listCommentEvents(server.database.db, mine);
    assert.equal(events.at(-1)?.action, 'erase');
    assert.doesNotMatch(JSON.stringify(events), /Maria|maria@/);

    const feed = await (await fetch(`${server.url}/comments/feed/`)).text();
    assert.doesNotMatch(feed, /Maria Private|Maria’s opinion/);
    assert.match(feed, /A reply to Maria that must stay readable/);

    const again = await runWirepress(['privacy', 'export', 'maria@example.org'], env);
    assert.deepEqual((JSON.parse(again.stdout) as { comments: unknown[] }).comments, [], 'nothing is found by that email any more');
  });

  it('clears IP addresses and browsers older than the retention period, and keeps recent ones', async () => {
    const db = server.database.db;
    const old = await aComment(db, demoId, { body: 'Written long ago' });
    const recent = await aComment(db, demoId, { body: 'Written yesterday' });
    const day = 24 * 60 * 60 * 1000;
    await db
      .updateTable('comments')
      .set({ created_at: new Date(Date.now() - 31 * day).toISOString(), author_network: '127.0.0.0/24' })
      .where('id', '=', old)
      .execute();
    await db
      .updateTable('comments')
      .set({ created_at: new Date(Date.now() - day).toISOString() })
      .where('id', '=', recent)
      .execute();
    const job = startAddressRetention({ db, logger: createLogger('error'), retentionDays: 30, intervalMs: 60_000 });
    try {
      await job.runOnce();
    } finally {
      await job.stop();
    }
    const rows = await db
      .selectFrom('comments')
      .select(['id', 'author_ip', 'author_network', 'user_agent', 'body'])
      .where('id', 'in', [old, recent])
      .orderBy('id')
      .execute();
    assert.deepEqual(rows, [
      { id: old, author_ip: null, author_network: null, user_agent: null, body: 'Written long ago' },
      { id: recent, author_ip: '127.0.0.1', author_network: null, user_agent: 'test', body: 'Written yesterday' },
    ]);
  });
});
