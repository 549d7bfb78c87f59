import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from './users.ts';
import { canChangePost, canCorrectPost, decideSave, isLive, listStatusOf, movedPermalink, resolveSlug, type PostState } from './post-editor.ts';
import { DomainError } from './errors.ts';
import { changedFields, newerFirst, olderAndNewer, type RevisionContent } from './revisions.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const LATER = new Date('2026-03-02T08:30:00.000Z');
const EARLIER = new Date('2026-02-01T08:30:00.000Z');
const user = (role: Role, authorId = 1) => ({ role, authorId });
const draft = (authorId = 1): PostState => ({ authorId, status: 'draft', publishedAt: null });
const live = (authorId = 1): PostState => ({ authorId, status: 'published', publishedAt: EARLIER });

function refuses(fn: () => unknown, code: 'forbidden' | 'invalid'): void {
  assert.throws(fn, (e: unknown) => e instanceof DomainError && e.code === code);
}

describe('decideSave', () => {
  it('lets a contributor save drafts of their own, and nothing more', () => {
    assert.deepEqual(decideSave(user('contributor'), undefined, 'save', NOW, null), { status: 'draft', publishedAt: null });
    assert.deepEqual(decideSave(user('contributor'), draft(), 'save', NOW, null), { status: 'draft', publishedAt: null });
    refuses(() => decideSave(user('contributor'), draft(), 'publish', NOW, null), 'forbidden');
    refuses(() => decideSave(user('contributor'), undefined, 'publish', NOW, null), 'forbidden');
    refuses(() => decideSave(user('contributor'), draft(), 'schedule', NOW, LATER), 'forbidden');
    refuses(() => decideSave(user('contributor'), draft(2), 'save', NOW, null), 'forbidden');
  });

  it('lets a contributor not change their post once an editor published it', () => {
    refuses(() => decideSave(user('contributor'), live(), 'save', NOW, null), 'forbidden');
    refuses(() => decideSave(user('contributor'), live(), 'unpublish', NOW, null), 'forbidden');
  });

  it('lets an author publish, schedule and unpublish their own posts only', () => {
    assert.deepEqual(decideSave(user('author'), draft(), 'publish', NOW, null), { status: 'published', publishedAt: NOW });
    assert.deepEqual(decideSave(user('author'), draft(), 'schedule', NOW, LATER), { status: 'published', publishedAt: LATER });
    assert.deepEqual(decideSave(user('author'), live(), 'unpublish', NOW, null), { status: 'draft', publishedAt: null });
    refuses(() => decideSave(user('author'), draft(2), 'publish', NOW, null), 'forbidden');
    refuses(() => decideSave(user('author'), draft(2), 'save', NOW, null), 'forbidden');
    refuses(() => decideSave(user('author'), live(2), 'unpublish', NOW, null), 'forbidden');
  });

  it('lets editors and above do anything to anyone’s post', () => {
    for (const role of ['editor', 'administrator', 'owner'] as const) {
      assert.equal(decideSave(user(role), draft(2), 'publish', NOW, null).status, 'published');
      assert.equal(decideSave(user(role), live(2), 'unpublish', NOW, null).status, 'draft');
      assert.deepEqual(decideSave(user(role), live(2), 'save', NOW, null), { status: 'published', publishedAt: EARLIER });
    }
  });

  it('keeps a live post’s date when it is published again, so its address stays', () => {
    assert.deepEqual(decideSave(user('editor'), live(), 'publish', NOW, null), { status: 'published', publishedAt: EARLIER });
    const scheduled: PostState = { authorId: 1, status: 'published', publishedAt: LATER };
    assert.deepEqual(decideSave(user('editor'), scheduled, 'publish', NOW, null), { status: 'published', publishedAt: NOW });
  });

  it('dates a post by the "Publish at" field: a past time re-dates it, its own date (to the minute) changes nothing', () => {
    const backdate = new Date('2026-01-15T07:00:00.000Z');
    assert.deepEqual(decideSave(user('editor'), draft(), 'publish', NOW, backdate), { status: 'published', publishedAt: backdate });
    assert.deepEqual(decideSave(user('editor'), live(), 'save', NOW, backdate), { status: 'published', publishedAt: backdate });
    assert.deepEqual(decideSave(user('editor'), live(), 'save', NOW, new Date('2026-02-01T08:30:00.000Z')), { status: 'published', publishedAt: EARLIER });
    assert.deepEqual(decideSave(user('editor'), live(), 'save', NOW, LATER), { status: 'published', publishedAt: LATER });
    refuses(() => decideSave(user('editor'), draft(), 'publish', NOW, LATER), 'invalid');
    assert.deepEqual(decideSave(user('contributor'), draft(), 'save', NOW, LATER), { status: 'draft', publishedAt: null });
  });

  it('asks for a time in the future to schedule', () => {
    refuses(() => decideSave(user('editor'), draft(), 'schedule', NOW, null), 'invalid');
    refuses(() => decideSave(user('editor'), draft(), 'schedule', NOW, NOW), 'invalid');
    refuses(() => decideSave(user('editor'), draft(), 'schedule', NOW, EARLIER), 'invalid');
  });

  it('cannot unpublish a draft', () => {
    refuses(() => decideSave(user('editor'), draft(), 'unpublish', NOW, null), 'invalid');
  });
});

describe('post states', () => {
  it('tells drafts, scheduled and published posts apart at a given time', () => {
    assert.equal(listStatusOf(draft(), NOW), 'draft');
    assert.equal(listStatusOf({ status: 'published', publishedAt: LATER }, NOW), 'scheduled');
    assert.equal(listStatusOf({ status: 'published', publishedAt: LATER }, LATER), 'published');
    assert.equal(isLive(live(), NOW), true);
  });

  it('lets only those who may publish a post change or correct it once published', () => {
    assert.equal(canChangePost(user('contributor'), draft()), true);
    assert.equal(canChangePost(user('contributor'), live()), false);
    assert.equal(canChangePost(user('author'), live()), true);
    assert.equal(canCorrectPost(user('author'), live(), NOW), true);
    assert.equal(canCorrectPost(user('author'), draft(), NOW), false);
    assert.equal(canCorrectPost(user('author'), live(2), NOW), false);
    assert.equal(canCorrectPost(user('editor'), live(2), NOW), true);
  });
});

describe('movedPermalink', () => {
  const at = new Date('2024-05-06T10:00:00.000Z');
  it('keeps the old address of a live post whose slug or date changed', () => {
    assert.equal(
      movedPermalink({ slug: 'old', status: 'published', publishedAt: at }, { slug: 'new', status: 'published', publishedAt: at }, NOW),
      '/2024/05/06/old/',
    );
    assert.equal(
      movedPermalink({ slug: 'same', status: 'published', publishedAt: at }, { slug: 'same', status: 'published', publishedAt: LATER }, NOW),
      '/2024/05/06/same/',
    );
  });

  it('keeps nothing when the address did not change or nobody could have seen it', () => {
    assert.equal(
      movedPermalink({ slug: 'same', status: 'published', publishedAt: at }, { slug: 'same', status: 'published', publishedAt: at }, NOW),
      undefined,
    );
    assert.equal(movedPermalink({ slug: 'old', status: 'draft', publishedAt: null }, { slug: 'new', status: 'published', publishedAt: NOW }, NOW), undefined);
    assert.equal(
      movedPermalink({ slug: 'old', status: 'published', publishedAt: LATER }, { slug: 'new', status: 'published', publishedAt: LATER }, NOW),
      undefined,
    );
    assert.equal(movedPermalink({ slug: 'old', status: 'published', publishedAt: at }, { slug: 'new', status: 'draft', publishedAt: null }, NOW), undefined);
  });
});

describe('resolveSlug', () => {
  it('suggests one from the title when left empty, and checks a typed one', () => {
    assert.deepEqual(resolveSlug('', 'Lavrov meets Blinken!'), { slug: 'lavrov-meets-blinken' });
    assert.deepEqual(resolveSlug('  my-slug ', 'x'), { slug: 'my-slug' });
    assert.ok('error' in resolveSlug('Not A Slug', 'x'));
    assert.ok('error' in resolveSlug('', '!!!'));
    assert.ok('error' in resolveSlug('a'.repeat(201), 'x'));
  });
});

describe('revisions', () => {
  const content = (over: Partial<RevisionContent['draft']> = {}, status: 'draft' | 'published' = 'draft'): RevisionContent => ({
    draft: { title: 'T', slug: 't', excerpt: '', bodyMarkdown: 'Body', label: null, commentsOpen: true, categories: [], tags: [], sources: [], ...over },
    status,
    publishedAt: status === 'published' ? EARLIER : null,
  });

  it('orders newest first, by time and then by id', () => {
    const a = { id: 1, createdAt: EARLIER };
    const b = { id: 2, createdAt: EARLIER };
    const c = { id: 3, createdAt: NOW };
    assert.deepEqual(
      [a, c, b].sort(newerFirst).map((r) => r.id),
      [3, 2, 1],
    );
    assert.deepEqual(
      olderAndNewer(c, a).map((r) => r.id),
      [1, 3],
    );
    assert.deepEqual(
      olderAndNewer(a, b).map((r) => r.id),
      [1, 2],
    );
  });

  it('lists the fields that changed, apart from the body', () => {
    const changes = changedFields(
      content(),
      content(
        { title: 'New title', label: 'news', sources: [{ name: 'IZ', url: null, role: 'original', language: 'ru' }], bodyMarkdown: 'Other' },
        'published',
      ),
    );
    assert.deepEqual(
      changes.map((c) => [c.field, c.before, c.after]),
      [
        ['title', 'T', 'New title'],
        ['label', 'None', 'News'],
        ['sources', '', 'IZ · original · ru'],
        ['status', 'Draft', 'Published'],
        ['published_at', '', '2026-02-01 08:30 UTC'],
      ],
    );
    assert.deepEqual(changedFields(content(), content()), []);
    // The date as the newsroom reads it, in the site's time zone, named.
    const inMoscow = changedFields(content(), content({}, 'published'), 'Europe/Moscow').find((c) => c.field === 'published_at');
    assert.equal(inMoscow?.after, '2026-02-01 11:30 Europe/Moscow');
  });
});
