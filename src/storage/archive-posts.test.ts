import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import { listPublishedPosts } from './posts.ts';

interface Made {
  id: number;
  live: boolean;
  publishedAt: Date;
}

/**
 * An archive with few posts is read from its links and one with many walks the posts newest
 * first; both must give the same pages: live posts only, newest first, ties by highest id.
 */
describe('archive pages of categories, tags and outlets', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T00:00:00Z');
  const rare: Made[] = [];
  const busy: Made[] = [];
  let rareTag = 0;
  let busyTag = 0;
  let rareSource = 0;

  const make = async (tag: string, source: string | null, i: number): Promise<Made> => {
    const state = i % 7 === 3 ? 'draft' : i % 7 === 5 ? 'scheduled' : 'live';
    // Days repeat so that ties on the date are broken by id.
    const publishedAt = state === 'scheduled' ? new Date(now.getTime() + 3_600_000 * (i + 1)) : new Date(Date.UTC(2025, 0, 1 + (i % 40), 8));
    const post = await aPost(database.db, {
      status: state === 'draft' ? 'draft' : 'published',
      publishedAt,
      terms: [{ kind: 'tag', slug: tag, name: tag }],
      sources: source ? [{ slug: source, name: source, role: 'cited' }] : [],
    });
    return { id: post.id, live: state === 'live', publishedAt };
  };
  const expected = (made: Made[], offset: number, limit: number) =>
    made
      .filter((p) => p.live)
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.id - a.id)
      .slice(offset, offset + limit)
      .map((p) => p.id);

  before(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 12; i++) rare.push(await make('rare', 'rare-outlet', i));
    // More than an archive reads from its links.
    for (let i = 0; i < 320; i++) busy.push(await make('busy', null, i));
    const ids = await database.db.selectFrom('terms').select(['id', 'slug']).execute();
    rareTag = ids.find((t) => t.slug === 'rare')!.id;
    busyTag = ids.find((t) => t.slug === 'busy')!.id;
    rareSource = (await database.db.selectFrom('sources').select('id').where('slug', '=', 'rare-outlet').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await database.destroy();
  });

  it('gives every page of a tag with few posts and of one with many in the same order', async () => {
    let compared = 0;
    for (const [termId, made] of [
      [rareTag, rare],
      [busyTag, busy],
    ] as const) {
      for (const [offset, limit] of [
        [0, 3],
        [3, 3],
        [0, 11],
        [6, 11],
        [200, 11],
        [500, 11],
      ] as const) {
        const page = await listPublishedPosts(database.db, { now, termId, offset, limit });
        assert.deepEqual(
          page.map((p) => p.id),
          expected(made, offset, limit),
          `tag ${termId}, offset ${offset}`,
        );
        compared += 1;
      }
    }
    assert.equal(compared, 12);
    const outlet = await listPublishedPosts(database.db, { now, sourceId: rareSource, limit: 20 });
    assert.deepEqual(
      outlet.map((p) => p.id),
      expected(rare, 0, 20),
    );
    assert.ok(outlet.every((p) => p.sources.some((s) => s.source.slug === 'rare-outlet')));
  });

  // SQLite plans from the schema alone (no statistics), so a small site shows a large one's plan.
  it('reads an archive with few posts by primary key', { skip: TEST_BACKEND !== 'sqlite' && 'the query plans are SQLite’s' }, async () => {
    const plans = await sqlitePlansOf(database.db, async (db) => {
      assert.equal((await listPublishedPosts(db, { now, termId: rareTag, limit: 5 })).length, 5);
    });
    const postReads = plans.filter((plan) => /SEARCH posts /.test(plan));
    assert.ok(postReads.length >= 2, plans.join('\n'));
    // Walking the (status, published_at) index reads every published post of the site.
    for (const plan of postReads) assert.doesNotMatch(plan, /posts_status_published_at/, plans.join('\n'));
  });
});
