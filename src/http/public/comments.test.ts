import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { TEST_BACKEND } from '../../../test/support/database.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { listCommentEvents } from '../../storage/comment-events.ts';
import { findPublishedPostBySlug } from '../../storage/posts.ts';

const COMMENTS_PATH = `${DEMO_ARTICLE_PATH}comments`;

describe('reader comments', () => {
  let server: TestServer;
  let demoId: number;
  before(async () => {
    server = await startTestServer();
    demoId = (await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!.id;
  });
  after(async () => {
    await server.close();
  });

  const commentRows = () => server.database.db.selectFrom('comments').selectAll().orderBy('id').execute();
  const valid = (overrides: Record<string, string> = {}) => ({
    comment: 'A thoughtful reply.',
    author: 'Ann Reader',
    email: 'ann@example.org',
    url: '',
    comment_parent: '0',
    ...overrides,
  });

  it('holds a first comment for moderation, tells the reader, and shows it to nobody', async () => {
    const res = await postForm(server, COMMENTS_PATH, valid({ comment: 'My first comment' }));
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    assert.equal(location, `${DEMO_ARTICLE_PATH}?comment=held#respond`);
    const stored = (await commentRows()).at(-1);
    assert.equal(stored?.status, 'pending');
    assert.equal(stored?.body, 'My first comment');
    assert.equal(stored?.author_email, 'ann@example.org');
    assert.equal(stored?.author_ip, '127.0.0.1');
    const events = await listCommentEvents(server.database.db, stored!.id);
    assert.deepEqual(
      events.map((e) => [e.action, e.toStatus]),
      [['submit', 'pending']],
    );
    assert.match(events[0]?.reason ?? '', /no approved comment/);

    const after = await pageOf(await fetch(`${server.url}${location}`));
    assert.match(textOf(after.querySelector('[role="status"]')), /awaiting moderation/);
    const plain = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
    assert.ok(!plain.includes('My first comment'));
    assert.ok(!plain.includes('awaiting moderation'));
  });

  it('publishes at once a comment whose author (same email) has an approved comment', async () => {
    await aComment(server.database.db, demoId, { email: 'regular@example.org', status: 'approved' });
    const res = await postForm(server, COMMENTS_PATH, valid({ email: 'Regular@Example.org', comment: 'Back again' }));
    assert.equal(res.status, 303);
    const stored = (await commentRows()).at(-1);
    assert.equal(stored?.status, 'approved');
    assert.equal(res.headers.get('location'), `${DEMO_ARTICLE_PATH}?comment=published#comment-${stored?.id}`);
    const page = await pageOf(await fetch(`${server.url}${res.headers.get('location')}`));
    assert.equal(textOf(page.querySelector(`#comment-${stored?.id} .comment-body`)), 'Back again');
    assert.match(textOf(page.querySelector('[role="status"]')), /has been published/);
  });

  it('holds a known author’s comment with two links', async () => {
    await aComment(server.database.db, demoId, { email: 'linker@example.org', status: 'approved' });
    await postForm(server, COMMENTS_PATH, valid({ email: 'linker@example.org', comment: 'See https://a.example and https://b.example' }));
    assert.equal((await commentRows()).at(-1)?.status, 'pending');
  });

  it('re-renders the form with 422, the text kept and each error beside its field', async () => {
    const before = (await commentRows()).length;
    const res = await postForm(server, COMMENTS_PATH, { comment: 'Keep <this> text & all', author: '', email: 'not-an-email', url: 'javascript:alert(1)' });
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.equal(page.querySelector('textarea#comment')?.textContent, 'Keep <this> text & all');
    assert.equal(page.querySelector('input#email')?.getAttribute('value'), 'not-an-email');
    assert.equal(page.querySelector('input#url')?.getAttribute('value'), 'javascript:alert(1)');
    assert.match(textOf(page.querySelector('#author-error')), /enter your name/i);
    assert.match(textOf(page.querySelector('#email-error')), /valid email/i);
    assert.match(textOf(page.querySelector('#url-error')), /web address/i);
    assert.equal(page.querySelector('#comment-error'), null);
    assert.equal(page.querySelector('input#author')?.getAttribute('aria-invalid'), 'true');
    assert.ok(page.querySelector('[role="alert"]'));
    assert.equal((await commentRows()).length, before, 'nothing was stored');
  });

  it('asks for a comment when it is empty or only spaces', async () => {
    const res = await postForm(server, COMMENTS_PATH, valid({ comment: '   \n  ' }));
    assert.equal(res.status, 422);
    assert.match(textOf((await pageOf(res)).querySelector('#comment-error')), /type your comment/i);
  });

  it('refuses NUL and other control characters with 422 and keeps the text', async () => {
    const res = await postForm(server, COMMENTS_PATH, valid({ author: 'Bad\u0000Name' }));
    assert.equal(res.status, 422);
    assert.match(textOf((await pageOf(res)).querySelector('#author-error')), /cannot be saved/);
  });

  it('accepts a website without a scheme, as WordPress does', async () => {
    await postForm(server, COMMENTS_PATH, valid({ url: 'example.org/me', comment: 'A reply that names a website without its scheme.' }));
    assert.equal((await commentRows()).at(-1)?.author_url, 'http://example.org/me');
  });

  it('answers a body over 64 KiB with 413 and stores nothing', async () => {
    const before = (await commentRows()).length;
    const res = await postForm(server, COMMENTS_PATH, valid({ comment: 'x'.repeat(70 * 1024) }));
    assert.equal(res.status, 413);
    assert.match(await res.text(), /too long/);
    assert.equal((await commentRows()).length, before);
  });

  it('reads a form sent in chunks, without a length, and answers one over 64 KiB with 413', async () => {
    const inChunks = (body: string) =>
      fetch(`${server.url}${COMMENTS_PATH}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < body.length; at += 4096) controller.enqueue(new TextEncoder().encode(body.slice(at, at + 4096)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const before = (await commentRows()).length;
    const sent = await inChunks(new URLSearchParams(valid({ email: 'chunks@example.org', comment: 'Sent in pieces, ünïcode and all.' })).toString());
    assert.equal(sent.status, 303);
    assert.equal((await commentRows()).at(-1)?.body, 'Sent in pieces, ünïcode and all.');
    const tooLong = await inChunks(new URLSearchParams(valid({ email: 'chunks2@example.org', comment: 'y'.repeat(70 * 1024) })).toString());
    assert.equal(tooLong.status, 413);
    assert.match(await tooLong.text(), /too long/);
    assert.equal((await commentRows()).length, before + 1);
  });

  it('refuses a reply to a comment that does not exist or is not approved with 422, text kept', async () => {
    const pending = await aComment(server.database.db, demoId, { status: 'pending' });
    const otherPost = await aPost(server.database.db);
    const elsewhere = await aComment(server.database.db, otherPost.id);
    for (const parent of ['999999', String(pending), String(elsewhere)]) {
      const res = await postForm(server, COMMENTS_PATH, valid({ comment_parent: parent, comment: `Reply to ${parent}` }));
      assert.equal(res.status, 422, parent);
      const page = await pageOf(res);
      assert.equal(page.querySelector('textarea#comment')?.textContent, `Reply to ${parent}`);
      assert.match(textOf(page.querySelector('#comment_parent-error')), /does not exist or is not published/);
    }
  });

  it('refuses a reply nested deeper than five levels with 422', async () => {
    const post = await aPost(server.database.db);
    let parent: number | null = null;
    for (let depth = 1; depth <= 5; depth++) parent = await aComment(server.database.db, post.id, { parentId: parent, depth });
    const res = await postForm(server, `${permalinkOf(post)}comments`, valid({ comment_parent: String(parent) }));
    assert.equal(res.status, 422);
  });

  it('threads a reply to an approved comment', async () => {
    const parent = await aComment(server.database.db, demoId, { email: 'threader@example.org' });
    const res = await postForm(server, COMMENTS_PATH, valid({ email: 'threader@example.org', comment_parent: String(parent), comment: 'Threaded' }));
    assert.equal(res.status, 303);
    const stored = (await commentRows()).at(-1);
    assert.equal(stored?.parent_id, parent);
    assert.equal(stored?.depth, 2);
  });

  it('answers a comment on a missing post with 404', async () => {
    const res = await postForm(server, '/2022/02/15/no-such-post/comments', valid());
    assert.equal(res.status, 404);
    const wrongDay = await postForm(
      server,
      '/2022/02/16/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/comments',
      valid(),
    );
    assert.equal(wrongDay.status, 404);
  });

  it('refuses comments on a post whose comments are closed, keeping the text', async () => {
    const post = await aPost(server.database.db, { commentsOpen: false });
    const res = await postForm(server, `${permalinkOf(post)}comments`, valid({ comment: 'Too late' }));
    assert.equal(res.status, 403);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('#reply-title')), 'Leave a Reply');
    assert.match(textOf(page.querySelector('.comment-respond')), /Comments are closed/);
    assert.equal(page.querySelector('textarea#comment')?.textContent, 'Too late', 'the reader keeps their text');
  });

  it('answers malformed submissions with 4xx, never 500', async () => {
    const cases: Array<[string, RequestInit]> = [
      ['duplicate fields', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'comment=a&comment=b&author=x&email=x@example.org' }],
      ['json body', { headers: { 'content-type': 'application/json' }, body: '{"comment":"x"}' }],
      ['no content type', { body: 'comment=x' }],
      ['broken multipart', { headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nbroken' }],
      ['bad percent-encoding', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'comment=%E0%A4%A&author=%ZZ&email=a%40example.org' }],
      [
        'invalid UTF-8',
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Buffer.from([0x63, 0x6f, 0x6d, 0x6d, 0x65, 0x6e, 0x74, 0x3d, 0xff, 0xfe, 0xc0, 0xaf]),
        },
      ],
      [
        'huge parent id',
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'comment=x&author=x&email=x@example.org&comment_parent=99999999999999999999999',
        },
      ],
      [
        'prototype keys',
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '__proto__=x&constructor=y&comment=x&author=x&email=x@example.org' },
      ],
    ];
    for (const [name, init] of cases) {
      const res = await fetch(`${server.url}${COMMENTS_PATH}`, {
        method: 'POST',
        redirect: 'manual',
        ...init,
        headers: { origin: server.url, ...(init.headers as Record<string, string>) },
      });
      assert.ok(res.status >= 300 && res.status < 500, `${name}: ${res.status}`);
      const text = await res.text();
      assert.ok(!/at .*\.ts:\d+/.test(text), `${name}: no stack trace`);
    }
  });

  it('refuses a form sent from another site, but not from a reader without cookies or JavaScript', async () => {
    const before = (await commentRows()).length;
    const crossSite = await postForm(server, COMMENTS_PATH, valid(), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    const crossOrigin = await postForm(server, COMMENTS_PATH, valid(), { origin: 'https://evil.example' });
    assert.equal(crossOrigin.status, 403);
    const nullOrigin = await postForm(server, COMMENTS_PATH, valid(), { origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    assert.equal((await commentRows()).length, before);
    const sameOrigin = await postForm(server, COMMENTS_PATH, valid({ comment: 'same origin, no cookies' }), { 'sec-fetch-site': 'same-origin' });
    assert.equal(sameOrigin.status, 303);
  });

  it('escapes hostile text everywhere it is shown and links URLs with nofollow ugc', async () => {
    await aComment(server.database.db, demoId, { email: 'hostile@example.org' });
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" \'single\' https://example.org/x';
    const res = await postForm(
      server,
      COMMENTS_PATH,
      valid({
        email: 'hostile@example.org',
        author: '<b onmouseover=alert(3)>Evil</b>',
        comment: hostile,
        url: 'https://example.org/"><script>alert(4)</script>',
      }),
    );
    assert.equal(res.status, 303);
    const id = (await commentRows()).at(-1)?.id;
    const html = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
    assert.ok(!html.includes('<script>alert'), 'no script tag from a reader');
    assert.ok(!html.includes('<img src=x'), 'no element from a reader');
    assert.ok(!html.includes('<b onmouseover'), 'no element in the name');
    const page = await pageOf(new Response(html));
    const comment = page.querySelector(`#comment-${id}`);
    assert.equal(textOf(comment?.querySelector('.comment-author')), '<b onmouseover=alert(3)>Evil</b>');
    assert.equal(comment?.querySelector('.comment-author')?.getAttribute('rel'), 'nofollow ugc');
    const link = comment?.querySelector('.comment-body a');
    assert.equal(link?.getAttribute('href'), 'https://example.org/x');
    assert.equal(link?.getAttribute('rel'), 'nofollow ugc');
  });
});

// Another process holding SQLite's write lock past the busy timeout; PostgreSQL's outage has its own test (test/database-outage.test.ts).
describe('a reply the database cannot take just now', { skip: TEST_BACKEND !== 'sqlite' ? 'SQLite only' : false }, () => {
  let server: TestServer;
  /** Another process's connection to the site's file. */
  let other: BetterSqlite3.Database;
  before(async () => {
    // A write gives up after a tenth of a second here, not the default five.
    server = await startTestServer({ busyTimeoutMs: 100 });
    other = new BetterSqlite3(server.databaseUrl.slice('file:'.length));
  });
  after(async () => {
    other.close();
    await server.close();
  });

  it('gives the reader the article back with their text in the form, 503 and a time to retry, and takes it once the lock is gone', async () => {
    assert.equal((await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).status, 200);
    const reply = {
      comment: 'Every word of this must come back.',
      author: 'Patient Reader',
      email: 'patient@example.org',
      url: 'https://patient.example/',
      comment_parent: '0',
    };
    other.exec('begin immediate');
    let res: Response;
    try {
      res = await postForm(server, COMMENTS_PATH, reply);
    } finally {
      other.exec('rollback');
    }
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('textarea[name="comment"]')), reply.comment);
    assert.equal(page.querySelector('input[name="author"]')?.getAttribute('value'), reply.author);
    assert.equal(page.querySelector('input[name="email"]')?.getAttribute('value'), reply.email);
    assert.equal(page.querySelector('input[name="url"]')?.getAttribute('value'), reply.url);
    assert.match(textOf(page.querySelector('#form-errors')), /could not be saved just now.*send it again/);
    assert.equal((await server.database.db.selectFrom('comments').select('id').where('body', '=', reply.comment).execute()).length, 0);
    assert.ok(server.logs.some((l) => l.msg === 'comment not saved: database unavailable'));

    const again = await postForm(server, COMMENTS_PATH, reply);
    assert.equal(again.status, 303);
    assert.equal((await server.database.db.selectFrom('comments').select('id').where('body', '=', reply.comment).execute()).length, 1);
  });
});
