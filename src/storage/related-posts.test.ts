import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { ALL_COMMENTS, commentsOf, EVERY_PAGE, POST_PAGES, postKey } from '../domain/page-keys.ts';
import { appendChange } from './changes.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import { listRelatedPosts } from './related-posts.ts';

interface Made {
  id: number;
  tags: string[];
  sources: string[];
  live: boolean;
  publishedAt: Date;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * listRelatedPosts checks the best few candidates one by one when it can and ranks every
 * candidate otherwise; either way the answer must be the plain ranking: most shared first,
 * then newest, then highest id, live posts only.
 */
describe('related posts', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T00:00:00Z');
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  const expected = (subject: Made, others: Made[], limit: number) =>
    others
      .filter((p) => p.id !== subject.id && p.live)
      .map((p) => ({ p, score: p.tags.filter((t) => subject.tags.includes(t)).length + p.sources.filter((s) => subject.sources.includes(s)).length }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || b.p.publishedAt.getTime() - a.p.publishedAt.getTime() || b.p.id - a.p.id)
      .slice(0, limit)
      .map((x) => x.p.id);

  const make = async (prefix: string, tags: string[], sources: string[], state: 'live' | 'draft' | 'scheduled', publishedAt: Date): Promise<Made> => {
    const when = state === 'scheduled' ? new Date(now.getTime() + 86_400_000) : publishedAt;
    const post = await aPost(database.db, {
      status: state === 'draft' ? 'draft' : 'published',
      publishedAt: when,
      terms: tags.map((t) => ({ kind: 'tag' as const, slug: `${prefix}-${t}`, name: `${prefix} ${t}` })),
      sources: sources.map((s) => ({ slug: `${prefix}-${s}`, name: `${prefix} ${s}`, role: 'cited' as const })),
    });
    return { id: post.id, tags, sources, live: state === 'live', publishedAt: when };
  };

  it('matches the plain ranking on mixed sites, drafts and scheduled posts among the best matches', async () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items.filter(() => next() < 0.45);
    const dates = [0, 1, 2, 3].map((d) => new Date(Date.UTC(2025, 0, 1 + d, 12)));
    const made: Made[] = [];
    for (let i = 0; i < 60; i++) {
      const roll = next();
      made.push(
        await make(
          'mix',
          pick(['a', 'b', 'c', 'd']),
          pick(['s1', 's2']),
          roll < 0.15 ? 'draft' : roll < 0.25 ? 'scheduled' : 'live',
          dates[Math.floor(next() * dates.length)]!,
        ),
      );
    }
    // Posts that share everything but are not live: the best candidates have to be passed over.
    for (const state of ['draft', 'scheduled', 'draft'] as const) made.push(await make('mix', ['a', 'b', 'c', 'd'], ['s1', 's2'], state, dates[0]!));
    let compared = 0;
    for (const subject of made.filter((p) => p.live).slice(0, 12)) {
      for (const limit of [1, 3, 5, 8]) {
        const related = await listRelatedPosts(database.db, subject.id, limit, now);
        assert.deepEqual(
          related.map((p) => p.id),
          expected(subject, made, limit),
          `post ${subject.id}, limit ${limit}`,
        );
        compared += 1;
      }
    }
    assert.equal(compared, 48);
  });

  it('matches the plain ranking when hundreds of posts share the same one thing', async () => {
    const made: Made[] = [];
    for (let i = 0; i < 230; i++) made.push(await make('busy', ['world'], [], i % 10 === 0 ? 'draft' : 'live', new Date(Date.UTC(2024, 0, 1, 0, i % 50))));
    const subject = made[1]!;
    for (const limit of [1, 5]) {
      const related = await listRelatedPosts(database.db, subject.id, limit, now);
      assert.equal(related.length, limit);
      assert.deepEqual(
        related.map((p) => p.id),
        expected(subject, made, limit),
      );
    }
  });

  const idsOf = (posts: Array<{ id: number }>) => posts.map((p) => p.id);
  const tagId = async (slug: string) => (await database.db.selectFrom('terms').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  it('keeps a ranking until the lists of posts change, whatever else changes', async () => {
    const subject = await make('kept', ['a', 'b'], [], 'live', new Date(Date.UTC(2025, 1, 1)));
    const first = await make('kept', ['a'], [], 'live', new Date(Date.UTC(2025, 1, 2)));
    const unlinked = [
      await make('kept', ['z'], [], 'live', new Date(Date.UTC(2025, 1, 3))),
      await make('kept', ['z'], [], 'live', new Date(Date.UTC(2025, 1, 4))),
    ];
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [first.id]);

    // Links written behind the change log's back are not seen: the stored ranking is used.
    const link = (postId: number, termId: number) => database.db.insertInto('post_terms').values({ post_id: postId, term_id: termId, position: 9 }).execute();
    await link(unlinked[0]!.id, await tagId('kept-a'));
    await link(unlinked[0]!.id, await tagId('kept-b'));
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [first.id]);
    // An approved comment renders the article again but leaves the lists alone.
    await appendChange(database.db, [commentsOf(subject.id), ALL_COMMENTS], now);
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [first.id]);
    // A change to the lists ranks again.
    await appendChange(database.db, [POST_PAGES, postKey(unlinked[0]!.id)], now);
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [unlinked[0]!.id, first.id]);
    // So does a change to every page (settings, a seeded site).
    await link(unlinked[1]!.id, await tagId('kept-b'));
    await appendChange(database.db, [EVERY_PAGE], now);
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [unlinked[0]!.id, unlinked[1]!.id, first.id]);
    // A ranking kept for one limit is not served for another.
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 1, now)), [unlinked[0]!.id]);
  });

  it('ranks a scheduled post in from its time, before the scheduler has announced it', async () => {
    const subject = await make('due', ['a', 'b'], [], 'live', new Date(Date.UTC(2025, 2, 1)));
    const older = await make('due', ['a'], [], 'live', new Date(Date.UTC(2025, 2, 2)));
    const dueAt = new Date(now.getTime() + 3_600_000);
    const scheduled = await aPost(database.db, {
      status: 'published',
      publishedAt: dueAt,
      terms: ['a', 'b'].map((t) => ({ kind: 'tag' as const, slug: `due-${t}`, name: `due ${t}` })),
    });
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, now)), [older.id]);
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, new Date(dueAt.getTime() - 1))), [older.id]);
    assert.deepEqual(idsOf(await listRelatedPosts(database.db, subject.id, 3, dueAt)), [scheduled.id, older.id]);
  });

  // SQLite plans from the schema alone (no statistics), so a small site shows a large one's plan.
  it('reads the candidates and their summaries by primary key', { skip: TEST_BACKEND !== 'sqlite' && 'the query plans are SQLite’s' }, async () => {
    const subject = await make('plan', ['x', 'y'], ['s'], 'live', new Date(Date.UTC(2025, 5, 1)));
    for (let i = 0; i < 4; i++) await make('plan', ['x'], i % 2 ? ['s'] : [], 'live', new Date(Date.UTC(2025, 4, 1 + i)));
    const plans = await sqlitePlansOf(database.db, async (db) => {
      assert.equal((await listRelatedPosts(db, subject.id, 3, now)).length, 3);
    });
    // Storing the ranking looks up when the next scheduled post goes live: the first entry of
    // the index past now, one row.
    const nextToGoLive = plans.filter((plan) => /published_at>\?/.test(plan));
    assert.deepEqual(nextToGoLive, ['SEARCH posts USING COVERING INDEX posts_status_published_at (status=? AND published_at>?)'], plans.join('\n'));
    const postReads = plans.filter((plan) => /SEARCH posts /.test(plan) && !nextToGoLive.includes(plan));
    assert.ok(postReads.length >= 2, plans.join('\n'));
    // Walking the (status, published_at) index to find a few ids reads every published post.
    for (const plan of postReads) assert.match(plan, /SEARCH posts USING INTEGER PRIMARY KEY/, plans.join('\n'));
    for (const plan of postReads) assert.doesNotMatch(plan, /posts_status_published_at/, plans.join('\n'));
  });
});
