import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { aComment, aPost } from '../../test/support/factories.ts';
import { runWirepress } from '../../test/support/process.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../test/support/server.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { permalinkOf } from '../domain/posts.ts';
import { moderateComment } from '../services/comments.ts';
import { savePost, type SaveRequest } from '../services/post-editor.ts';
import { FEED_POST_COUNT } from '../services/feeds.ts';
import { announceDuePosts } from '../services/scheduling.ts';
import { loadSiteSettings, saveSiteSettings } from '../services/settings.ts';
import { findEditablePost } from '../storage/post-editor.ts';
import { aUser } from '../../test/support/admin.ts';
import { appendChange } from '../storage/changes.ts';
import { findPublishedPostBySlug } from '../storage/posts.ts';
import { Hono } from 'hono';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { createLogger } from '../logger.ts';
import type { AppEnv } from './app-env.ts';
import { chooseEncoding, createPageCache, isNotModified } from './page-cache.ts';

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    assert.equal(chooseEncoding(undefined), 'identity');
    assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
    assert.equal(chooseEncoding('gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('identity'), 'identity');
    assert.equal(chooseEncoding('*'), 'gzip');
  });

  it('honours q-values: the client’s ranking first, brotli before gzip only on a tie', () => {
    assert.equal(chooseEncoding('gzip;q=1, br;q=0.1'), 'gzip');
    assert.equal(chooseEncoding('br;q=0.5, gzip;q=0.8'), 'gzip');
    assert.equal(chooseEncoding('gzip;q=0.5, br;q=0.5'), 'br');
    assert.equal(chooseEncoding('gzip;q=0.2, identity;q=0.9'), 'identity');
    assert.equal(chooseEncoding('GZIP;Q=0.9, Br;q=1'), 'br');
  });

  it('never sends an encoding the client refuses with q=0', () => {
    for (const header of ['br;q=0', 'br;q=0.0, gzip;q=0', 'gzip;q=0, br;q=0.000', 'br;q=0, gzip;q=0, identity']) {
      assert.equal(chooseEncoding(header), 'identity', header);
    }
    assert.equal(chooseEncoding('br;q=0, *'), 'gzip');
    assert.equal(chooseEncoding('*;q=0, gzip'), 'gzip');
    assert.equal(chooseEncoding('*, br;q=0'), 'gzip');
    assert.equal(chooseEncoding('*;q=0, br'), 'br');
  });

  it('sends identity when it is all the client takes, or when it refuses everything on offer', () => {
    assert.equal(chooseEncoding('identity'), 'identity');
    assert.equal(chooseEncoding('deflate, compress'), 'identity');
    assert.equal(chooseEncoding('identity;q=0, *;q=0'), 'identity');
  });

  it('gives the same answer for a header seen again, however many others came between', () => {
    const first = chooseEncoding('gzip;q=1, br;q=0.1');
    for (let i = 0; i < 1_000; i++) chooseEncoding(`gzip;q=0.${i % 10}, br;q=${i}`);
    assert.equal(chooseEncoding('gzip;q=1, br;q=0.1'), first);
    assert.equal(first, 'gzip');
  });
});

describe('isNotModified', () => {
  const etag = '"abc"';
  const lastModified = 'Tue, 15 Feb 2022 12:00:00 GMT';
  const at = (ifNoneMatch: string | undefined, ifModifiedSince: string | undefined) => isNotModified({ ifNoneMatch, ifModifiedSince }, etag, lastModified);

  it('If-None-Match decides when sent, whatever If-Modified-Since says', () => {
    assert.equal(at('"abc"', undefined), true);
    assert.equal(at('W/"abc", "x"', undefined), true);
    assert.equal(at('*', undefined), true);
    assert.equal(at('"x"', lastModified), false);
    assert.equal(at('"abc"', 'Mon, 01 Jan 1990 00:00:00 GMT'), true);
  });

  it('If-Modified-Since alone: not modified at or after Last-Modified; an unreadable date or no Last-Modified means send it', () => {
    assert.equal(at(undefined, lastModified), true);
    assert.equal(at(undefined, 'Tue, 15 Feb 2022 12:00:01 GMT'), true);
    assert.equal(at(undefined, 'Tue, 15 Feb 2022 11:59:59 GMT'), false);
    assert.equal(at(undefined, 'yesterday'), false);
    assert.equal(at(undefined, undefined), false);
    assert.equal(isNotModified({ ifNoneMatch: undefined, ifModifiedSince: lastModified }, etag, undefined), false);
  });
});

describe('the whole-page cache', () => {
  let server: TestServer;
  let otherArticle: string;
  let demoId: number;
  before(async () => {
    server = await startTestServer();
    demoId = (await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!.id;
    otherArticle = permalinkOf(await aPost(server.database.db, { title: 'Another story', publishedAt: new Date('2023-03-03T10:00:00Z') }));
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  /** Requests a page until it has been cached, and returns its body. */
  const warm = async (path: string) => {
    await (await get(path)).text();
    const res = await get(path);
    assert.equal(res.headers.get('x-cache'), 'HIT', `${path} is cached`);
    return res.text();
  };

  it('serves a page from memory the second time, byte for byte, with validators', async () => {
    const first = await get(DEMO_ARTICLE_PATH);
    const firstBody = await first.text();
    const second = await get(DEMO_ARTICLE_PATH);
    assert.equal(second.headers.get('x-cache'), 'HIT');
    assert.equal(await second.text(), firstBody);
    assert.equal(second.headers.get('cache-control'), 'no-cache');
    assert.equal(second.headers.get('vary'), 'Accept-Encoding');
    assert.match(second.headers.get('surrogate-key') ?? '', new RegExp(`\\bcomments:${demoId}\\b`));
    const etag = second.headers.get('etag');
    assert.ok(etag);
    const notModified = await get(DEMO_ARTICLE_PATH, { 'if-none-match': etag });
    assert.equal(notModified.status, 304);
    assert.equal(await notModified.text(), '');
  });

  it('answers each hit with its own request id, and a 304 does not change the next 200', async () => {
    const body = await warm(DEMO_ARTICLE_PATH);
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const hit = await get(DEMO_ARTICLE_PATH);
      assert.equal(hit.headers.get('x-cache'), 'HIT');
      ids.add(hit.headers.get('x-request-id') ?? '');
      const etag = hit.headers.get('etag') ?? '';
      assert.equal(await hit.text(), body);
      const notModified = await get(DEMO_ARTICLE_PATH, { 'if-none-match': etag });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.headers.get('etag'), etag);
      assert.equal(notModified.headers.get('content-length'), null);
      assert.equal(notModified.headers.get('x-cache'), 'HIT');
      ids.add(notModified.headers.get('x-request-id') ?? '');
    }
    assert.equal(ids.size, 6, 'six answers, six request ids');
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/);
    // fetch asks for compressed forms by default: ask for the plain bytes to check their length.
    const after = await get(DEMO_ARTICLE_PATH, { 'accept-encoding': 'identity' });
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('content-length'), String(Buffer.byteLength(body)));
    assert.equal(await after.text(), body);
  });

  it('sends brotli and gzip forms of the same bytes', async () => {
    const identity = await warm('/');
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      // fetch would decode for us; ask through node:http to see the bytes on the wire.
      const { request } = await import('node:http');
      const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(`${server.url}/`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
      assert.equal(raw.headers['content-encoding'], encoding);
      assert.equal(decode(raw.body).toString('utf8'), identity);
    }
  });

  it('answers cached pages in the encoding the q-values rank highest', async () => {
    await warm('/');
    const { request } = await import('node:http');
    const encodingFor = (acceptEncoding: string) =>
      new Promise<{ cache: unknown; encoding: unknown }>((resolve, reject) => {
        request(`${server.url}/`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ cache: res.headers['x-cache'], encoding: res.headers['content-encoding'] }));
        })
          .on('error', reject)
          .end();
      });
    assert.deepEqual(await encodingFor('gzip;q=1, br;q=0.1'), { cache: 'HIT', encoding: 'gzip' });
    assert.deepEqual(await encodingFor('br;q=0, gzip;q=0'), { cache: 'HIT', encoding: undefined });
    assert.deepEqual(await encodingFor('gzip;q=0.5, br'), { cache: 'HIT', encoding: 'br' });
  });

  it('an approved comment drops exactly its article: the article changes, other pages stay cached', async () => {
    await warm(DEMO_ARTICLE_PATH);
    await warm(otherArticle);
    await warm('/');
    await warm('/source/iz/');
    const id = await aComment(server.database.db, demoId, { status: 'pending', body: 'Approved later, seen at once' });
    await moderateComment(server.database.db, id, 'approve', 'test', new Date());
    const article = await get(DEMO_ARTICLE_PATH);
    assert.equal(article.headers.get('x-cache'), 'MISS');
    assert.match(await article.text(), /Approved later, seen at once/);
    for (const path of [otherArticle, '/', '/source/iz/']) assert.equal((await get(path)).headers.get('x-cache'), 'HIT', path);
  });

  it('a comment trashed or sent to spam disappears at once', async () => {
    const id = await aComment(server.database.db, demoId, { body: 'Soon to be spam' });
    assert.match(await warm(DEMO_ARTICLE_PATH), /Soon to be spam/);
    await moderateComment(server.database.db, id, 'spam', 'test', new Date());
    assert.doesNotMatch(await (await get(DEMO_ARTICLE_PATH)).text(), /Soon to be spam/);
  });

  it('a held comment changes no page, so nothing is dropped', async () => {
    await warm(DEMO_ARTICLE_PATH);
    const res = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'Held, invisible', author: 'New', email: 'new-reader@example.org' });
    assert.equal(res.status, 303);
    const page = await get(DEMO_ARTICLE_PATH);
    assert.equal(page.headers.get('x-cache'), 'HIT');
    assert.doesNotMatch(await page.text(), /Held, invisible/);
  });

  it('a comment published at once by a known reader shows on the article right after the redirect', async () => {
    await aComment(server.database.db, demoId, { email: 'known-reader@example.org' });
    await warm(DEMO_ARTICLE_PATH);
    const res = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'Published instantly', author: 'Known', email: 'known-reader@example.org' });
    assert.match(res.headers.get('location') ?? '', /comment=published/);
    assert.match(await (await get(DEMO_ARTICLE_PATH)).text(), /Published instantly/);
  });

  it('publishing a post drops the home page, archives and every article’s Latest Posts', async () => {
    for (const path of ['/', DEMO_ARTICLE_PATH, otherArticle, '/source/iz/']) await warm(path);
    await aPost(server.database.db, { title: 'Breaking: freshly published', publishedAt: new Date() });
    for (const path of ['/', DEMO_ARTICLE_PATH, otherArticle]) {
      const res = await get(path);
      assert.equal(res.headers.get('x-cache'), 'MISS', path);
      assert.match(await res.text(), /Breaking: freshly published/, path);
    }
  });

  it('a change that touches every page (settings) drops them all', async () => {
    await warm('/');
    await warm(otherArticle);
    await appendChange(server.database.db, [EVERY_PAGE], new Date());
    server.database.db.noteCommittedChange();
    assert.equal((await get('/')).headers.get('x-cache'), 'MISS');
    assert.equal((await get(otherArticle)).headers.get('x-cache'), 'MISS');
  });

  it('sees changes made by another process (the moderation command)', async () => {
    const id = await aComment(server.database.db, demoId, { status: 'pending', body: 'Approved from the command line' });
    await warm(DEMO_ARTICLE_PATH);
    const result = await runWirepress(['comments', 'approve', String(id)], { DATABASE_URL: server.databaseUrl });
    assert.equal(result.code, 0, result.stderr);
    let body = '';
    for (let i = 0; i < 40 && !body.includes('Approved from the command line'); i++) {
      body = await (await get(DEMO_ARTICLE_PATH)).text();
      if (!body.includes('Approved from the command line')) await new Promise((r) => setTimeout(r, 25));
    }
    assert.match(body, /Approved from the command line/);
  });

  describe('each kind of change through the editor drops the pages that show it and keeps the rest', () => {
    type Draft = SaveRequest['draft'];
    const draftOf = (title: string, more: Partial<Draft> = {}): Draft => ({
      title,
      slug: '',
      excerpt: '',
      bodyMarkdown: `The text of ${title}.`,
      label: null,
      commentsOpen: true,
      categories: [],
      tags: [],
      sources: [],
      ...more,
    });
    let user: Awaited<ReturnType<typeof aUser>> | undefined;
    const editor = async () => (user ??= await aUser(server.database.db, 'editor'));
    /** Publishes a post dated `at` through the editor; returns its id and address. */
    const publish = async (title: string, at: Date, more: Partial<Draft> = {}) => {
      const saved = await savePost(server.database.db, await editor(), { draft: draftOf(title, more), action: 'publish', scheduleAt: at }, new Date());
      const { slug } = (await findEditablePost(server.database.db, saved.id))!;
      // The draft as the editor shows it again: with its slug, so a new title keeps the address.
      return { id: saved.id, path: permalinkOf({ slug, publishedAt: saved.publishedAt! }), draft: { ...draftOf(title, more), slug } };
    };
    const resave = async (id: number, draft: Draft, action: SaveRequest['action'] = 'save') => {
      const current = (await findEditablePost(server.database.db, id))!;
      await savePost(
        server.database.db,
        await editor(),
        { postId: id, baseVersion: current.updatedAt, draft, action, scheduleAt: current.publishedAt },
        new Date(),
      );
    };
    const cacheState = async (path: string) => (await get(path)).headers.get('x-cache');

    it('editing the text of an old post: its article, the lists and feeds that name it and the sitemaps change; home, recent articles and the site feed stay cached', async () => {
      const old = await publish('An archived report', new Date('2001-05-05T10:00:00Z'), { categories: ['Archive desk'] });
      // Enough newer stories that the old one is on no first page, in no Latest Posts and not in the site feed.
      for (let i = 0; i < FEED_POST_COUNT; i++)
        await aPost(server.database.db, { title: `Filler story ${i}`, publishedAt: new Date(Date.now() - 120_000 - i * 1_000) });
      const recent = await publish('A recent report', new Date(Date.now() - 60_000));
      const untouched = ['/', recent.path, otherArticle, '/feed/'];
      const showing = [old.path, '/category/archive-desk/', '/category/archive-desk/feed/', '/sitemap-posts-1.xml'];
      for (const path of [...untouched, ...showing]) await warm(path);
      await resave(old.id, { ...old.draft, title: 'An archived report, corrected', bodyMarkdown: 'Corrected text.' });
      for (const path of showing) assert.equal(await cacheState(path), 'MISS', `${path} shows the edited post`);
      assert.match(await (await get(old.path)).text(), /An archived report, corrected/);
      assert.match(await (await get('/category/archive-desk/')).text(), /An archived report, corrected/);
      for (const path of untouched) assert.equal(await cacheState(path), 'HIT', `${path} does not show the edited post`);
    });

    it('editing the title of a recent post changes every article whose Latest Posts name it', async () => {
      const recent = await publish('Fresh headline', new Date(Date.now() - 30_000));
      await warm(otherArticle);
      await warm('/');
      await resave(recent.id, { ...recent.draft, title: 'Fresh headline, updated' });
      for (const path of [otherArticle, '/']) {
        const res = await get(path);
        assert.equal(res.headers.get('x-cache'), 'MISS', path);
        assert.match(await res.text(), /Fresh headline, updated/, path);
      }
    });

    it('moving a post to another category changes the lists (both archives), not only the pages that showed it', async () => {
      const moved = await publish('A story that moves desk', new Date('2002-02-02T10:00:00Z'), { categories: ['Desk one'] });
      await publish('A story that stays', new Date('2002-02-03T10:00:00Z'), { categories: ['Desk two'] });
      for (const path of ['/category/desk-one/', '/category/desk-two/']) await warm(path);
      await resave(moved.id, { ...moved.draft, categories: ['Desk two'] });
      assert.doesNotMatch(await (await get('/category/desk-one/')).text(), /A story that moves desk/);
      const two = await get('/category/desk-two/');
      assert.equal(two.headers.get('x-cache'), 'MISS');
      assert.match(await two.text(), /A story that moves desk/);
    });

    it('unpublishing a post takes it off its address, the lists and every article at once', async () => {
      const gone = await publish('A story to withdraw', new Date(Date.now() - 10_000));
      for (const path of [gone.path, '/', otherArticle]) assert.match(await warm(path), /A story to withdraw/, path);
      await resave(gone.id, gone.draft, 'unpublish');
      assert.equal((await get(gone.path)).status, 404);
      for (const path of ['/', otherArticle]) assert.doesNotMatch(await (await get(path)).text(), /A story to withdraw/, path);
    });

    it('a scheduled post changes nothing until it goes live, then shows in the lists at once', async () => {
      const dueAt = new Date(Date.now() + 1_500);
      await savePost(server.database.db, await editor(), { draft: draftOf('Embargoed until noon'), action: 'schedule', scheduleAt: dueAt }, new Date());
      await warm('/');
      assert.equal(await cacheState('/'), 'HIT', 'scheduling changes no page readers see');
      await new Promise((r) => setTimeout(r, dueAt.getTime() - Date.now() + 50));
      await announceDuePosts(server.database.db, new Date());
      const home = await get('/');
      assert.equal(home.headers.get('x-cache'), 'MISS');
      assert.match(await home.text(), /Embargoed until noon/);
    });

    it('changing a setting through the settings page changes every page', async () => {
      for (const path of ['/', otherArticle, '/feed/']) await warm(path);
      await saveSiteSettings(server.database.db, { ...(await loadSiteSettings(server.database.db)), title: 'The Renamed Gazette' }, new Date());
      for (const path of ['/', otherArticle]) assert.match(await (await get(path)).text(), /The Renamed Gazette/, path);
      assert.equal(await cacheState('/feed/'), 'MISS');
    });
  });

  it('never shares a page that differs per reader', async () => {
    for (const path of [`${DEMO_ARTICLE_PATH}?comment=held`, `${DEMO_ARTICLE_PATH}?replytocom=1`]) {
      await get(path);
      assert.equal((await get(path)).headers.get('x-cache'), null, path);
    }
    const invalid = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'Needs a name', author: '', email: '' });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.headers.get('x-cache'), null);
    assert.match(await invalid.text(), /Needs a name/);
    assert.doesNotMatch(await (await get(DEMO_ARTICLE_PATH)).text(), /Needs a name/);
    assert.equal((await get('/no-such-page/')).headers.get('x-cache'), null);
  });
});

describe('readers of a page that is being rendered', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  /** An app behind a page cache whose page renders only when the test lets it, counting renders. */
  const site = async (page: (render: number) => { status: 200 | 500; unshared?: boolean }) => {
    const signal = await database.openChangeSignal();
    const cache = createPageCache({ database, signal, maxBytes: 1 << 20, logger: createLogger('error', () => {}) });
    let renders = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = new Hono<AppEnv>();
    app.use(cache.middleware);
    app.get('/story/', async (c) => {
      renders += 1;
      const made = page(renders);
      await gate;
      c.set('pageKeys', ['story']);
      if (made.unshared) c.set('pageUnshared', true);
      return c.html(`<p>render ${renders}</p>`, made.status);
    });
    return { app, renders: () => renders, release, close: () => signal.close() };
  };

  it('wait for that render and get its bytes, instead of rendering it again', async () => {
    const s = await site(() => ({ status: 200 }));
    const answers = Array.from({ length: 6 }, () => s.app.request('/story/'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(s.renders(), 1, 'the others wait');
    s.release();
    const responses = await Promise.all(answers);
    assert.equal(s.renders(), 1);
    assert.deepEqual(
      responses.map((r) => r.headers.get('x-cache')),
      ['MISS', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT'],
    );
    assert.deepEqual(await Promise.all(responses.map((r) => r.text())), Array(6).fill('<p>render 1</p>'));
    s.close();
  });

  it('render it themselves when that render is not kept: an error, or a page for one reader', async () => {
    for (const first of [{ status: 500 as const }, { status: 200 as const, unshared: true }]) {
      const s = await site((render) => (render === 1 ? first : { status: 200 }));
      const answers = Array.from({ length: 3 }, () => s.app.request('/story/'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      s.release();
      const responses = await Promise.all(answers);
      assert.equal(s.renders(), 3, JSON.stringify(first));
      assert.equal(responses[0]!.status, first.status);
      assert.deepEqual(
        responses.slice(1).map((r) => r.status),
        [200, 200],
      );
      s.close();
    }
  });
});
