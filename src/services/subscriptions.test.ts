import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aComment, aPost, aSetting } from '../../test/support/factories.ts';
import { markDuePostsLive } from '../storage/post-scheduling.ts';
import { listOutboxMail } from '../storage/outbox.ts';
import { confirmSubscriptionRow, insertSubscriptionRequest } from '../storage/subscriptions.ts';
import { mailNewPosts } from './subscriptions.ts';

const ORIGIN = 'http://news.example.org';
const T0 = new Date('2026-03-02T09:00:00.000Z');

describe('mail about new posts', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function subscriber(email: string, confirmed: boolean): Promise<void> {
    const anchor = await aPost(database.db, { title: `Anchor for ${email}`, publishedAt: new Date('2020-01-01T00:00:00Z') });
    // An old post, long live: never news to mail about.
    await database.db.updateTable('posts').set({ went_live_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', anchor.id).execute();
    const commentId = await aComment(database.db, anchor.id, { email });
    const id = await insertSubscriptionRequest(database.db, { email, kind: 'posts', postId: null, commentId: Number(commentId) }, T0);
    if (confirmed) await confirmSubscriptionRow(database.db, id, T0);
  }

  it('mails each confirmed subscriber once per post that goes live, with the one-click unsubscribe address', async () => {
    await subscriber('yes@example.org', true);
    await subscriber('not-yet@example.org', false);
    const later = new Date(T0.getTime() + 60_000);
    await aPost(database.db, { title: 'Ferry cancelled', publishedAt: later });
    await markDuePostsLive(database.db, later);
    assert.equal(await mailNewPosts(database.db, { origin: ORIGIN }, later), 1);
    assert.equal(await mailNewPosts(database.db, { origin: ORIGIN }, later), 0, 'never twice');
    const mail = (await listOutboxMail(database.db, 50)).filter((m) => m.kind === 'new_post');
    assert.deepEqual(
      mail.map((m) => [m.to, m.subject]),
      [['yes@example.org', 'Ferry cancelled — Wirepress']],
    );
    const row = await database.db.selectFrom('outbox').select(['body_text', 'unsubscribe_url']).where('kind', '=', 'new_post').executeTakeFirstOrThrow();
    assert.match(row.unsubscribe_url ?? '', /^http:\/\/news\.example\.org\/subscriptions\/unsubscribe\/\?token=/);
    assert.ok(row.body_text.includes(row.unsubscribe_url!));
  });

  it('gathers a day’s posts in one digest that leaves after midnight UTC when the setting says so', async () => {
    await aSetting(database.db, 'new_posts_mail', 'daily');
    await subscriber('digest@example.org', true);
    const at = new Date(T0.getTime() + 60_000);
    await aPost(database.db, { title: 'First story', publishedAt: at });
    await aPost(database.db, { title: 'Second story', publishedAt: at });
    await markDuePostsLive(database.db, at);
    assert.equal(await mailNewPosts(database.db, { origin: ORIGIN }, at), 2);
    const digests = (await listOutboxMail(database.db, 50)).filter((m) => m.kind === 'new_posts_digest');
    assert.equal(digests.length, 1);
    assert.equal(digests[0]?.dueAt.toISOString(), '2026-03-03T00:00:00.000Z');
    const body = await database.db.selectFrom('outbox').select('body_text').where('id', '=', digests[0]!.id).executeTakeFirstOrThrow();
    assert.match(body.body_text, /First story[\s\S]*Second story[\s\S]*\n-- \n.*unsubscribe/);
  });
});
