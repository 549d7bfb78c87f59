import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment, aPost } from '../../test/support/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../../test/support/database.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import { seedDemoContent } from '../services/seed.ts';
import {
  findApprovedCommentOnPost,
  findComment,
  findCommentBySubmissionKey,
  hasApprovedCommentByEmail,
  insertSubmittedComment,
  listApprovedComments,
} from './comments.ts';
import { listCommentsByStatus, updateCommentStatus } from './comment-moderation.ts';
import { appendCommentEvent, listCommentEvents } from './comment-events.ts';
import { appendChange } from './changes.ts';
import { migrateToLatest } from './migrate.ts';
import { findPublishedPostBySlug, listPublishedPosts } from './posts.ts';
import { findSetting, insertSettingIfAbsent, listSettings, putSetting } from './settings.ts';
import { ensureSource, findSourceBySlug } from './sources.ts';

for (const backend of TEST_DATABASES) {
  describe(`storage on ${backend.label}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
    });
    after(async () => {
      await database.destroy();
    });

    it('migrates once: running the migrations again applies nothing', async () => {
      assert.deepEqual(await migrateToLatest(database), []);
    });

    it('seeds the demo content exactly once', async () => {
      assert.equal(await seedDemoContent(database.db, new Date('2026-01-01T00:00:00Z')), true);
      assert.equal(await seedDemoContent(database.db, new Date('2026-01-02T00:00:00Z')), false);
      const posts = await listPublishedPosts(database.db, { now: new Date(), limit: 10 });
      assert.deepEqual(posts.map((p) => p.title).sort(), [
        'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States',
        'Welcome to Wirepress',
      ]);
      const demo = await findPublishedPostBySlug(
        database.db,
        'lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states',
        new Date(),
      );
      assert.ok(demo);
      assert.equal(demo.publishedAt.toISOString(), '2022-02-15T12:00:00.000Z');
      assert.deepEqual(
        demo.sources.map((s) => [s.source.name, s.role, s.language]),
        [
          ['IZ', 'original', 'ru'],
          ['Russian Foreign Ministry', 'cited', 'ru'],
          ['RT', 'cited', 'ru'],
          ['Zvezda TV', 'cited', 'ru'],
          ['aif.ru', 'cited', 'ru'],
        ],
      );
      assert.ok(!demo.bodyHtml.includes('Source: IZ'), 'the credit line is page chrome, not body text');
      assert.ok(!demo.bodyHtml.includes('Leave a Reply'));
      assert.equal((demo.bodyHtml.match(/Lavrov pointed out to Blinken/g) ?? []).length, 0, 'the headline is not repeated in the body');
    });

    it('stores settings as JSON and inserts-if-absent only once', async () => {
      await putSetting(database.db, 'title', 'Daily Wire');
      await putSetting(database.db, 'title', 'The Daily');
      assert.equal(await findSetting(database.db, 'title'), 'The Daily');
      assert.equal(await insertSettingIfAbsent(database.db, 'posts_per_page', 5), true);
      assert.equal(await insertSettingIfAbsent(database.db, 'posts_per_page', 7), false);
      assert.equal((await listSettings(database.db)).get('posts_per_page'), 5);
      assert.equal(await findSetting(database.db, 'missing'), undefined);
    });

    it('shares an outlet across posts by slug', async () => {
      const a = await ensureSource(database.db, { slug: 'tass', name: 'TASS', fullName: null, homepageUrl: null }, new Date());
      const b = await ensureSource(database.db, { slug: 'tass', name: 'Other name', fullName: null, homepageUrl: null }, new Date());
      assert.equal(a.id, b.id);
      assert.equal((await findSourceBySlug(database.db, 'tass'))?.name, 'TASS');
    });

    it('lists published posts newest first, paginates without overlap, and filters by source', async () => {
      const sameTime = new Date('2030-05-05T05:05:05Z');
      const p1 = await aPost(database.db, { publishedAt: sameTime, sources: [{ slug: 'tass', name: 'TASS', role: 'original' }] });
      const p2 = await aPost(database.db, { publishedAt: sameTime });
      const p3 = await aPost(database.db, { publishedAt: new Date('2030-05-06T00:00:00Z'), sources: [{ slug: 'tass', name: 'TASS', role: 'cited' }] });
      await aPost(database.db, { publishedAt: new Date('2031-01-01T00:00:00Z'), status: 'draft' });
      // The posts are dated ahead of today: list them as of a moment after their dates.
      const now = new Date('2031-06-01T00:00:00Z');
      const first = await listPublishedPosts(database.db, { now, limit: 2 });
      const second = await listPublishedPosts(database.db, { now, limit: 2, offset: 2 });
      assert.deepEqual(
        first.map((p) => p.id),
        [p3.id, p2.id],
      );
      assert.equal(second[0]?.id, p1.id);
      const bySource = await listPublishedPosts(database.db, { now, limit: 10, sourceId: (await findSourceBySlug(database.db, 'tass'))!.id });
      assert.deepEqual(
        bySource.map((p) => p.id),
        [p3.id, p1.id],
      );
      assert.deepEqual(
        bySource[0]?.sources.map((s) => [s.source.slug, s.role]),
        [['tass', 'cited']],
      );
      const others = await listPublishedPosts(database.db, { now, limit: 1, excludeId: p3.id });
      assert.equal(others[0]?.id, p2.id);
    });

    it('never finds a draft by slug', async () => {
      const draft = await aPost(database.db, { status: 'draft' });
      assert.equal(await findPublishedPostBySlug(database.db, draft.slug, new Date()), undefined);
    });

    it('keeps a scheduled post out of lists and lookups until its time', async () => {
      const at = new Date(Date.UTC(2030, 0, 1, 9));
      const scheduled = await aPost(database.db, { title: 'Embargoed until 2030', publishedAt: at });
      const before = new Date(at.getTime() - 1);
      assert.equal(await findPublishedPostBySlug(database.db, scheduled.slug, before), undefined);
      assert.ok(!(await listPublishedPosts(database.db, { now: before, limit: 100 })).some((p) => p.id === scheduled.id));
      assert.equal((await findPublishedPostBySlug(database.db, scheduled.slug, at))?.id, scheduled.id);
      assert.ok((await listPublishedPosts(database.db, { now: at, limit: 1 })).some((p) => p.id === scheduled.id));
    });

    it('keeps comments by status and shows readers only approved ones, oldest first', async () => {
      const post = await aPost(database.db);
      const approved = await aComment(database.db, post.id, { status: 'approved', email: 'known@example.org' });
      const pending = await aComment(database.db, post.id, { status: 'pending' });
      const reply = await aComment(database.db, post.id, { status: 'approved', parentId: approved, depth: 2 });
      const visible = await listApprovedComments(database.db, post.id, 100);
      assert.deepEqual(
        visible.map((c) => c.id),
        [approved, reply],
      );
      assert.ok(
        visible.every((c) => !('authorEmail' in c)),
        'public comments carry no email address',
      );
      assert.equal(await hasApprovedCommentByEmail(database.db, 'known@example.org'), true);
      assert.equal(await hasApprovedCommentByEmail(database.db, 'stranger@example.org'), false);
      assert.equal((await findApprovedCommentOnPost(database.db, post.id, reply))?.depth, 2);
      assert.equal(await findApprovedCommentOnPost(database.db, post.id, pending), undefined);
      assert.ok((await listCommentsByStatus(database.db, 'pending', 10)).some((c) => c.id === pending));
    });

    it('stores a submission once per post, even when the same one is written while the first is not yet committed', async () => {
      const post = await aPost(database.db);
      const other = await aPost(database.db);
      const now = new Date();
      const submission = (postId: number, submissionKey: string) => ({
        postId,
        parentId: null,
        depth: 1,
        authorName: 'Pat',
        authorEmail: 'pat@example.org',
        authorUrl: null,
        body: 'Sent twice',
        authorIp: null,
        userAgent: null,
        status: 'pending' as const,
        submissionKey,
      });
      let second: Promise<number | undefined> | undefined;
      const first = await database.db.transaction().execute(async (tx) => {
        const id = await insertSubmittedComment(tx, submission(post.id, 'key-1'), now);
        // Outside this transaction, on another connection where the database has one: it waits for this one to end.
        second = insertSubmittedComment(database.db, submission(post.id, 'key-1'), now);
        return id;
      });
      assert.ok(first !== undefined);
      assert.equal(await second, undefined, 'the second writes nothing');
      assert.equal(await insertSubmittedComment(database.db, submission(post.id, 'key-1'), now), undefined);
      assert.deepEqual(await findCommentBySubmissionKey(database.db, post.id, 'key-1'), { id: first, status: 'pending' });
      // The key is unique per post; comments without one are never repeats of each other.
      assert.ok((await insertSubmittedComment(database.db, submission(other.id, 'key-1'), now)) !== undefined);
      await aComment(database.db, post.id, { body: 'No key' });
      await aComment(database.db, post.id, { body: 'No key' });
      const rows = await database.db.selectFrom('comments').select('submission_key').where('post_id', 'in', [post.id, other.id]).execute();
      assert.deepEqual(rows.map((r) => r.submission_key).sort(), ['key-1', 'key-1', null, null]);
      // Every reply with a valid form is looked up by its key first: through the index, not the post's comments.
      if (database.dialect.name === 'sqlite') {
        const [plan] = await sqlitePlansOf(database.db, (db) => findCommentBySubmissionKey(db, post.id, 'key-1'));
        assert.match(plan ?? '', /comments_submission_key/);
      }
    });

    it('changes a comment’s status and keeps an append-only log of it', async () => {
      const post = await aPost(database.db);
      const id = await aComment(database.db, post.id, { status: 'pending' });
      await updateCommentStatus(database.db, id, 'spam', new Date());
      await appendCommentEvent(
        database.db,
        { commentId: id, action: 'spam', fromStatus: 'pending', toStatus: 'spam', actor: 'test', reason: null },
        new Date(),
      );
      assert.equal((await findComment(database.db, id))?.status, 'spam');
      assert.deepEqual(
        (await listCommentEvents(database.db, id)).map((e) => [e.fromStatus, e.toStatus, e.actor]),
        [['pending', 'spam', 'test']],
      );
    });

    it('moves the change signal for a logged content change, and not for writes that change no page', async () => {
      const signal = await database.dialect.openChangeSignal();
      /** The version once the signal has settled: PostgreSQL's notifications arrive a moment after the commit. */
      const settled = async (expectMove: number | undefined): Promise<number> => {
        const deadline = Date.now() + 5_000;
        while (expectMove !== undefined && signal.version() === expectMove && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 200));
        return signal.version();
      };
      try {
        const start = await settled(undefined);
        const post = await aPost(database.db);
        const afterPost = await settled(start);
        assert.notEqual(afterPost, start, 'publishing logs a change, which moves the signal');
        await aComment(database.db, post.id, { status: 'pending' });
        await aComment(database.db, post.id, { status: 'spam' });
        await putSetting(database.db, 'signal-test', 1);
        assert.equal(await settled(undefined), afterPost, 'held and spam comments and unlogged writes change no page');
        await aComment(database.db, post.id, { status: 'approved' });
        assert.notEqual(await settled(afterPost), afterPost, 'an approved comment logs a change');
      } finally {
        await signal.close();
      }
    });

    it('on SQLite, sees every committed change at the very next look, commit after commit', async (t) => {
      if (database.dialect.name !== 'sqlite') return t.skip('PostgreSQL hears of changes by notification, a moment after the commit');
      const signal = await database.dialect.openChangeSignal();
      try {
        let version = signal.version();
        for (let i = 0; i < 40; i++) {
          assert.equal(signal.version(), version, 'no commit, no move');
          await putSetting(database.db, 'signal-burst', i);
          assert.equal(signal.version(), version, 'a write that logs no change moves nothing');
          await appendChange(database.db, [`test:${i}`], new Date());
          const moved = signal.version();
          assert.notEqual(moved, version, `logged change ${i} is seen at once`);
          version = moved;
        }
      } finally {
        await signal.close();
      }
    });

    it('enforces its constraints in the database itself', async () => {
      const post = await aPost(database.db);
      await assert.rejects(aComment(database.db, post.id, { status: 'bogus' as never }));
      await assert.rejects(aComment(database.db, 999_999));
      await assert.rejects(
        database.db
          .insertInto('posts')
          .values({
            slug: 'no-date',
            title: 'x',
            excerpt: '',
            body_markdown: '',
            body_html: '',
            status: 'published',
            author_id: 1,
            published_at: null,
            comments_open: 1,
            created_at: '',
            updated_at: '',
          })
          .execute(),
      );
    });
  });
}
