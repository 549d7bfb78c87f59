import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment } from '../../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH } from '../../../test/support/server.ts';
import { buildApp } from '../../app.ts';
import { DEFAULT_COMMENT_PACE, FLOOD_MESSAGE } from '../../domain/comment-pace.ts';
import { createLogger } from '../../logger.ts';
import { DUPLICATE_MESSAGE, moderateComment } from '../../services/comments.ts';
import { issueFormToken } from '../../services/form-tokens.ts';
import { eraseCommenterData } from '../../services/privacy.ts';
import { seedDemoContent } from '../../services/seed.ts';
import { findPublishedPostBySlug } from '../../storage/posts.ts';

const COMMENTS_PATH = `${DEMO_ARTICLE_PATH}comments`;
const SITE = 'http://wirepress.test';

/** Long enough after the form was made that the spam score does not hold the reply for haste. */
const TYPING_MS = 60_000;

describe('a reply sent twice (double click, retry) is answered as the first was, and stored once', () => {
  let database: TestDatabase;
  let demoId: number;
  // WordPress's flood interval is on: a retry must not trip it. The clock moves only when a test moves it.
  let clock = new Date();
  let app: ReturnType<typeof buildApp>;
  const logs: Array<Record<string, unknown>> = [];

  before(async () => {
    database = await createTestDatabase();
    await seedDemoContent(database.db, new Date());
    demoId = (await findPublishedPostBySlug(database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!.id;
    const logger = createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
    app = buildApp({ database, logger, siteUrl: SITE, now: () => clock, commentPace: DEFAULT_COMMENT_PACE });
  });
  after(async () => {
    await database.destroy();
  });

  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  /** A reply form's time stamp, as a page made `ago` milliseconds before now carries it. */
  const tokenMadeAgo = (ago = TYPING_MS) => issueFormToken(database.db, new Date(clock.getTime() - ago));
  const send = (fields: Record<string, string>) =>
    app.request(`${SITE}${COMMENTS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE },
      body: new URLSearchParams(fields).toString(),
    });
  const reply = (fields: { comment: string; email: string; form_token?: string; author?: string; comment_parent?: string }) => ({
    author: 'Pat Reader',
    url: '',
    comment_parent: '0',
    ...fields,
  });
  const rowsWith = (body: string) => database.db.selectFrom('comments').select(['id', 'status', 'submission_key']).where('body', '=', body).execute();
  const eventsOf = async (id: number) =>
    (await database.db.selectFrom('comment_events').select('action').where('comment_id', '=', id).execute()).map((e) => e.action);

  it('answers a published reply sent again with the same redirect to it, storing nothing and not counting it as too quick', async () => {
    await aComment(database.db, demoId, { email: 'regular@example.org', status: 'approved' });
    const fields = reply({ comment: 'Published once, sent twice.', email: 'regular@example.org', form_token: await tokenMadeAgo() });
    const first = await send(fields);
    assert.equal(first.status, 303);
    const [stored, ...more] = await rowsWith('Published once, sent twice.');
    assert.equal(more.length, 0);
    assert.equal(stored?.status, 'approved');
    assert.equal(first.headers.get('location'), `${DEMO_ARTICLE_PATH}?comment=published#comment-${stored?.id}`);

    // Two seconds later: well within the 15 seconds of flood control, and the same text on the same post.
    later(2_000);
    const again = await send(fields);
    assert.equal(again.status, 303, 'neither 409 (duplicate) nor 429 (too quick)');
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal((await rowsWith('Published once, sent twice.')).length, 1);
    assert.deepEqual(await eventsOf(stored!.id), ['submit'], 'the log has one submission');
    assert.deepEqual(
      logs.filter((l) => l.commentId === stored!.id).map((l) => l.msg),
      ['comment submitted', 'comment sent again'],
    );
  });

  it('answers a held reply sent again with the same "awaiting moderation", storing nothing', async () => {
    const fields = reply({ comment: 'A first comment, held, sent twice.', email: 'newcomer@example.org', form_token: await tokenMadeAgo() });
    const first = await send(fields);
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), `${DEMO_ARTICLE_PATH}?comment=held#respond`);
    later(1_000);
    const again = await send(fields);
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    const rows = await rowsWith('A first comment, held, sent twice.');
    assert.deepEqual(
      rows.map((r) => r.status),
      ['pending'],
    );

    // Once a moderator has published it, the same submission is sent to the comment.
    await moderateComment(database.db, rows[0]!.id, 'approve', 'test', clock);
    later(1_000);
    const afterApproval = await send(fields);
    assert.equal(afterApproval.headers.get('location'), `${DEMO_ARTICLE_PATH}?comment=published#comment-${rows[0]!.id}`);
    assert.equal((await rowsWith('A first comment, held, sent twice.')).length, 1);
  });

  it('stores one comment when the same reply arrives several times at once', async () => {
    await aComment(database.db, demoId, { email: 'clicker@example.org', status: 'approved' });
    later(60_000);
    const fields = reply({ comment: 'Clicked four times in a hurry.', email: 'clicker@example.org', form_token: await tokenMadeAgo() });
    const answers = await Promise.all([send(fields), send(fields), send(fields), send(fields)]);
    const rows = await rowsWith('Clicked four times in a hurry.');
    assert.equal(rows.length, 1);
    for (const answer of answers) {
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), `${DEMO_ARTICLE_PATH}?comment=published#comment-${rows[0]!.id}`);
    }
    assert.deepEqual(await eventsOf(rows[0]!.id), ['submit']);
  });

  it('still refuses the same text from another form (another time stamp) as a duplicate, with 409', async () => {
    later(60_000);
    const text = 'Said once from one page, then from another.';
    assert.equal((await send(reply({ comment: text, email: 'twice@example.org', form_token: await tokenMadeAgo(120_000) }))).status, 303);
    later(60_000);
    const other = await send(reply({ comment: text, email: 'twice@example.org', form_token: await tokenMadeAgo() }));
    assert.equal(other.status, 409);
    assert.equal(textOf((await pageOf(other)).querySelector('#comment-error')), DUPLICATE_MESSAGE);
    // Nor is a form without a time stamp, or with one this site did not sign, a repeat of anything.
    const forged = await tokenMadeAgo();
    for (const form_token of [undefined, `${forged.split('.')[0]}.${'A'.repeat(22)}`]) {
      const fields = reply({
        comment: 'No proof of the form it came from.',
        email: `unsigned-${form_token ? 'forged' : 'none'}@example.org`,
        ...(form_token ? { form_token } : {}),
      });
      later(60_000);
      const sent = await send(fields);
      later(60_000);
      assert.equal((await send(fields)).status, 409, form_token ?? 'no time stamp');
      if (form_token) assert.equal(sent.status, 409, 'the text was already there');
    }
  });

  it('stores replies from readers who got the same cached page (the same time stamp), and one of theirs repeated stays a duplicate', async () => {
    later(60_000);
    const shared = await tokenMadeAgo();
    const fromAnn = reply({ comment: 'Ann’s view of the talks.', email: 'ann@example.org', author: 'Ann', form_token: shared });
    const fromBob = reply({ comment: 'Bob’s view of the talks.', email: 'bob@example.org', author: 'Bob', form_token: shared });
    assert.equal((await send(fromAnn)).status, 303);
    assert.equal((await send(fromBob)).status, 303);
    assert.equal((await rowsWith('Ann’s view of the talks.')).length, 1);
    assert.equal((await rowsWith('Bob’s view of the talks.')).length, 1);
    // Bob sending Ann's words from the same page is not Ann's submission sent again.
    const copied = await send({ ...fromBob, comment: 'Ann’s view of the talks.' });
    assert.equal(copied.status, 409);
    assert.equal((await rowsWith('Ann’s view of the talks.')).length, 1);
  });

  it('treats a reply sent again after it was refused (form errors, too quick) as a new attempt', async () => {
    later(60_000);
    const token = await tokenMadeAgo();
    const fields = reply({ comment: 'First sent without a name.', email: 'forgetful@example.org', form_token: token });
    assert.equal((await send({ ...fields, author: '' })).status, 422);
    assert.equal((await send(fields)).status, 303, 'the same form, corrected, is stored');
    assert.equal((await rowsWith('First sent without a name.')).length, 1);

    // Too quick: refused and not stored, so the same submission once the wait is over is stored.
    const quick = reply({ comment: 'A second thought, too soon.', email: 'forgetful@example.org', form_token: token });
    const refused = await send(quick);
    assert.equal(refused.status, 429);
    assert.equal(textOf((await pageOf(refused)).querySelector('#form-errors')), FLOOD_MESSAGE);
    later(16_000);
    assert.equal((await send(quick)).status, 303);
    assert.equal((await rowsWith('A second thought, too soon.')).length, 1);
  });

  it('forgets what made a comment when its author is erased', async () => {
    later(60_000);
    const fields = reply({ comment: 'Soon to be forgotten.', email: 'forget-me@example.org', form_token: await tokenMadeAgo() });
    assert.equal((await send(fields)).status, 303);
    const [row] = await rowsWith('Soon to be forgotten.');
    assert.ok(row?.submission_key, 'the submission is remembered');
    assert.equal(await eraseCommenterData(database.db, 'forget-me@example.org', 'test', clock), 1);
    const erased = await database.db.selectFrom('comments').select('submission_key').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(erased.submission_key, null);
  });
});
