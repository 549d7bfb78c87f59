import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { COMMENT_THREADS_PER_PAGE } from '../../domain/comments.ts';
import { permalinkOf } from '../../domain/posts.ts';

/**
 * A story whose discussion outgrows one page keeps every comment readable: later threads are on
 * /comment-page-N/, as in WordPress, and links to a comment lead to its page.
 */
describe('pages of a busy article’s comments', () => {
  let server: TestServer;
  let path: string;
  let threads: number[];
  let replyToFirst: number;
  let replyToLast: number;
  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    const post = await aPost(db, { title: 'A very busy story' });
    path = permalinkOf(post);
    threads = [];
    for (let i = 1; i <= COMMENT_THREADS_PER_PAGE + 1; i++)
      threads.push(await aComment(db, post.id, { body: `Thread number ${i}.`, email: 'busy@example.org' }));
    replyToFirst = await aComment(db, post.id, { parentId: threads[0], depth: 2, body: 'An answer to the first thread.' });
    replyToLast = await aComment(db, post.id, { parentId: threads.at(-1), depth: 2, body: 'An answer to the last thread.' });
    await aComment(db, post.id, { status: 'pending', body: 'A held thread.' });
  });
  after(async () => {
    await server.close();
  });

  const get = (url: string) => fetch(`${server.url}${url}`, { redirect: 'manual' });
  const idsOn = (page: Awaited<ReturnType<typeof pageOf>>) =>
    page.querySelectorAll('.comment-list li.comment').map((li) => Number(li.getAttribute('id')?.slice('comment-'.length)));

  it('shows the oldest threads on the article, with a link to the newer ones, and counts every comment', async () => {
    const page = await pageOf(await get(path));
    assert.equal(textOf(page.querySelector('#comments-heading')), `${COMMENT_THREADS_PER_PAGE + 3} comments`);
    const shown = idsOn(page);
    assert.equal(shown.length, COMMENT_THREADS_PER_PAGE + 1);
    assert.ok(shown.includes(threads[0]!) && shown.includes(replyToFirst));
    assert.ok(!shown.includes(threads.at(-1)!) && !shown.includes(replyToLast));
    const next = page.querySelector('.comments nav.pagination a[rel="next"]');
    assert.equal(next?.getAttribute('href'), `${path}comment-page-2/#comments-heading`);
    assert.equal(textOf(next), 'Newer comments →');
    assert.equal(textOf(page.querySelector('.comments nav.pagination .pagination-current')), 'Page 1 of 2');
    assert.equal(page.querySelector(`#comment-${threads[0]} .comment-reply`)?.getAttribute('href'), `${path}?replytocom=${threads[0]}#respond`);
  });

  it('shows the newer threads at /comment-page-2/, whose links stay on that page', async () => {
    const res = await get(`${path}comment-page-2/`);
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.deepEqual(idsOn(page), [threads.at(-1), replyToLast]);
    assert.equal(textOf(page.querySelector(`#comment-${replyToLast} .comment-body`)), 'An answer to the last thread.');
    assert.equal(textOf(page.querySelector('#comments-heading')), `${COMMENT_THREADS_PER_PAGE + 3} comments`);
    assert.equal(page.querySelector('.comments nav.pagination a[rel="prev"]')?.getAttribute('href'), `${path}#comments-heading`);
    assert.equal(page.querySelector('.comments nav.pagination a[rel="next"]'), null);
    assert.equal(
      page.querySelector(`#comment-${threads.at(-1)} .comment-reply`)?.getAttribute('href'),
      `${path}comment-page-2/?replytocom=${threads.at(-1)}#respond`,
    );
    assert.equal(page.querySelector(`#comment-${threads.at(-1)} .comment-date`)?.getAttribute('href'), `${path}comment-page-2/#comment-${threads.at(-1)}`);
    // The same article otherwise, and one address for search engines.
    assert.equal(textOf(page.querySelector('h1')), 'A very busy story');
    assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute('href'), `${server.url}${path}`);
  });

  it('puts the reply form beside the comment it answers, wherever the link came from', async () => {
    for (const url of [`${path}comment-page-2/?replytocom=${threads.at(-1)}`, `${path}?replytocom=${threads.at(-1)}`]) {
      const page = await pageOf(await get(url));
      assert.ok(idsOn(page).includes(threads.at(-1)!), url);
      assert.equal(page.querySelector('input[name="comment_parent"]')?.getAttribute('value'), String(threads.at(-1)), url);
      // Cancelling the reply stays on the page of the comment.
      assert.equal(page.querySelector('#reply-title a')?.getAttribute('href'), `${path}comment-page-2/#respond`, url);
    }
  });

  it('answers the first page’s other address with a redirect, and pages past the last with 404', async () => {
    const first = await get(`${path}comment-page-1/`);
    assert.equal(first.status, 301);
    assert.equal(first.headers.get('location'), path);
    for (const url of [`${path}comment-page-3/`, `${path}comment-page-0/`, `${path}comment-page-02/`, `${path}comment-page-x/`]) {
      assert.equal((await get(url)).status, 404, url);
    }
  });

  it('links each comment in the comment feeds to the page it is on', async () => {
    for (const feed of [`${path}feed/`, '/comments/feed/']) {
      const xml = await (await get(feed)).text();
      assert.ok(xml.includes(`<link>${server.url}${path}comment-page-2/#comment-${replyToLast}</link>`), feed);
      assert.ok(xml.includes(`<link>${server.url}${path}#comment-${replyToFirst}</link>`), feed);
    }
  });

  it('sends a reader whose comment is published to the page it is on', async () => {
    const res = await postForm(server, `${path}comments`, {
      comment: 'One more thread, on the newest page.',
      author: 'Busy Reader',
      email: 'busy@example.org',
      url: '',
      comment_parent: '0',
    });
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    const match = /^(.*)\?comment=published#comment-(\d+)$/.exec(location);
    assert.equal(match?.[1], `${path}comment-page-2/`, location);
    const page = await pageOf(await get(location));
    assert.equal(textOf(page.querySelector(`#comment-${match?.[2]} .comment-body`)), 'One more thread, on the newest page.');
    assert.match(textOf(page.querySelector('[role="status"]')), /has been published/);
  });
});
