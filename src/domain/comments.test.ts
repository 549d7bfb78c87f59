import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_DISCUSSION_RULES,
  decideModeration,
  findInThread,
  replyDepth,
  threadComments,
  type PublicComment,
} from './comments.ts';
import { DomainError } from './errors.ts';

describe('decideModeration', () => {
  const rules = DEFAULT_DISCUSSION_RULES;

  it('holds a first comment from an author with no approved comment', () => {
    const d = decideModeration({ linkCount: 0, authorHasApprovedComment: false }, rules);
    assert.equal(d.status, 'pending');
    assert.match(d.reasons.join(), /no approved comment/);
  });

  it('approves a comment from an author with an approved comment', () => {
    assert.deepEqual(decideModeration({ linkCount: 0, authorHasApprovedComment: true }, rules), { status: 'approved', reasons: [] });
  });

  it('holds a known author’s comment with as many links as the limit, not one fewer', () => {
    assert.equal(decideModeration({ linkCount: 2, authorHasApprovedComment: true }, rules).status, 'pending');
    assert.equal(decideModeration({ linkCount: 1, authorHasApprovedComment: true }, rules).status, 'approved');
  });

  it('holds everything when every comment is approved by hand', () => {
    const d = decideModeration({ linkCount: 0, authorHasApprovedComment: true }, { ...rules, manualApproval: true });
    assert.equal(d.status, 'pending');
  });

  it('approves newcomers when the site does not require a previous approval', () => {
    const d = decideModeration({ linkCount: 0, authorHasApprovedComment: false }, { ...rules, requirePreviouslyApproved: false });
    assert.equal(d.status, 'approved');
  });

  it('ignores links when the link rule is off', () => {
    const d = decideModeration({ linkCount: 50, authorHasApprovedComment: true }, { ...rules, maxLinks: 0 });
    assert.equal(d.status, 'approved');
  });
});

describe('replyDepth', () => {
  it('puts a top-level comment at depth 1 and a reply one below its parent', () => {
    assert.equal(replyDepth(null), 1);
    assert.equal(replyDepth(3), 4);
    assert.equal(replyDepth(4), 5);
  });

  it('refuses a reply deeper than five levels with a field error', () => {
    assert.throws(
      () => replyDepth(5),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid' && 'comment_parent' in e.fields,
    );
  });
});

function comment(id: number, parentId: number | null): PublicComment {
  return { id, postId: 1, parentId, authorName: `A${id}`, authorUrl: null, body: `c${id}`, createdAt: new Date(id * 1000) };
}

describe('threadComments', () => {
  it('nests replies under their parents in order, with depths', () => {
    const tree = threadComments([comment(1, null), comment(2, 1), comment(3, null), comment(4, 2), comment(5, 1)]);
    assert.deepEqual(
      tree.map((n) => [n.comment.id, n.depth, n.replies.map((r) => [r.comment.id, r.depth, r.replies.map((x) => x.comment.id)])]),
      [
        [1, 1, [[2, 2, [4]], [5, 2, []]]],
        [3, 1, []],
      ],
    );
  });

  it('leaves out replies whose parent is not visible', () => {
    const tree = threadComments([comment(1, null), comment(3, 2), comment(4, 3)]);
    assert.deepEqual(tree.map((n) => n.comment.id), [1]);
    assert.equal(tree[0]?.replies.length, 0);
  });

  it('finds a comment anywhere in a thread', () => {
    const tree = threadComments([comment(1, null), comment(2, 1), comment(3, 2)]);
    assert.equal(findInThread(tree, 3)?.depth, 3);
    assert.equal(findInThread(tree, 9), undefined);
  });
});
