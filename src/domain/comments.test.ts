import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  layOutCommentPages,
  commentsAreOpen,
  DEFAULT_DISCUSSION_RULES,
  decideModeration,
  findListedWord,
  moderationTarget,
  parseWordList,
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
  return { id, postId: 1, parentId, authorName: `A${id}`, authorUrl: null, body: `c${id}`, createdAt: new Date(id * 1000), erased: false };
}

describe('threadComments', () => {
  it('nests replies under their parents in order, with depths', () => {
    const tree = threadComments([comment(1, null), comment(2, 1), comment(3, null), comment(4, 2), comment(5, 1)]);
    assert.deepEqual(
      tree.map((n) => [n.comment.id, n.depth, n.replies.map((r) => [r.comment.id, r.depth, r.replies.map((x) => x.comment.id)])]),
      [
        [
          1,
          1,
          [
            [2, 2, [4]],
            [5, 2, []],
          ],
        ],
        [3, 1, []],
      ],
    );
  });

  it('leaves out replies whose parent is not visible', () => {
    const tree = threadComments([comment(1, null), comment(3, 2), comment(4, 3)]);
    assert.deepEqual(
      tree.map((n) => n.comment.id),
      [1],
    );
    assert.equal(tree[0]?.replies.length, 0);
  });

  it('finds a comment anywhere in a thread', () => {
    const tree = threadComments([comment(1, null), comment(2, 1), comment(3, 2)]);
    assert.equal(findInThread(tree, 3)?.depth, 3);
    assert.equal(findInThread(tree, 9), undefined);
  });
});

describe('layOutCommentPages', () => {
  const c = (id: number, parentId: number | null = null) => ({ id, parentId });

  it('puts threads on pages oldest first, each reply on its thread’s page', () => {
    // Threads 1, 2, 4, 7, 8 (two a page); 3 answers 1 and 6 answers 3; 5 answers 2; 9 answers 8.
    const layout = layOutCommentPages([c(1), c(2), c(3, 1), c(4), c(5, 2), c(6, 3), c(7), c(8), c(9, 8)], 2);
    assert.equal(layout.pageCount, 3);
    assert.equal(layout.shownCount, 9);
    assert.deepEqual(
      [...layout.pageOf],
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 2],
        [5, 1],
        [6, 1],
        [7, 2],
        [8, 3],
        [9, 3],
      ],
    );
  });

  it('leaves out replies to comments that are not shown, and counts only what is shown', () => {
    // 10 was held: its reply 11, and 12 under that, are not shown.
    const layout = layOutCommentPages([c(1), c(11, 10), c(12, 11), c(13, 1)], 1);
    assert.deepEqual(
      [...layout.pageOf],
      [
        [1, 1],
        [13, 1],
      ],
    );
    assert.equal(layout.shownCount, 2);
    assert.equal(layout.pageCount, 1);
  });

  it('has one page, empty, for a post without comments', () => {
    assert.deepEqual(layOutCommentPages([], 50), { pageOf: new Map(), pageCount: 1, shownCount: 0 });
  });
});

describe('word lists (moderation and disallowed words)', () => {
  const rules = DEFAULT_DISCUSSION_RULES;
  const fields = { body: 'A fair point about Viagra pricing.', authorName: 'Pat', authorEmail: 'pat@example.org', authorUrl: null, authorIp: '203.0.113.9' };
  const known = { linkCount: 0, authorHasApprovedComment: true };

  it('reads one word or phrase per line, trimmed, without blank lines or repeats', () => {
    assert.deepEqual(parseWordList('  casino \r\n\n\ncheap pills\ncasino\n'), ['casino', 'cheap pills']);
    assert.deepEqual(parseWordList(''), []);
  });

  it('matches case-insensitively inside words and in every field the commenter sent', () => {
    assert.equal(findListedWord(['viagra'], fields), 'viagra');
    assert.equal(findListedWord(['agr'], fields), 'agr');
    assert.equal(findListedWord(['PAT@EXAMPLE'], fields), 'PAT@EXAMPLE');
    assert.equal(findListedWord(['203.0.113.'], fields), '203.0.113.');
    assert.equal(findListedWord(['spam.example'], { ...fields, authorUrl: 'https://spam.example/' }), 'spam.example');
    assert.equal(findListedWord(['casino'], fields), undefined);
    assert.equal(findListedWord(['   '], fields), undefined);
  });

  it('sends a comment with a disallowed word to spam, even from a known author', () => {
    const d = decideModeration({ ...known, fields }, { ...rules, disallowedKeys: ['viagra'] });
    assert.equal(d.status, 'spam');
    assert.match(d.reasons.join(), /viagra/);
  });

  it('holds a comment with a moderation word, even from a known author', () => {
    const d = decideModeration({ ...known, fields }, { ...rules, moderationKeys: ['pricing'] });
    assert.equal(d.status, 'pending');
    assert.match(d.reasons.join(), /moderation word “pricing”/);
  });

  it('prefers spam when a comment matches both lists', () => {
    assert.equal(decideModeration({ ...known, fields }, { ...rules, moderationKeys: ['fair'], disallowedKeys: ['pricing'] }).status, 'spam');
  });

  it('approves a known author whose comment matches neither list', () => {
    assert.equal(decideModeration({ ...known, fields }, { ...rules, moderationKeys: ['casino'], disallowedKeys: ['poker'] }).status, 'approved');
  });
});

describe('commentsAreOpen', () => {
  const published = new Date('2024-01-01T12:00:00Z');
  const day = 24 * 60 * 60 * 1000;

  it('never closes comments by age when the rule is 0', () => {
    assert.equal(commentsAreOpen({ commentsOpen: true, publishedAt: published }, { closeAfterDays: 0 }, new Date(published.getTime() + 9999 * day)), true);
  });

  it('closes comments once a post is more than N days old, not before', () => {
    const rules = { closeAfterDays: 14 };
    assert.equal(commentsAreOpen({ commentsOpen: true, publishedAt: published }, rules, new Date(published.getTime() + 14 * day)), true);
    assert.equal(commentsAreOpen({ commentsOpen: true, publishedAt: published }, rules, new Date(published.getTime() + 14 * day + 1)), false);
  });

  it('keeps a post closed that its author closed', () => {
    assert.equal(commentsAreOpen({ commentsOpen: false, publishedAt: published }, { closeAfterDays: 0 }, published), false);
  });
});

describe('moderationTarget', () => {
  it('approves, spams and trashes from any status', () => {
    for (const from of ['pending', 'approved', 'spam', 'trash'] as const) {
      assert.equal(moderationTarget('approve', from, null), 'approved');
      assert.equal(moderationTarget('spam', from, null), 'spam');
      assert.equal(moderationTarget('trash', from, null), 'trash');
    }
  });

  it('unapproves only an approved comment', () => {
    assert.equal(moderationTarget('unapprove', 'approved', null), 'pending');
    assert.equal(moderationTarget('unapprove', 'spam', null), undefined);
  });

  it('restores from the trash to the status before it, or to the queue', () => {
    assert.equal(moderationTarget('restore', 'trash', 'approved'), 'approved');
    assert.equal(moderationTarget('restore', 'trash', 'pending'), 'pending');
    assert.equal(moderationTarget('restore', 'trash', 'spam'), 'pending');
    assert.equal(moderationTarget('restore', 'trash', null), 'pending');
    assert.equal(moderationTarget('restore', 'approved', 'pending'), undefined);
  });

  it('takes a comment out of spam to where it was, or to the queue', () => {
    assert.equal(moderationTarget('not_spam', 'spam', 'approved'), 'approved');
    assert.equal(moderationTarget('not_spam', 'spam', null), 'pending');
    assert.equal(moderationTarget('not_spam', 'pending', null), undefined);
  });
});

describe('replyDepth with a site’s own thread depth', () => {
  it('allows replies down to the chosen depth and refuses one deeper', () => {
    assert.equal(replyDepth(2, 3), 3);
    assert.throws(
      () => replyDepth(3, 3),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid',
    );
    assert.equal(replyDepth(9, 10), 10);
  });
});
