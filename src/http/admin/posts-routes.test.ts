import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { HtmlValidate } from 'html-validate';
import { adminFetch, aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { TEST_BACKEND } from '../../../test/support/database.ts';
import { aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';

function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Moscow answers Washington',
    slug: '',
    excerpt: '',
    body: 'The ministry said so on **Tuesday**.\n\nA second paragraph.',
    label: 'news',
    categories: 'World, Politics',
    tags: 'Diplomacy',
    comments_open: 'on',
    source_0_name: 'IZ',
    source_0_url: 'https://iz.ru/1',
    source_0_role: 'original',
    source_0_language: 'ru',
    publish_at: '',
    version: '',
    action: 'save',
    ...over,
  };
}

/** The post id a save redirected to. */
function savedId(res: Response): number {
  const match = /^\/admin\/posts\/(\d+)\/\?done=/.exec(res.headers.get('location') ?? '');
  assert.ok(match, `expected a redirect to the editor, got ${res.status} ${res.headers.get('location')}`);
  return Number(match[1]);
}

async function versionOf(session: AdminSession, id: number): Promise<string> {
  const page = await pageOf(await session.get(`/admin/posts/${id}/`));
  return page.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
}

describe('the post editor', () => {
  let server: TestServer;
  let editor: AdminSession;
  let author: AdminSession;
  let contributor: AdminSession;
  let authorUser: Awaited<ReturnType<typeof aUser>>;
  before(async () => {
    server = await startTestServer();
    await aUser(server.database.db, 'owner');
    editor = await signIn(server, await aUser(server.database.db, 'editor', 'Eddie Editor'));
    authorUser = await aUser(server.database.db, 'author', 'Ann Author');
    author = await signIn(server, authorUser);
    contributor = await signIn(server, await aUser(server.database.db, 'contributor', 'Carl Contributor'));
  });
  after(async () => {
    await server.close();
  });

  const db = () => server.database.db;
  const postRow = (id: number) => db().selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const countPosts = async () =>
    Number(
      (
        await db()
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const home = async () => (await fetch(`${server.url}/`)).text();

  it('publishes a sourced post that the cached home page and its article show at once, with the credit line', async () => {
    assert.doesNotMatch(await home(), /Moscow answers Washington/);
    await home(); // cached now
    const sourcesBefore = await db().selectFrom('sources').select('id').execute();
    const res = await editor.post('/admin/posts/new/', fields({ action: 'publish' }));
    assert.equal(res.status, 303);
    const id = savedId(res);
    const row = await postRow(id);
    assert.equal(row.status, 'published');
    assert.equal(row.slug, 'moscow-answers-washington');
    assert.equal(row.excerpt, 'The ministry said so on Tuesday. A second paragraph.');
    // "IZ" is the demo article's outlet: the same source, not a second one.
    assert.equal((await db().selectFrom('sources').select('id').execute()).length, sourcesBefore.length);

    const homePage = await pageOf(await fetch(`${server.url}/`));
    assert.match(textOf(homePage), /Moscow answers Washington/);
    const path = permalinkOf({ slug: row.slug, publishedAt: new Date(row.published_at!) });
    const article = await pageOf(await fetch(`${server.url}${path}`));
    assert.equal(textOf(article.querySelector('.credit-line')), 'Source: IZ');
    assert.match(article.querySelector('.article-body')?.innerHTML ?? '', /<strong>Tuesday<\/strong>/);
    assert.match(textOf(article), /Eddie Editor/);
  });

  it('lets a contributor save a draft but not publish: 403 and nothing stored', async () => {
    const before = await countPosts();
    const refused = await contributor.post('/admin/posts/new/', fields({ title: 'Contributor scoop', action: 'publish' }));
    assert.equal(refused.status, 403);
    assert.equal(await countPosts(), before);
    const saved = await contributor.post('/admin/posts/new/', fields({ title: 'Contributor scoop', action: 'save' }));
    const id = savedId(saved);
    assert.equal((await postRow(id)).status, 'draft');
    const version = await versionOf(contributor, id);
    const again = await contributor.post(`/admin/posts/${id}/`, fields({ title: 'Contributor scoop', action: 'publish', version }));
    assert.equal(again.status, 403);
    assert.equal((await postRow(id)).status, 'draft');
    const editorPage = await pageOf(await contributor.get(`/admin/posts/${id}/`));
    assert.equal(editorPage.querySelector('button[value="publish"]'), null);
  });

  it('does not let an author open or change another’s post', async () => {
    const other = await aPost(db(), { title: 'Someone else’s story', author: 'Other Reporter' });
    assert.equal((await author.get(`/admin/posts/${other.id}/`)).status, 403);
    const res = await author.post(`/admin/posts/${other.id}/`, fields({ title: 'Hijacked', action: 'save', version: new Date().toISOString() }));
    assert.equal(res.status, 403);
    assert.equal((await postRow(other.id)).title, 'Someone else’s story');
  });

  it('lets an author publish and unpublish their own post; unpublishing hides it from the cached pages', async () => {
    const id = savedId(await author.post('/admin/posts/new/', fields({ title: 'Author exclusive', action: 'publish' })));
    const row = await postRow(id);
    const path = permalinkOf({ slug: row.slug, publishedAt: new Date(row.published_at!) });
    assert.equal((await fetch(`${server.url}${path}`)).status, 200);
    assert.match(await home(), /Author exclusive/);
    const res = await author.post(`/admin/posts/${id}/`, fields({ title: 'Author exclusive', action: 'unpublish', version: await versionOf(author, id) }));
    assert.equal(res.status, 303);
    assert.equal((await postRow(id)).status, 'draft');
    assert.equal((await fetch(`${server.url}${path}`)).status, 404);
    assert.doesNotMatch(await home(), /Author exclusive/);
  });

  it('lists only a contributor’s own posts, everyone’s for an editor, filtered by status', async () => {
    const mine = await pageOf(await contributor.get('/admin/posts/'));
    const titles = mine.querySelectorAll('tbody tr td:first-child').map(textOf);
    assert.ok(titles.includes('Contributor scoop'));
    assert.ok(!titles.includes('Moscow answers Washington'));
    const all = await pageOf(await editor.get('/admin/posts/'));
    assert.ok(all.querySelectorAll('tbody td:first-child').map(textOf).includes('Moscow answers Washington'));
    const drafts = await pageOf(await editor.get('/admin/posts/?status=draft'));
    const statuses = drafts.querySelectorAll('tbody td:nth-child(3)').map(textOf);
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Draft'));
    assert.equal(drafts.querySelector('.post-filters a[aria-current="page"]')?.textContent, 'Drafts');
  });

  it('keeps everything typed when a save fails validation (422), with the errors by field', async () => {
    const before = await countPosts();
    const res = await editor.post(
      '/admin/posts/new/',
      fields({ title: '', body: 'Words that must survive <b>', source_1_name: '', source_1_url: 'ftp://x', action: 'publish' }),
    );
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /Words that must survive &lt;b&gt;<\/textarea>/);
    const page = await pageOf(new Response(html));
    assert.equal(page.querySelector('textarea[name="body"]')?.textContent, 'Words that must survive <b>');
    assert.match(textOf(page.querySelector('#title-error')), /title/);
    assert.match(textOf(page.querySelector('#source_1_url-error')), /http/);
    assert.equal(page.querySelector('input[name="source_0_name"]')?.getAttribute('value'), 'IZ');
    assert.equal(await countPosts(), before);
  });

  it('refuses a slug another post uses, saying which, and keeps the text', async () => {
    const res = await editor.post('/admin/posts/new/', fields({ slug: 'moscow-answers-washington', body: 'Another take' }));
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.match(textOf(page.querySelector('#slug-error')), /already used by “Moscow answers Washington”/);
    assert.equal(page.querySelector('textarea[name="body"]')?.textContent, 'Another take');
    const byContributor = await contributor.post('/admin/posts/new/', fields({ slug: 'moscow-answers-washington', body: 'Mine' }));
    assert.equal(byContributor.status, 422);
    assert.match(textOf((await pageOf(byContributor)).querySelector('#slug-error')), /already used by another post\./);
    const bad = await editor.post('/admin/posts/new/', fields({ slug: 'Not A Slug' }));
    assert.equal(bad.status, 422);
  });

  it('keeps a changed slug’s old address answering 301 to the new one', async () => {
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Renamed later', action: 'publish' })));
    const before = await postRow(id);
    const oldPath = permalinkOf({ slug: before.slug, publishedAt: new Date(before.published_at!) });
    assert.equal((await fetch(`${server.url}${oldPath}`)).status, 200);
    const res = await editor.post(
      `/admin/posts/${id}/`,
      fields({ title: 'Renamed later', slug: 'renamed-for-good', action: 'save', version: await versionOf(editor, id) }),
    );
    assert.equal(res.status, 303);
    const newPath = permalinkOf({ slug: 'renamed-for-good', publishedAt: new Date(before.published_at!) });
    const moved = await fetch(`${server.url}${oldPath}`, { redirect: 'manual' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), newPath);
    assert.equal((await fetch(`${server.url}${newPath}`)).status, 200);

    // The form shows the post's date; sent back as it is, the date stays to the millisecond.
    const form = await pageOf(await editor.get(`/admin/posts/${id}/`));
    const shown = form.querySelector('input[name="publish_at"]')?.getAttribute('value') ?? '';
    assert.equal(shown, before.published_at!.slice(0, 16));
    await editor.post(
      `/admin/posts/${id}/`,
      fields({ title: 'Renamed later', slug: 'renamed-for-good', publish_at: shown, version: await versionOf(editor, id) }),
    );
    assert.equal((await postRow(id)).published_at, before.published_at);

    // A new date in the past moves the post to another day: both older addresses follow it.
    const redated = await editor.post(
      `/admin/posts/${id}/`,
      fields({ title: 'Renamed later', slug: 'renamed-for-good', publish_at: '2023-06-01T10:00', version: await versionOf(editor, id) }),
    );
    assert.equal(redated.status, 303);
    for (const path of [oldPath, newPath]) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 301, path);
      assert.equal(res.headers.get('location'), '/2023/06/01/renamed-for-good/');
    }
    assert.equal((await fetch(`${server.url}/2023/06/01/renamed-for-good/`)).status, 200);
  });

  it('warns of a conflict (409) instead of overwriting another editor’s save, keeping this editor’s text', async () => {
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Shared story', body: 'First words' })));
    const loaded = await versionOf(editor, id);
    const first = await author.get(`/admin/posts/${id}/`); // an author cannot open it: not theirs
    assert.equal(first.status, 403);
    const otherEditor = await signIn(server, await aUser(db(), 'editor', 'Olga Other'));
    const ok = await otherEditor.post(`/admin/posts/${id}/`, fields({ title: 'Shared story', body: 'Olga’s words', version: loaded }));
    assert.equal(ok.status, 303);
    const res = await editor.post(`/admin/posts/${id}/`, fields({ title: 'Shared story', body: 'Eddie’s words', version: loaded }));
    assert.equal(res.status, 409);
    const page = await pageOf(res);
    assert.equal(page.querySelector('textarea[name="body"]')?.textContent, 'Eddie’s words');
    assert.match(textOf(page.querySelector('[role="alert"]')), /Someone else saved this post.*Olga Other/);
    const link = page.querySelector('[role="alert"] a')?.getAttribute('href') ?? '';
    assert.match(link, new RegExp(`^/admin/posts/${id}/revisions/\\d+/$`));
    assert.match(await (await editor.get(link)).text(), /Olga’s words/);
    assert.equal((await postRow(id)).body_markdown, 'Olga’s words');
  });

  it('keeps a revision of every save, compares two with a line diff, and restores one as a new save', async () => {
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Revised story', body: 'Line one\nLine two' })));
    await editor.post(
      `/admin/posts/${id}/`,
      fields({ title: 'Revised story, updated', body: 'Line one\nLine 2 <script>x</script>', version: await versionOf(editor, id) }),
    );
    const list = await pageOf(await editor.get(`/admin/posts/${id}/revisions/`));
    const rows = list.querySelectorAll('tbody tr');
    assert.equal(rows.length, 2);
    const [newer, older] = rows.map((r) => r.querySelector('input[name="to"]')!.getAttribute('value')!);
    const compare = await editor.get(`/admin/posts/${id}/revisions/compare/?from=${newer}&to=${older}`);
    assert.equal(compare.status, 200);
    const html = await compare.text();
    assert.match(html, /<del><span class="visually-hidden">Removed: <\/span>Line two<\/del>/);
    assert.match(html, /<ins><span class="visually-hidden">Added: <\/span>Line 2 &lt;script&gt;x&lt;\/script&gt;<\/ins>/);
    assert.match(html, /Revised story, updated/);

    const restore = await editor.post(`/admin/posts/${id}/revisions/${older}/restore/`, { version: await versionOf(editor, id) });
    assert.equal(restore.status, 303);
    const row = await postRow(id);
    assert.equal(row.title, 'Revised story');
    assert.equal(row.body_markdown, 'Line one\nLine two');
    assert.equal((await pageOf(await editor.get(`/admin/posts/${id}/revisions/`))).querySelectorAll('tbody tr').length, 3);
    const stale = await editor.post(`/admin/posts/${id}/revisions/${newer}/restore/`, { version: new Date(0).toISOString() });
    assert.equal(stale.status, 409);
    assert.equal((await postRow(id)).title, 'Revised story');
  });

  it('adds a correction that the cached article shows with its date', async () => {
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Corrected story', action: 'publish' })));
    const row = await postRow(id);
    const path = permalinkOf({ slug: row.slug, publishedAt: new Date(row.published_at!) });
    await fetch(`${server.url}${path}`);
    const res = await editor.post(`/admin/posts/${id}/corrections/`, { correction: 'An earlier version misnamed the ministry.' });
    assert.equal(res.status, 303);
    const article = await pageOf(await fetch(`${server.url}${path}`));
    const corrections = textOf(article.querySelector('.corrections'));
    assert.match(corrections, /An earlier version misnamed the ministry\./);
    assert.ok(article.querySelector('.corrections time[datetime]'));
    const draftId = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Not yet out' })));
    assert.equal((await editor.post(`/admin/posts/${draftId}/corrections/`, { correction: 'No.' })).status, 403);
    assert.equal((await contributor.post(`/admin/posts/${id}/corrections/`, { correction: 'Mine.' })).status, 403);
  });

  it('previews the body with the public page’s renderer, sanitized, without saving', async () => {
    const before = await countPosts();
    const res = await editor.post('/admin/posts/new/', fields({ title: 'Preview me', body: 'Hello **world** <script>alert(1)</script>', action: 'preview' }));
    assert.equal(res.status, 200);
    const page = await pageOf(res);
    const preview = page.querySelector('.post-preview .article-body')?.innerHTML ?? '';
    assert.match(preview, /<strong>world<\/strong>/);
    assert.doesNotMatch(preview, /<script/);
    assert.equal(page.querySelector('input[name="title"]')?.getAttribute('value'), 'Preview me');
    assert.equal(await countPosts(), before);
  });

  it('schedules a post that stays hidden until its time; a time in the past is refused', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const publishAt = at.toISOString().slice(0, 16);
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Embargoed story', action: 'schedule', publish_at: publishAt })));
    const row = await postRow(id);
    assert.equal(row.status, 'published');
    assert.equal(row.published_at, `${publishAt}:00.000Z`);
    assert.doesNotMatch(await home(), /Embargoed story/);
    assert.equal((await fetch(`${server.url}${permalinkOf({ slug: row.slug, publishedAt: new Date(row.published_at!) })}`)).status, 404);
    const scheduled = await pageOf(await editor.get('/admin/posts/?status=scheduled'));
    assert.ok(scheduled.querySelectorAll('tbody td:first-child').map(textOf).includes('Embargoed story'));
    const past = await editor.post('/admin/posts/new/', fields({ title: 'Too late', action: 'schedule', publish_at: '2020-01-01T10:00' }));
    assert.equal(past.status, 422);
    assert.match(textOf((await pageOf(past)).querySelector('#publish_at-error')), /future/);
  });

  it('publishes a scheduled post by itself at its time, and the cached home page shows it', async () => {
    // The editor's field takes seconds too (a browser sends them when step is set), so the wait stays short.
    const soon = new Date(Date.now() + 1_500);
    const publishAt = soon.toISOString().slice(0, 19);
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Appears by itself', action: 'schedule', publish_at: publishAt })));
    assert.doesNotMatch(await home(), /Appears by itself/);
    const deadline = Date.now() + 10_000;
    let shown = false;
    while (!shown && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      shown = /Appears by itself/.test(await home());
    }
    assert.ok(shown, 'the scheduled post did not appear on the home page within 10 s');
    assert.ok((await postRow(id)).went_live_at);
  });

  it('answers a save without a session with 401 and the sign-in page carrying the typed text', async () => {
    const res = await adminFetch(server, '/admin/posts/new/', { fields: fields({ body: 'Text typed before the session ran out' }) });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /Text typed before the session ran out/);
  });

  it('changes nothing without the form’s CSRF token (403)', async () => {
    const before = await countPosts();
    const res = await editor.post('/admin/posts/new/', fields({ _csrf: 'wrong', title: 'Forged' }));
    assert.equal(res.status, 403);
    assert.equal(await countPosts(), before);
  });

  it('writes valid HTML5 on every editor page', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:standard', 'html-validate:document', 'html-validate:a11y'],
      rules: { 'void-style': 'off', 'require-sri': ['error', { target: 'crossorigin' }] },
    });
    const id = savedId(await editor.post('/admin/posts/new/', fields({ title: 'Valid markup', body: 'One\nTwo', action: 'publish' })));
    await editor.post(`/admin/posts/${id}/`, fields({ title: 'Valid markup', body: 'One\nThree', version: await versionOf(editor, id) }));
    const revisions = (await pageOf(await editor.get(`/admin/posts/${id}/revisions/`)))
      .querySelectorAll('input[name="to"]')
      .map((i) => i.getAttribute('value'));
    const pages: Array<[string, () => Promise<Response>]> = [
      ['list', () => editor.get('/admin/posts/?status=published')],
      ['new', () => editor.get('/admin/posts/new/')],
      ['edit with corrections', () => editor.get(`/admin/posts/${id}/`)],
      ['preview', () => editor.post('/admin/posts/new/', fields({ action: 'preview' }))],
      ['errors', () => editor.post('/admin/posts/new/', fields({ title: '', source_0_url: 'x' }))],
      ['revisions', () => editor.get(`/admin/posts/${id}/revisions/`)],
      ['revision', () => editor.get(`/admin/posts/${id}/revisions/${revisions[0]}/`)],
      ['compare', () => editor.get(`/admin/posts/${id}/revisions/compare/?from=${revisions[1]}&to=${revisions[0]}`)],
    ];
    for (const [name, load] of pages) {
      const report = await validator.validateString(await (await load()).text());
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`));
      assert.deepEqual(messages, [], name);
    }
  });
});

// Another process holding SQLite's write lock past the busy timeout; PostgreSQL's outage has its own test (test/database-outage.test.ts).
describe('a save the database cannot take just now', { skip: TEST_BACKEND !== 'sqlite' ? 'SQLite only' : false }, () => {
  let server: TestServer;
  let editor: AdminSession;
  before(async () => {
    // A write gives up after a tenth of a second here, not the default five.
    server = await startTestServer({ busyTimeoutMs: 100 });
    editor = await signIn(server, await aUser(server.database.db, 'editor', 'Busy Editor'));
  });
  after(async () => {
    await server.close();
  });

  it('keeps the editor on the page with every word, 503 and a time to retry, and saves once the lock is gone', async () => {
    const title = 'Written while another process writes';
    const draft = fields({ title, body: 'Every word of this draft must come back.' });
    const other = new BetterSqlite3(server.databaseUrl.slice('file:'.length));
    let res: Response;
    try {
      other.exec('begin immediate');
      res = await editor.post('/admin/posts/new/', draft);
    } finally {
      other.close();
    }
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
    const page = await pageOf(res);
    assert.equal(page.querySelector('input[name="title"]')?.getAttribute('value'), draft.title);
    assert.equal(textOf(page.querySelector('textarea[name="body"]')), draft.body);
    assert.match(textOf(page), /could not be saved just now/);
    assert.equal((await server.database.db.selectFrom('posts').select('id').where('title', '=', title).execute()).length, 0);

    savedId(await editor.post('/admin/posts/new/', draft));
    assert.equal((await server.database.db.selectFrom('posts').select('id').where('title', '=', title).execute()).length, 1);
  });
});
