import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { sqlitePlansOf } from '../../test/support/query-plans.ts';
import { setPostPinned } from './post-editor.ts';
import { listHomeFirstPage, listPublishedPosts } from './posts.ts';

describe('the home page’s first page with pinned posts', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T00:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 30; i++) await aPost(database.db, { publishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
  });
  after(() => database.destroy());

  it('leaves out pinned drafts and scheduled posts, and costs one query more than another page', async () => {
    const draft = await aPost(database.db, { status: 'draft', publishedAt: undefined });
    const scheduled = await aPost(database.db, { publishedAt: new Date('2027-01-01T00:00:00Z') });
    const live = await aPost(database.db, { publishedAt: new Date(Date.UTC(2025, 0, 1)) });
    await setPostPinned(database.db, live.id, new Date('2026-05-01T00:00:00Z'));
    await setPostPinned(database.db, draft.id, new Date('2026-05-02T00:00:00Z'));
    await setPostPinned(database.db, scheduled.id, new Date('2026-05-03T00:00:00Z'));
    const first = await listHomeFirstPage(database.db, { now, perPage: 10, pinnedLimit: 3 });
    assert.deepEqual(
      first.pinned.map((p) => p.id),
      [live.id],
    );
    assert.equal(first.latest.length, 10);
    assert.equal(first.hasNext, true);
    if (TEST_BACKEND !== 'sqlite') return;
    const firstPlans = await sqlitePlansOf(database.db, (db) => listHomeFirstPage(db, { now, perPage: 10, pinnedLimit: 3 }));
    const otherPlans = await sqlitePlansOf(database.db, (db) => listPublishedPosts(db, { now, limit: 11, offset: 10 }));
    assert.equal(firstPlans.length, otherPlans.length + 1);
    // The pinned rows come from their own partial index, not a walk of the published posts.
    assert.match(firstPlans[0]!, /posts_pinned_at/);
  });
});
