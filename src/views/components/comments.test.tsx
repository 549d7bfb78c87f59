import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { threadComments, type PublicComment } from '../../domain/comments.ts';
import { pageLocale } from '../format.ts';
import { CommentList } from './comments.tsx';

const base: PublicComment = {
  id: 41,
  postId: 7,
  parentId: null,
  authorName: 'Ada Reader',
  authorUrl: null,
  body: 'First thoughts on the story.',
  createdAt: new Date('2026-03-04T10:20:00Z'),
  erased: false,
};

function render(comments: PublicComment[], options: { permalink?: string; threadDepth?: number } = {}): string {
  const threads = threadComments(comments);
  const page = { threads, page: 1, pageCount: 1, count: comments.length };
  const html = (
    <CommentList
      comments={page}
      articlePath={options.permalink ?? '/2026/03/04/story/'}
      threadDepth={options.threadDepth ?? 5}
      i18n={pageLocale('en', 'UTC')}
    />
  ).toString();
  assert.equal(typeof html, 'string');
  return html as string;
}

/**
 * Comments are rendered once and their HTML reused (RenderedOnce): a second render of the
 * same comment must still show every change to anything it shows.
 */
describe('comment list', () => {
  it('shows the comment as it is now at every render, whatever was rendered before', () => {
    const first = render([base]);
    assert.match(first, /First thoughts on the story\./);
    assert.equal(render([base]), first);

    const edited = render([{ ...base, body: 'Second thoughts, after an edit.' }]);
    assert.match(edited, /Second thoughts, after an edit\./);
    assert.doesNotMatch(edited, /First thoughts/);

    assert.match(render([{ ...base, authorName: 'Ada R.' }]), /Ada R\.<\/span>/);
    assert.match(
      render([{ ...base, authorUrl: 'https://ada.example/' }]),
      /<a class="comment-author" href="https:\/\/ada.example\/" rel="nofollow ugc" dir="auto">Ada Reader<\/a>/,
    );
    assert.match(render([{ ...base, createdAt: new Date('2026-03-05T08:00:00Z') }]), /datetime="2026-03-05T08:00:00.000Z"/);
    assert.match(render([base], { permalink: '/2026/03/05/moved/' }), /href="\/2026\/03\/05\/moved\/#comment-41"/);
    assert.doesNotMatch(render([base], { threadDepth: 1 }), /comment-reply/);
    assert.match(render([base], { threadDepth: 2 }), /\?replytocom=41#respond/);

    const erased = render([{ ...base, erased: true, authorName: '', body: '' }]);
    assert.match(erased, /Deleted comment/);
    assert.doesNotMatch(erased, /Ada Reader|First thoughts/);
  });

  it('keeps replies under their comment when a reply is added', () => {
    const reply: PublicComment = { ...base, id: 42, parentId: 41, authorName: 'Ben', body: 'A reply.' };
    assert.doesNotMatch(render([base]), /A reply\./);
    const thread = render([base, reply]);
    assert.match(thread, /First thoughts on the story\.[\s\S]*<ol class="comment-children"><li id="comment-42"[\s\S]*A reply\./);
  });

  it('escapes what a reader typed, rendered fresh or again', () => {
    const hostile = { ...base, id: 43, authorName: '<script>alert(1)</script>', body: '<img src=x onerror=alert(1)>' };
    for (const html of [render([hostile]), render([hostile])]) {
      assert.doesNotMatch(html, /<script>|<img/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    }
  });
});
