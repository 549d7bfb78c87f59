import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { DEFAULT_SITE_SETTINGS } from '../../domain/settings.ts';
import { loadSiteSettings, saveSiteSettings } from '../../services/settings.ts';

/** The settings form as the page sends it with nothing changed. */
const DEFAULT_FORM = {
  title: 'Wirepress',
  tagline: 'News with its sources',
  postsPerPage: '10',
  language: 'en',
  timezone: 'UTC',
  requirePreviouslyApproved: '1',
  maxLinks: '2',
  moderationKeys: '',
  disallowedKeys: '',
  closeAfterDays: '0',
  threadDepth: '5',
};

describe('site and discussion settings', () => {
  let server: TestServer;
  let asAdmin: AdminSession;
  let asEditor: AdminSession;

  before(async () => {
    server = await startTestServer();
    asAdmin = await signIn(server, await aUser(server.database.db, 'administrator'));
    asEditor = await signIn(server, await aUser(server.database.db, 'editor'));
  });
  beforeEach(async () => {
    await saveSiteSettings(server.database.db, DEFAULT_SITE_SETTINGS, new Date());
  });
  after(async () => {
    await server.close();
  });

  const db = () => server.database.db;
  const home = async () => pageOf(await fetch(`${server.url}/`));
  const save = (fields: Record<string, string>) => asAdmin.post('/admin/settings/', { ...DEFAULT_FORM, ...fields });
  const comment = (path: string, fields: Record<string, string>) =>
    postForm(server, `${path}comments`, {
      comment: 'A plain remark.',
      author: 'Ann Reader',
      email: 'ann@example.org',
      url: '',
      comment_parent: '0',
      ...fields,
    });
  const lastComment = () => db().selectFrom('comments').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

  it('shows the current settings and saves a new title that the home page shows at once', async () => {
    assert.equal(textOf((await home()).querySelector('.site-title')), 'Wirepress'); // cached now
    const form = await pageOf(await asAdmin.get('/admin/settings/'));
    assert.equal(form.querySelector('input#title')?.getAttribute('value'), 'Wirepress');
    assert.equal(form.querySelector('input#requirePreviouslyApproved')?.hasAttribute('checked'), true);
    assert.equal(form.querySelector('input#manualApproval')?.hasAttribute('checked'), false);
    assert.equal(form.querySelector('input#threadDepth')?.getAttribute('value'), '5');

    const res = await save({ title: 'The Morning Wire', tagline: 'Sourced <news>', timezone: 'Europe/Berlin' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/settings/?saved=1');
    const page = await home();
    assert.equal(textOf(page.querySelector('.site-title')), 'The Morning Wire');
    assert.equal(textOf(page.querySelector('.site-tagline')), 'Sourced <news>');
    const settings = await loadSiteSettings(db());
    assert.equal(settings.timezone, 'Europe/Berlin');
    const after = await pageOf(await asAdmin.get('/admin/settings/?saved=1'));
    assert.equal(textOf(after.querySelector('.admin-notice')), 'Settings saved.');
    assert.equal(after.querySelector('input#title')?.getAttribute('value'), 'The Morning Wire');
  });

  it('changes the site’s language, and search follows it at once: Russian words found whatever their ending', async () => {
    const post = await aPost(db(), { title: 'Итоги встречи', body: 'Делегации договорились о новых переговорах.' });
    const search = async (words: string) =>
      [...(await pageOf(await fetch(`${server.url}/?s=${encodeURIComponent(words)}`))).querySelectorAll('article.search-result h2 a')].map((a) =>
        a.getAttribute('href'),
      );
    assert.deepEqual(await search('переговоры'), []);
    const form = await pageOf(await asAdmin.get('/admin/settings/'));
    assert.equal(form.querySelector('select#language option[selected]')?.getAttribute('value'), 'en');
    assert.equal((await save({ language: 'ru' })).status, 303);
    assert.equal((await loadSiteSettings(db())).language, 'ru');
    assert.deepEqual(await search('переговоры'), [permalinkOf(post)]);
    const after = await pageOf(await asAdmin.get('/admin/settings/'));
    assert.equal(after.querySelector('select#language option[selected]')?.getAttribute('value'), 'ru');
    await save({ language: 'en' });
  });

  it('sets the site language: the form offers each catalogue, and readers see the next page in it', async () => {
    const form = await pageOf(await asAdmin.get('/admin/settings/'));
    const offered = form.querySelectorAll('select#language option').map((o) => o.getAttribute('value'));
    assert.deepEqual(offered, ['en', 'ar', 'ru']);
    assert.equal(form.querySelector('select#language option[selected]')?.getAttribute('value'), 'en');
    assert.equal(form.querySelector('html')?.getAttribute('lang'), 'en');
    assert.equal((await home()).querySelector('html')?.getAttribute('lang'), 'en'); // cached now

    assert.equal((await save({ language: 'ru', timezone: 'Europe/Moscow' })).status, 303);
    assert.equal((await loadSiteSettings(db())).language, 'ru');
    const page = await home();
    assert.equal(page.querySelector('html')?.getAttribute('lang'), 'ru');
    assert.equal(page.querySelector('html')?.getAttribute('dir'), 'ltr');
    assert.equal(textOf(page.querySelector('.site-nav a')), 'Последние новости');
    const again = await pageOf(await asAdmin.get('/admin/settings/'));
    assert.equal(again.querySelector('select#language option[selected]')?.getAttribute('value'), 'ru');

    assert.equal((await save({ language: 'ar' })).status, 303);
    const arabic = await home();
    assert.equal(arabic.querySelector('html')?.getAttribute('dir'), 'rtl');
    assert.equal(textOf(arabic.querySelector('.site-nav a')), 'آخر الأخبار');
  });

  it('lists as many posts per page as set', async () => {
    await aPost(db());
    await aPost(db());
    const before = (await home()).querySelectorAll('article.post-card').length;
    assert.ok(before > 1);
    await save({ postsPerPage: '1' });
    assert.equal((await home()).querySelectorAll('article.post-card').length, 1);
  });

  it('re-renders a form with mistakes with 422, everything as typed and each message beside its field; nothing is saved', async () => {
    const res = await save({
      title: '  ',
      postsPerPage: '0',
      timezone: 'Mars/Olympus_Mons',
      language: 'tlh',
      maxLinks: 'two',
      threadDepth: '11',
      closeAfterDays: '-3',
      tagline: 'Kept <as typed>',
      moderationKeys: 'one\ntwo',
    });
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    for (const field of ['title', 'postsPerPage', 'language', 'timezone', 'maxLinks', 'threadDepth', 'closeAfterDays']) {
      assert.ok(page.querySelector(`#${field}-error`), `${field} has its message`);
      assert.equal(page.querySelector(`#${field}`)?.getAttribute('aria-invalid'), 'true', field);
    }
    assert.equal(page.querySelector('input#timezone')?.getAttribute('value'), 'Mars/Olympus_Mons');
    assert.equal(page.querySelector('select#language option[selected]')?.getAttribute('value'), 'tlh');
    assert.equal(textOf(page.querySelector('#language-error')), 'Please choose one of the languages listed.');
    assert.equal(page.querySelector('input#tagline')?.getAttribute('value'), 'Kept <as typed>');
    assert.equal(page.querySelector('input#maxLinks')?.getAttribute('value'), 'two');
    assert.equal(page.querySelector('textarea#moderationKeys')?.textContent, 'one\ntwo');
    assert.ok(page.querySelector('[role="alert"]'));
    assert.deepEqual(await loadSiteSettings(db()), DEFAULT_SITE_SETTINGS);
  });

  it('sends a reader’s comment with a disallowed word to spam, and holds one with a moderation word', async () => {
    const post = await aPost(db());
    const path = permalinkOf(post);
    await aComment(db(), post.id, { email: 'known@example.org', status: 'approved' });
    await save({ disallowedKeys: 'casino\n  ', moderationKeys: 'Refund' });
    const saved = await loadSiteSettings(db());
    assert.deepEqual([saved.discussion.disallowedKeys, saved.discussion.moderationKeys], [['casino'], ['Refund']]);

    const spam = await comment(path, { email: 'known@example.org', comment: 'Best CASINO bonuses' });
    assert.equal(spam.status, 303);
    assert.equal(spam.headers.get('location'), `${path}?comment=held#respond`);
    assert.equal((await lastComment()).status, 'spam');

    await comment(path, { email: 'known@example.org', url: 'https://casino.example/' });
    assert.equal((await lastComment()).status, 'spam', 'the website is matched too');

    await comment(path, { email: 'known@example.org', comment: 'I want a refund for this article' });
    assert.equal((await lastComment()).status, 'pending');

    await comment(path, { email: 'known@example.org', comment: 'Nothing listed here' });
    assert.equal((await lastComment()).status, 'approved');
  });

  it('holds every comment when comments must be approved by hand', async () => {
    const post = await aPost(db());
    await aComment(db(), post.id, { email: 'trusted@example.org', status: 'approved' });
    await save({ manualApproval: '1' });
    await comment(permalinkOf(post), { email: 'trusted@example.org' });
    assert.equal((await lastComment()).status, 'pending');
  });

  it('closes comments on posts older than N days: no form on the article, and a POST is refused with 403 and its text kept', async () => {
    const demo = await fetch(`${server.url}${DEMO_ARTICLE_PATH}`);
    assert.ok((await pageOf(demo)).querySelector('form.comment-form')); // cached now, open
    const fresh = await aPost(db(), { publishedAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000) });
    await save({ closeAfterDays: '30' });

    const closed = await pageOf(await fetch(`${server.url}${DEMO_ARTICLE_PATH}`));
    assert.equal(closed.querySelector('form.comment-form'), null);
    assert.match(textOf(closed.querySelector('#respond')), /Comments are closed/);
    const before = await db()
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await comment(DEMO_ARTICLE_PATH, { comment: 'Too late but worth keeping' });
    assert.equal(refused.status, 403);
    const page = await pageOf(refused);
    assert.match(textOf(page.querySelector('#respond')), /Comments are closed/);
    assert.equal(page.querySelector('#respond textarea')?.textContent, 'Too late but worth keeping');
    const after = await db()
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));

    assert.ok((await pageOf(await fetch(`${server.url}${permalinkOf(fresh)}`))).querySelector('form.comment-form'), 'a recent post stays open');
    await save({ closeAfterDays: '0' });
    assert.ok((await pageOf(await fetch(`${server.url}${DEMO_ARTICLE_PATH}`))).querySelector('form.comment-form'));
  });

  it('uses the thread depth for reply links and for replies readers send', async () => {
    const post = await aPost(db());
    const path = permalinkOf(post);
    const top = await aComment(db(), post.id, { status: 'approved' });
    const second = await aComment(db(), post.id, { status: 'approved', parentId: top, depth: 2 });
    const page = await pageOf(await fetch(`${server.url}${path}`));
    assert.ok(page.querySelector(`#comment-${second} > article .comment-reply`), 'depth 5 allows replies to level 2');

    await save({ threadDepth: '2' });
    const shallow = await pageOf(await fetch(`${server.url}${path}`));
    assert.ok(shallow.querySelector(`#comment-${top} > article .comment-reply`));
    assert.equal(shallow.querySelector(`#comment-${second} > article .comment-reply`), null);
    const refused = await comment(path, { comment_parent: String(second), comment: 'Third level' });
    assert.equal(refused.status, 422);
    assert.match(textOf((await pageOf(refused)).querySelector('#comment_parent-error')), /at most 2 levels/);
  });

  it('refuses an editor the settings page and its form (403), and changes nothing', async () => {
    assert.equal((await asEditor.get('/admin/settings/')).status, 403);
    const res = await asEditor.post('/admin/settings/', { ...DEFAULT_FORM, title: 'Taken over' });
    assert.equal(res.status, 403);
    assert.equal((await loadSiteSettings(db())).title, 'Wirepress');
  });
});
