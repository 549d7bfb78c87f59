import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SITE_SETTINGS } from '../src/domain/settings.ts';
import { LANGUAGES, messagesFor, readCatalogue, REFERENCE_LANGUAGE } from '../src/i18n/messages.ts';
import { saveSiteSettings } from '../src/services/settings.ts';
import { aComment, aPost } from './support/factories.ts';
import { htmlProblems, pageOf, textOf } from './support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';

/** Every key of the catalogues, to be sure none reaches a page in place of its words. */
const KEYS = Object.keys(readCatalogue(REFERENCE_LANGUAGE));

/** The public pages, each a different view. */
const PAGES = [
  '/',
  DEMO_ARTICLE_PATH,
  '/page/2/',
  '/source/iz/',
  '/category/world/',
  '/tag/nato/',
  '/author/newsroom/',
  '/2022/02/',
  '/2022/02/15/',
  '/?s=lavrov',
  '/?s=nothingmatchesthis',
  '/?s=',
  '/no-such-page/',
];

/** Each language, how its pages are set, and a few of its own words the pages must show. */
const EXPECTED: Record<string, { dir: 'ltr' | 'rtl'; timezone: string; date: RegExp }> = {
  en: { dir: 'ltr', timezone: 'UTC', date: /15 February 2022/ },
  ru: { dir: 'ltr', timezone: 'Europe/Moscow', date: /15 февраля 2022/ },
  ar: { dir: 'rtl', timezone: 'Asia/Riyadh', date: /(15|١٥) فبراير(،)? (2022|٢٠٢٢)/ },
};

describe('the public pages in each language', () => {
  let server: TestServer;
  const page = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    const html = await res.text();
    return { status: res.status, html, doc: await pageOf(new Response(html)) };
  };

  before(async () => {
    server = await startTestServer();
    // Enough posts for a second page, and a comment for the comment count.
    for (let i = 0; i < 11; i += 1) await aPost(server.database.db);
    const article = await server.database.db.selectFrom('posts').select('id').where('slug', 'like', 'lavrov-%').executeTakeFirstOrThrow();
    await aComment(server.database.db, article.id, { status: 'approved', name: 'مراسل', body: 'Комментарий читателя.' });
  });
  after(async () => {
    await server?.close();
  });

  it('has a catalogue for every language this test expects, and expects every catalogue', () => {
    assert.deepEqual([...LANGUAGES].sort(), Object.keys(EXPECTED).sort());
  });

  for (const language of Object.keys(EXPECTED)) {
    const expected = EXPECTED[language]!;
    it(`${language}: lang and dir on every page, its own words, valid HTML and no message keys`, async () => {
      await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language, timezone: expected.timezone }, new Date());
      const { t } = messagesFor(language);
      for (const path of PAGES) {
        const { status, html, doc } = await page(path);
        assert.ok(status === 200 || status === 404, `${path}: ${status}`);
        const root = doc.querySelector('html');
        assert.equal(root?.getAttribute('lang'), language, path);
        assert.equal(root?.getAttribute('dir'), expected.dir, path);
        assert.equal(textOf(doc.querySelector('.skip-link')), t('layout.skipToContent'), path);
        assert.equal(textOf(doc.querySelector('.site-nav a')), t('layout.latestNews'), path);
        const text = doc.textContent;
        const leaked = KEYS.filter((key) => text.includes(key) || html.includes(`"${key}"`));
        assert.deepEqual(leaked, [], `${path} shows message keys`);
        assert.deepEqual(await htmlProblems(html), [], path);
      }

      const article = (await page(DEMO_ARTICLE_PATH)).doc;
      assert.equal(textOf(article.querySelector('#latest-posts-heading')), t('latest.heading'));
      assert.equal(textOf(article.querySelector('#reply-title')), t('commentForm.title'));
      assert.equal(textOf(article.querySelector('#comments-heading')), t('comments.heading', { count: 1 }));
      assert.equal(textOf(article.querySelector('.credit-label')), t('sources.source'));
      assert.equal(textOf(article.querySelector('.form-submit button')), t('commentForm.submit'));
      assert.match(textOf(article.querySelector('.article-header time')), expected.date);
      const readingTime = textOf(article.querySelector('.reading-time'));
      assert.ok(
        Array.from({ length: 60 }, (_, i) => t('post.readingTime', { minutes: i + 1 })).some((words) => readingTime.endsWith(words)),
        readingTime,
      );
      // A name in another script is isolated: it cannot reorder the words around it.
      assert.equal(article.querySelector('.comment-author')?.getAttribute('dir'), 'auto');
      assert.equal(article.querySelector('.article-body')?.getAttribute('dir'), 'auto');

      const archive = (await page('/2022/02/')).doc;
      assert.equal(textOf(archive.querySelector('.archive-kind')), t('archive.date.kind'));
      assert.ok(textOf(archive.querySelector('title')).startsWith(t('archive.date.title', { period: textOf(archive.querySelector('h1')) })));

      const second = (await page('/page/2/')).doc;
      assert.equal(textOf(second.querySelector('.pagination-current')), t('pagination.page', { page: 2 }));
      assert.equal(textOf(second.querySelector('a[rel="prev"]')), t('pagination.newerPosts'));

      const missing = await page('/no-such-page/');
      assert.equal(missing.status, 404);
      assert.equal(textOf(missing.doc.querySelector('h1')), t('notFound.heading'));

      const search = (await page('/?s=nothingmatchesthis')).doc;
      assert.equal(textOf(search.querySelector('.search-message')), t('search.nothing'));
    });

    it(`${language}: the reply form's errors and refusals in the site's language, the text kept`, async () => {
      await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language, timezone: expected.timezone }, new Date());
      const { t } = messagesFor(language);
      const empty = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'Сохранить этот текст', author: '', email: 'no', url: 'javascript:x' });
      assert.equal(empty.status, 422);
      const form = await pageOf(empty);
      assert.equal(textOf(form.querySelector('#author-error')), t('commentError.nameRequired'));
      assert.equal(textOf(form.querySelector('#email-error')), t('commentError.emailInvalid'));
      assert.equal(textOf(form.querySelector('#url-error')), t('commentError.websiteInvalid'));
      assert.equal(textOf(form.querySelector('#form-errors p')), t('commentForm.fieldsNeedAttention', { count: 3 }));
      assert.equal(form.querySelector('textarea#comment')?.textContent, 'Сохранить этот текст');

      // Refused by the service (a duplicate): its English message reaches the reader translated.
      const fields = { comment: `Once only, ${language}.`, author: 'Reader', email: `reader-${language}@example.org`, url: '' };
      assert.equal((await postForm(server, `${DEMO_ARTICLE_PATH}comments`, fields)).status, 303);
      const again = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { ...fields, author: 'Reader again' });
      assert.equal(again.status, 409);
      assert.equal(textOf((await pageOf(again)).querySelector('#comment-error')), t('commentError.duplicate'));
    });
  }

  it('feeds speak the site language: their language, titles and credit lines', async () => {
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language: 'ru' }, new Date());
    const rss = await (await fetch(`${server.url}/feed/`)).text();
    assert.match(rss, /<language>ru<\/language>/);
    assert.match(rss, /Источник: &lt;a href=/);
    const comments = await (await fetch(`${server.url}/comments/feed/`)).text();
    assert.match(comments, /<title>Комментарии: Wirepress<\/title>/);
    assert.match(comments, /مراسل — комментарий к публикации «Lavrov pointed out/);
    const atom = await (await fetch(`${server.url}/feed/atom/`)).text();
    assert.match(atom, /xml:lang="ru"/);
  });

  it('dates follow the site time zone: 23:30 UTC is the next day in Moscow', async () => {
    await aPost(server.database.db, { publishedAt: new Date('2025-03-10T23:30:00Z'), title: 'Late night story' });
    for (const [timezone, day] of [
      ['UTC', /10 March 2025/],
      ['Europe/Moscow', /11 March 2025/],
    ] as const) {
      await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, timezone }, new Date());
      const home = (await page('/')).doc;
      const card = home.querySelectorAll('article.post-card').find((a) => textOf(a.querySelector('.post-card-title')) === 'Late night story');
      assert.match(textOf(card?.querySelector('time')), day, timezone);
    }
  });
});
