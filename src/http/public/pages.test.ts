import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { findPublishedPostBySlug } from '../../storage/posts.ts';

describe('public pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });

  it('home lists the latest posts, newest first, with links to their permalinks', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html; charset=utf-8/i);
    const page = await pageOf(res);
    const titles = page.querySelectorAll('.post-card-title a').map((a) => [textOf(a), a.getAttribute('href')]);
    assert.equal(titles[0]?.[0], 'Welcome to Wirepress', 'the welcome post is dated at first start, so it is newest');
    assert.deepEqual(titles[1], ['Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States', DEMO_ARTICLE_PATH]);
    assert.equal(page.querySelectorAll('h1').length, 1);
  });

  it('the demo article shows its headline once, byline, date, body, credit line and other sources', async () => {
    const res = await get(DEMO_ARTICLE_PATH);
    assert.equal(res.status, 200);

    const page = await pageOf(res);
    const h1s = page.querySelectorAll('h1');
    assert.equal(h1s.length, 1);
    assert.equal(textOf(h1s[0]), 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States');
    const bodyText = textOf(page.querySelector('body'));
    assert.equal(
      bodyText.split('Lavrov pointed out to Blinken the inadmissibility').length - 1,
      1,
      'the headline shows once on the page (the source page repeats it)',
    );
    assert.match(textOf(page.querySelector('title')), /^Lavrov pointed out to Blinken the inadmissibility/);
    assert.equal(textOf(page.querySelector('.article .byline')), 'By Newsroom');
    const time = page.querySelector('.article time');
    assert.equal(time?.getAttribute('datetime'), '2022-02-15T12:00:00.000Z');
    assert.equal(textOf(time), '15 February 2022');
    const body = textOf(page.querySelector('.article-body'));
    assert.ok(body.startsWith('Russian Foreign Minister Sergei Lavrov stressed'), body.slice(0, 80));
    assert.ok(body.endsWith('set out “a serious diplomatic way forward.”'), body.slice(-80));
    assert.ok(!body.includes('Source: IZ') && !body.includes('Leave a Reply') && !body.includes('Latest Posts'));
    const credit = page.querySelector('.credit-line');
    assert.equal(textOf(credit), 'Source: IZ');
    assert.equal(credit?.querySelector('a')?.getAttribute('href'), '/source/iz/');
    const others = page.querySelectorAll('.sources li a.source-link').map((a) => [textOf(a), a.getAttribute('href')]);
    assert.deepEqual(others, [
      ['Russian Foreign Ministry', '/source/russian-foreign-ministry/'],
      ['RT', '/source/rt/'],
      ['Zvezda TV', '/source/zvezda-tv/'],
      ['aif.ru', '/source/aif-ru/'],
    ]);
  });

  it('the article shows the five newest other posts as Latest Posts', async () => {
    const created = [];
    for (let i = 0; i < 6; i++) created.push(await aPost(server.database.db, { title: `Latest check ${i}`, publishedAt: new Date(Date.UTC(2025, 0, 1 + i)) }));
    // Newer, but not for readers yet.
    await aPost(server.database.db, { title: 'Latest check draft', status: 'draft', publishedAt: new Date(Date.UTC(2025, 1, 1)) });
    await aPost(server.database.db, { title: 'Latest check scheduled', publishedAt: new Date(Date.now() + 86_400_000) });
    const page = await pageOf(await get(DEMO_ARTICLE_PATH));
    const latest = page.querySelector('.latest-posts');
    assert.equal(textOf(latest?.querySelector('h2')), 'Latest Posts');
    const links = latest?.querySelectorAll('li a').map((a) => a.getAttribute('href')) ?? [];
    // Newest: the welcome post (today), then the five newest test posts; the article itself never.
    assert.equal(links.length, 5);
    assert.ok(!links.includes(DEMO_ARTICLE_PATH));
    assert.deepEqual(
      links.slice(1),
      created
        .slice(2)
        .reverse()
        .slice(0, 4)
        .map((p) => permalinkOf(p)),
    );
    const items = latest?.querySelectorAll('li') ?? [];
    assert.equal(textOf(items[1]?.querySelector('a')), 'Latest check 5');
    assert.equal(items[1]?.querySelector('time')?.getAttribute('datetime'), '2025-01-06T00:00:00.000Z');
  });

  it('paginates the home page at /page/N/ and 404s past the end', async () => {
    for (let i = 0; i < 12; i++) await aPost(server.database.db, { title: `Paging ${i}` });
    const one = await pageOf(await get('/'));
    const next = one.querySelector('a[rel="next"]');
    assert.equal(next?.getAttribute('href'), '/page/2/');
    const two = await get('/page/2/');
    assert.equal(two.status, 200);
    const twoPage = await pageOf(two);
    assert.equal(twoPage.querySelector('a[rel="prev"]')?.getAttribute('href'), '/');
    const firstIds = new Set(one.querySelectorAll('.post-card-title a').map((a) => a.getAttribute('href')));
    for (const a of twoPage.querySelectorAll('.post-card-title a')) assert.ok(!firstIds.has(a.getAttribute('href')));
    assert.equal((await get('/page/999/')).status, 404);
    assert.equal((await get('/page/0/')).status, 404);
    assert.equal((await get('/page/1/')).headers.get('location'), '/');
  });

  it('the source archive lists the posts that draw on the outlet', async () => {
    const res = await get('/source/iz/');
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('h1')), 'IZ');
    assert.deepEqual(
      page.querySelectorAll('.post-card-title a').map((a) => a.getAttribute('href')),
      [DEMO_ARTICLE_PATH],
    );
    const rt = await pageOf(await get('/source/rt/'));
    assert.deepEqual(
      rt.querySelectorAll('.post-card-title a').map((a) => a.getAttribute('href')),
      [DEMO_ARTICLE_PATH],
    );
    assert.equal((await get('/source/no-such-outlet/')).status, 404);
  });

  it('answers anything unknown with a friendly 404 page', async () => {
    for (const path of ['/nope/', '/2022/02/15/no-such-story/', '/2022/02/30/x/', '/source/../../etc/passwd', '/%E0%A4%A/', '/wp-admin/']) {
      const res = await get(path, { redirect: 'follow' });
      assert.equal(res.status, 404, path);
      const page = await pageOf(res);
      assert.equal(textOf(page.querySelector('h1')), 'We could not find that page', path);
      assert.ok(page.querySelector('a[href="/"]'), path);
    }
  });

  it('redirects a right slug under a wrong date, and adds the trailing slash', async () => {
    const wrongDate = await get('/2021/01/01/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/');
    assert.equal(wrongDate.status, 301);
    assert.equal(wrongDate.headers.get('location'), DEMO_ARTICLE_PATH);
    const noSlash = await get(DEMO_ARTICLE_PATH.slice(0, -1));
    assert.equal(noSlash.status, 301);
    assert.equal(noSlash.headers.get('location'), DEMO_ARTICLE_PATH);
    const twoSlashes = await get('//evil.example/x');
    assert.ok(!(twoSlashes.headers.get('location') ?? '').startsWith('//'), 'never redirects to another host');
  });

  it('never serves a draft', async () => {
    const draft = await aPost(server.database.db, { status: 'draft', title: 'Secret draft' });
    assert.equal((await get(permalinkOf(draft))).status, 404);
    assert.ok(!(await (await get('/')).text()).includes('Secret draft'));
  });

  it('shows approved comments threaded, never held ones, and never an email address', async () => {
    const demo = await findPublishedPostBySlug(
      server.database.db,
      'lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states',
      new Date(),
    );
    assert.ok(demo);
    const top = await aComment(server.database.db, demo.id, { body: 'Top comment', email: 'top.secret@example.org', name: 'Tess' });
    const reply = await aComment(server.database.db, demo.id, { body: 'A reply', parentId: top, depth: 2 });
    await aComment(server.database.db, demo.id, { body: 'Held comment text', status: 'pending' });
    await aComment(server.database.db, demo.id, { body: 'Spam comment text', status: 'spam' });
    const res = await get(DEMO_ARTICLE_PATH);
    const html = await res.clone().text();
    const page = await pageOf(res);
    assert.ok(!html.includes('top.secret@example.org'));
    assert.ok(!html.includes('Held comment text'));
    assert.ok(!html.includes('Spam comment text'));
    assert.equal(textOf(page.querySelector(`#comment-${top} .comment-body`)), 'Top comment');
    assert.ok(page.querySelector(`#comment-${top} .comment-children #comment-${reply}`), 'the reply is nested under its parent');
    const replyLink = page.querySelector(`#comment-${top} .comment-reply`);
    assert.equal(replyLink?.getAttribute('href'), `${DEMO_ARTICLE_PATH}?replytocom=${top}#respond`);
  });

  it('opens the form as a reply from the Reply link, without JavaScript', async () => {
    const demo = await findPublishedPostBySlug(
      server.database.db,
      'lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states',
      new Date(),
    );
    const id = await aComment(server.database.db, demo!.id, { name: 'Rhea' });
    const page = await pageOf(await get(`${DEMO_ARTICLE_PATH}?replytocom=${id}`));
    assert.equal(textOf(page.querySelector('#reply-title')).startsWith('Reply to Rhea'), true);
    assert.equal(page.querySelector('input[name="comment_parent"]')?.getAttribute('value'), String(id));
    assert.ok(page.querySelector('meta[name="robots"][content="noindex"]'));
    const bogus = await pageOf(await get(`${DEMO_ARTICLE_PATH}?replytocom=99999999`));
    assert.equal(bogus.querySelector('input[name="comment_parent"]')?.getAttribute('value'), '0');
  });

  it('offers no Reply link at the fifth level of a thread', async () => {
    const post = await aPost(server.database.db);
    let parent: number | null = null;
    const ids: number[] = [];
    for (let depth = 1; depth <= 5; depth++) {
      parent = await aComment(server.database.db, post.id, { parentId: parent, depth });
      ids.push(parent);
    }
    const page = await pageOf(await get(permalinkOf(post)));
    assert.ok(page.querySelector(`#comment-${ids[3]} > article .comment-reply`));
    assert.equal(page.querySelector(`#comment-${ids[4]} > article .comment-reply`), null);
  });

  it('has the WordPress reply form with its fields and promise', async () => {
    const page = await pageOf(await get(DEMO_ARTICLE_PATH));
    const form = page.querySelector('form.comment-form');
    assert.equal(form?.getAttribute('method'), 'post');
    assert.equal(form?.getAttribute('action'), `${DEMO_ARTICLE_PATH}comments`);
    assert.equal(textOf(page.querySelector('#reply-title')), 'Leave a Reply');
    assert.equal(textOf(page.querySelector('.comment-notes')), 'Your email address will not be published. Required fields are marked *');
    const labels = page
      .querySelectorAll('form.comment-form label')
      .filter((l) => !l.closest('[aria-hidden="true"]'))
      .map((l) => [textOf(l), l.getAttribute('for')]);
    assert.deepEqual(labels, [
      ['Comment *', 'comment'],
      ['Name *', 'author'],
      ['Email *', 'email'],
      ['Website', 'url'],
      ['Save my name, email, and website in this browser for the next time I comment.', 'wp-comment-cookies-consent'],
      ['Notify me of follow-up comments by email.', 'subscribe_comments'],
      ['Notify me of new posts by email.', 'subscribe_posts'],
    ]);
    assert.equal(page.querySelector('input#wp-comment-cookies-consent')?.hasAttribute('checked'), false, 'unticked unless the reader ticks it');
    // The spam trap: a field people never reach, and the form's signed time stamp.
    const trap = page.querySelector('form.comment-form [aria-hidden="true"] input#homepage');
    assert.equal(trap?.getAttribute('tabindex'), '-1');
    assert.match(page.querySelector('form.comment-form input[name="form_token"]')?.getAttribute('value') ?? '', /^\d+\.[A-Za-z0-9_-]{22}$/);
  });

  it('serves the stylesheet with a long cache lifetime', async () => {
    const page = await pageOf(await get('/'));
    const href = page.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '';
    assert.match(href, /^\/assets\/site-[0-9a-f]{12}\.css$/);
    const css = await get(href);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('cache-control') ?? '', /immutable/);
  });

  it('answers HEAD like GET without a body, and odd methods with 405', async () => {
    const head = await get('/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await get(DEMO_ARTICLE_PATH, { method });
      assert.equal(res.status, 405, method);
      assert.match(res.headers.get('allow') ?? '', /GET/);
    }
  });

  it('logs one JSON line per request with status and duration', async () => {
    const before = server.logs.length;
    await get('/nope/');
    const line = server.logs.slice(before).find((l) => l.msg === 'request' && l.path === '/nope/');
    assert.ok(line, 'a request line was logged');
    assert.equal(line.status, 404);
    assert.equal(typeof line.durationMs, 'number');
    assert.equal(typeof line.requestId, 'string');
  });
});

describe('health probes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seed: false });
  });
  after(async () => {
    await server.close();
  });

  it('/healthz says the process is up and /readyz that the database answers and is migrated', async () => {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'ok');
    assert.equal(health.headers.get('cache-control'), 'no-store');
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'ready');
  });
});
