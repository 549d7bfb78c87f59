import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { COMMENT_THREADS_PER_PAGE, layOutCommentPages, type CommentNode } from '../domain/comments.ts';
import { NotFoundError } from '../domain/errors.ts';
import { findMaxId, insertCommentsBulk, type BulkComment } from '../storage/bulk.ts';
import { findCommentPage, getArticle } from './posts.ts';

const flatten = (nodes: readonly CommentNode[]): number[] => nodes.flatMap((node) => [node.comment.id, ...flatten(node.replies)]);

/**
 * A post with more comments than are read whole has its threads laid out from ids and only
 * the page's comments read (in several queries when they are many): the pages must be the ones
 * laying out every comment gives.
 */
describe('an article’s comments on pages, on a post with over a thousand', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T12:00:00Z');
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('shows each comment on the page its thread is on, once', async () => {
    const db = database.db;
    const post = await aPost(db, { title: 'The busiest story of the year', publishedAt: new Date('2026-05-01T08:00:00Z') });
    const firstId = (await findMaxId(db, 'comments')) + 1;
    const comments: BulkComment[] = [];
    let root = firstId;
    // Threads of a top-level comment and three replies (one answering another); every
    // seventeenth thread is held, so its replies are not shown either.
    for (let i = 0; i < 1_300; i++) {
      const id = firstId + i;
      if (i % 4 === 0) root = id;
      const held = i % 4 === 0 && (i / 4) % 17 === 5;
      const parentId = i % 4 === 0 ? null : i % 4 === 3 ? id - 1 : root;
      comments.push({
        id,
        postId: post.id,
        parentId,
        depth: parentId === null ? 1 : i % 4 === 3 ? 3 : 2,
        authorName: `Reader ${i}`,
        authorEmail: `reader${i}@example.org`,
        authorIp: null,
        userAgent: null,
        body: `Comment ${i}`,
        status: held ? 'pending' : 'approved',
        createdAt: new Date(now.getTime() - (1_300 - i) * 60_000),
      });
    }
    await insertCommentsBulk(db, comments);

    const approved = comments.filter((c) => c.status === 'approved');
    const expected = layOutCommentPages(approved, COMMENT_THREADS_PER_PAGE);
    assert.ok(approved.length > 1_000 && expected.pageCount === 2, `${approved.length} approved, ${expected.pageCount} pages`);
    const permalink = { year: 2026, month: 5, day: 1, slug: post.slug };
    const seen: number[] = [];
    for (let page = 1; page <= expected.pageCount; page++) {
      const article = await getArticle(db, permalink, now, 'UTC', { page });
      assert.equal(article.kind, 'article');
      if (article.kind !== 'article') return;
      assert.equal(article.comments.page, page);
      assert.equal(article.comments.pageCount, 2);
      assert.equal(article.comments.count, expected.shownCount);
      const ids = flatten(article.comments.threads);
      assert.deepEqual(
        ids,
        approved.filter((c) => expected.pageOf.get(c.id) === page).map((c) => c.id),
      );
      seen.push(...ids);
    }
    assert.equal(new Set(seen).size, expected.shownCount);
    // A page past the last is not found; a comment's page is found by its id.
    await assert.rejects(getArticle(db, permalink, now, 'UTC', { page: 3 }), NotFoundError);
    const lastShown = seen.at(-1)!;
    const byComment = await getArticle(db, permalink, now, 'UTC', { pageOf: lastShown });
    assert.ok(byComment.kind === 'article' && byComment.comments.page === 2);
    assert.equal(await findCommentPage(db, post.id, lastShown), 2);
    assert.equal(await findCommentPage(db, post.id, firstId), 1);
  });
});
