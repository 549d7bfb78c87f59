import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { moderateComment } from '../src/services/comments.ts';
import { listCommentEvents } from '../src/storage/comment-events.ts';
import { findPublishedPostBySlug } from '../src/storage/posts.ts';
import { aComment } from './support/factories.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';

const SPAM = [
  'Discount marine insurance quotes, compare marine insurance today',
  'Marine insurance brokers compare quotes, discount for new customers',
  'Get cheap marine insurance quotes from trusted brokers',
  'Compare yacht and marine insurance quotes, big discount',
  'Trusted brokers: discount quotes on marine insurance',
  'Brokers compare quotes, marine cover at a discount',
];
const HAM = [
  'The ministry statement contradicts what the embassy said on Monday',
  'Which talks in Geneva does the article refer to?',
  'The embassy response came two days after the ministry spoke',
  'A clear summary of the positions of both ministries',
  'The Geneva talks were scheduled before the January meeting',
  'Does the embassy confirm the ministry quote?',
];

describe('the spam filter learns from moderators', () => {
  let server: TestServer;
  let demoId: number;
  before(async () => {
    server = await startTestServer();
    demoId = (await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!.id;
  });
  after(async () => {
    await server.close();
  });

  const submit = (comment: string, email: string) => postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment, author: 'A Reader', email, url: '' });
  const statusOf = async (body: string) =>
    await server.database.db.selectFrom('comments').select(['id', 'status']).where('body', '=', body).executeTakeFirstOrThrow();

  it('says nothing before it is trained, then holds or bins what moderators called spam, and explains why', async () => {
    // A known reader's comment is published at once when nothing looks wrong.
    await aComment(server.database.db, demoId, { email: 'known@example.org', body: 'An earlier approved comment' });
    assert.equal((await submit('Compare discount marine insurance quotes from brokers', 'known@example.org')).status, 303);
    assert.equal((await statusOf('Compare discount marine insurance quotes from brokers')).status, 'approved', 'untrained, the filter does not judge');

    for (const [i, text] of SPAM.entries()) {
      const id = await aComment(server.database.db, demoId, { status: 'pending', body: text, email: `s${i}@example.com` });
      await moderateComment(server.database.db, id, 'spam', 'user:1', new Date());
    }
    for (const [i, text] of HAM.entries()) {
      const id = await aComment(server.database.db, demoId, { status: 'pending', body: text, email: `h${i}@example.com` });
      await moderateComment(server.database.db, id, 'approve', 'user:1', new Date());
    }

    assert.equal((await submit('Best marine insurance quotes: compare brokers for a discount', 'known@example.org')).status, 303);
    const caught = await statusOf('Best marine insurance quotes: compare brokers for a discount');
    assert.notEqual(caught.status, 'approved');
    const reason = (await listCommentEvents(server.database.db, caught.id))[0]?.reason ?? '';
    assert.match(reason, /the filter trained on this site’s moderators’ decisions rates it \d+% spam/);

    assert.equal((await submit('The embassy and the ministry disagree about the Geneva talks', 'known@example.org')).status, 303);
    assert.equal((await statusOf('The embassy and the ministry disagree about the Geneva talks')).status, 'approved', 'a reader’s words are not held');
  });

  it('takes back what a "spam" taught when a moderator says "not spam"', async () => {
    const before = await server.database.db.selectFrom('spam_tokens').select(['spam', 'ham']).where('token', '=', ' documents').executeTakeFirstOrThrow();
    const id = await aComment(server.database.db, demoId, {
      status: 'pending',
      body: 'A misjudged reader comment about brokers',
      email: 'misjudged@example.com',
    });
    await moderateComment(server.database.db, id, 'spam', 'user:1', new Date());
    await moderateComment(server.database.db, id, 'not_spam', 'user:1', new Date());
    const after = await server.database.db.selectFrom('spam_tokens').select(['spam', 'ham']).where('token', '=', ' documents').executeTakeFirstOrThrow();
    assert.deepEqual(after, { spam: before.spam, ham: before.ham + 1 });
  });
});
