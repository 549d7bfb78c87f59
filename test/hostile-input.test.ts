import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { EVERY_PAGE } from '../src/domain/page-keys.ts';
import { appendChange } from '../src/storage/changes.ts';
import { aUser, SETTINGS_FORM, signIn, type AdminSession } from './support/admin.ts';
import { launchChromium } from './support/browser.ts';
import { ALL_TEXT_PAYLOADS, BROKEN_UTF8, DEEP_NESTING, SCRIPT_PAYLOADS } from './hostile/corpus.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';

/** A path or query component, even for text with lone surrogates (which encodeURIComponent refuses). */
function enc(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udfff]/g, (c, i: number, all: string) =>
      /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i, i + 2)) || /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i - 1, i + 1)) ? c : '\ufffd',
    ),
  );
}

/** A raw request, for paths and headers fetch() would clean up or refuse; null when Node's client refuses to send it. */
function rawRequest(server: TestServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer }): Promise<number | null> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    let req;
    try {
      req = request({ host: '127.0.0.1', port: Number(port), method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
    } catch {
      resolve(null);
      return;
    }
    req.on('error', () => resolve(null));
    req.end(options.body);
  });
}

describe('hostile input on every way in', () => {
  let server: TestServer;
  let admin: AdminSession;
  let browser: Browser | undefined;
  const statuses: Array<{ what: string; status: number }> = [];
  /** Records the status; a connection closed without an answer is recorded as 0 and fails the test below. */
  const note = async (what: string, res: Promise<Response>) => {
    try {
      const r = await res;
      await r.arrayBuffer();
      statuses.push({ what, status: r.status });
    } catch (error) {
      statuses.push({ what: `${what}: ${String(error)}`, status: 0 });
    }
  };

  before(async () => {
    server = await startTestServer();
    admin = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('never answers with a 5xx: reply form, search, paths, headers, feeds, admin forms, broken UTF-8, deep nesting, giant fields', async () => {
    const comments = `${DEMO_ARTICLE_PATH}comments`;
    for (const [i, p] of ALL_TEXT_PAYLOADS.entries()) {
      await note(`comment text ${i}`, postForm(server, comments, { comment: `${i}: ${p}`, author: `Reader ${i}`, email: `h${i}@example.org`, url: '' }));
      await note(`comment name ${i}`, postForm(server, comments, { comment: `name ${i}`, author: p || 'x', email: `n${i}@example.org`, url: '' }));
      await note(`comment website ${i}`, postForm(server, comments, { comment: `site ${i}`, author: 'x', email: `u${i}@example.org`, url: p }));
      await note(`comment email ${i}`, postForm(server, comments, { comment: `mail ${i}`, author: 'x', email: p, url: '', comment_parent: p }));
      await note(`search ${i}`, fetch(`${server.url}/?s=${enc(p)}`));
      await note(`search page ${i}`, fetch(`${server.url}/page/2/?s=${enc(p)}&paged=${enc(p)}`));
      await note(`path ${i}`, fetch(`${server.url}/${enc(p)}/`, { redirect: 'manual' }));
      await note(`archive ${i}`, fetch(`${server.url}/tag/${enc(p)}/`, { redirect: 'manual' }));
      await note(`feed ${i}`, fetch(`${server.url}/category/${enc(p)}/feed/?q=${enc(p)}`, { redirect: 'manual' }));
      await note(`reply to ${i}`, fetch(`${server.url}${DEMO_ARTICLE_PATH}?replytocom=${enc(p)}`));
      for (const status of [
        await rawRequest(server, { path: `/${p}` }),
        await rawRequest(server, { path: `/feed/?x=${p}` }),
        await rawRequest(server, {
          path: '/',
          headers: {
            'x-forwarded-for': p,
            'accept-encoding': p,
            'if-none-match': p,
            'if-modified-since': p,
            cookie: `wirepress_session=${p}; wirepress_commenter=${p}`,
            'user-agent': p,
          },
        }),
        await rawRequest(server, { path: '/', headers: { host: p } }),
      ]) {
        if (status !== null) statuses.push({ what: `raw ${i}`, status });
      }
      await note(
        `editor preview ${i}`,
        admin.post('/admin/posts/new/', {
          title: p,
          slug: p,
          body: p,
          excerpt: p,
          tags: p,
          categories: p,
          label: p,
          publish_at: p,
          source_0_name: p,
          source_0_url: p,
          source_0_role: p,
          source_0_language: p,
          version: p,
          action: 'preview',
        }),
      );
      await note(`editor save ${i}`, admin.post('/admin/posts/new/', { title: `${i} ${p}`, slug: p, body: p, action: p }));
      await note(
        `settings ${i}`,
        admin.post('/admin/settings/', {
          title: p,
          tagline: p,
          postsPerPage: p,
          timezone: p,
          maxLinks: p,
          moderationKeys: p,
          disallowedKeys: p,
          closeAfterDays: p,
          threadDepth: p,
        }),
      );
      await note(`users ${i}`, admin.post('/admin/users/', { displayName: p, email: p, role: p }));
      await note(`admin path ${i}`, admin.get(`/admin/posts/${enc(p)}/`));
      await note(`login ${i}`, postForm(server, '/admin/login/', { email: p, password: p, next: p, _resume_action: p, _resume_fields: p }));
    }
    for (const [i, deep] of DEEP_NESTING.entries()) {
      await note(`deep comment ${i}`, postForm(server, comments, { comment: deep, author: 'Deep', email: `deep${i}@example.org`, url: '' }));
      await note(`deep body ${i}`, admin.post('/admin/posts/new/', { title: `Deep ${i}`, body: deep, action: 'preview' }));
    }
    for (const [i, bytes] of BROKEN_UTF8.entries()) {
      const body = Buffer.concat([Buffer.from('comment='), bytes, Buffer.from('&author=Bytes&email=b@example.org')]);
      const status = await rawRequest(server, {
        method: 'POST',
        path: comments,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        body,
      });
      if (status !== null) statuses.push({ what: `broken utf-8 body ${i}`, status });
      const pathStatus = await rawRequest(server, { path: `/${encodeURIComponent('x')}%${bytes[0]!.toString(16)}%${(bytes[1] ?? 0).toString(16)}/` });
      if (pathStatus !== null) statuses.push({ what: `broken utf-8 path ${i}`, status: pathStatus });
    }
    await note('giant comment', postForm(server, comments, { comment: 'x'.repeat(1_000_000), author: 'Giant', email: 'giant@example.org' }));
    await note('giant editor body', admin.post('/admin/posts/new/', { title: 'Giant', body: 'x'.repeat(3_000_000), action: 'preview' }));
    await note('many fields', postForm(server, comments, Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`f${i}`, 'v']))));

    assert.ok(statuses.length > ALL_TEXT_PAYLOADS.length * 15, `${statuses.length} requests`);
    assert.deepEqual(
      statuses.filter((s) => s.status >= 500 || s.status === 0),
      [],
      'no 5xx, and an answer every time',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  });

  it('runs none of it in Chromium: the article with the comments, a hostile post, search, archives and the admin', async () => {
    const db = server.database.db;
    // Everything the readers sent is approved, and a post is published whose every field is hostile.
    await db.updateTable('comments').set({ status: 'approved' }).execute();
    const hostile = SCRIPT_PAYLOADS.join('\n\n');
    const published = await admin.post('/admin/posts/new/', {
      title: SCRIPT_PAYLOADS.slice(0, 5).join(' '),
      slug: 'hostile-post',
      excerpt: SCRIPT_PAYLOADS.slice(5, 12).join(' '),
      body: hostile,
      tags: SCRIPT_PAYLOADS.slice(0, 3)
        .map((p) => p.replace(/,/g, ' '))
        .join(', '),
      categories: '"><svg onload=alert(40)>',
      label: 'news',
      source_0_name: '<img src=x onerror=alert(41)>',
      source_0_url: 'https://source.example/"><script>alert(42)</script>',
      source_0_role: 'original',
      action: 'publish',
    });
    assert.equal(published.status, 303, await published.text());
    await admin.post('/admin/settings/', { ...SETTINGS_FORM, title: '</title><script>alert(43)</script>', tagline: '"><img src=x onerror=alert(44)>' });
    await appendChange(db, [EVERY_PAGE], new Date());
    db.noteCommittedChange();
    const hostilePath = new URL(
      (await (await admin.get('/admin/posts/')).text()).match(/href="(\/\d{4}\/\d{2}\/\d{2}\/hostile-post\/)"/)?.[1] ?? '/hostile-post-not-listed/',
      server.url,
    ).pathname;

    browser = await launchChromium();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'wirepress_session', value: admin.cookie.split('=')[1]!, url: `${server.url}/admin/` }]);
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', (dialog) => {
      ran.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    // The detector itself works: a script that does run is caught.
    await page.goto(`${server.url}/`);
    await page.evaluate(() => alert('probe'));
    assert.equal(ran.length, 1, 'a dialog from a script that runs is seen');
    ran.length = 0;
    const pages = [
      '/',
      DEMO_ARTICLE_PATH,
      hostilePath,
      `/?s=${encodeURIComponent('<script>alert(1)</script>')}`,
      `/?s=${encodeURIComponent('script alert')}`,
      '/tag/script-alert-1-script/',
      '/source/img-src-x-onerror-alert-41/',
      '/admin/',
      '/admin/comments/?status=approved',
      '/admin/posts/',
      '/admin/settings/',
      '/admin/users/',
    ];
    for (const path of pages) {
      const res = await page.goto(`${server.url}${path}`);
      assert.ok(res && res.status() < 500, `${path}: ${res?.status()}`);
      // Give autofocus, onload and onerror handlers their chance.
      await page.mouse.move(200, 200);
      await page.keyboard.press('Tab');
      await page.waitForTimeout(100);
    }
    const editor = (await (await admin.get('/admin/posts/')).text()).match(/href="(\/admin\/posts\/\d+\/)"/)?.[1];
    assert.ok(editor);
    await page.goto(`${server.url}${editor}`);
    await page.waitForTimeout(100);
    assert.deepEqual(ran, [], 'no hostile script ran');
    await context.close();
  });
});
