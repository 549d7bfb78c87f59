import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { pageOf, textOf, type HTMLElement } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_SITE_SETTINGS } from '../../domain/settings.ts';
import { saveSiteSettings } from '../../services/settings.ts';

function postFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Переговоры в Женеве',
    slug: '',
    excerpt: '',
    body: 'Стороны **договорились** встретиться снова.',
    label: 'news',
    categories: 'Мир',
    tags: '',
    comments_open: 'on',
    publish_at: '',
    version: '',
    action: 'save',
    ...over,
  };
}

const PAGE = { title: 'Редакция', slug: 'newsroom', body: 'Кто мы.', parent: '', menu_order: '0', status: 'published', version: '' };

/** English words of these pages that must not be left in a translated one. */
const ENGLISH = [
  'Write a new post',
  'Drafts',
  'Scheduled for',
  'Save draft',
  'Publish now',
  'Body (Markdown)',
  'Readers may comment',
  'Revisions of',
  'Compare the two selected',
  'Write a new page',
  'Save page',
  'Parent page',
  'Header menu',
  'Add to the menu',
  'Please correct the following',
  'Last changed',
];

function assertNoEnglish(page: HTMLElement, where: string): void {
  const text = textOf(page.querySelector('main'));
  for (const words of ENGLISH) assert.ok(!text.includes(words), `${where} still says “${words}”`);
}

/**
 * The editorial half of the admin (posts, editor, revisions, pages, menus) in each user's language,
 * with its dates in the site's time zone: a Moscow newsroom's Russian editor and its Arabic one.
 */
describe('posts, revisions, pages and menus in the editor’s language and the site’s time zone', () => {
  let server: TestServer;
  let russian: AdminSession;
  let arabic: AdminSession;
  let postId: number;
  let pageId: number;

  before(async () => {
    server = await startTestServer();
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, timezone: 'Europe/Moscow' }, new Date());
    russian = await signIn(server, await aUser(server.database.db, 'editor', 'Ирина'));
    arabic = await signIn(server, await aUser(server.database.db, 'editor', 'ليلى'));
    assert.equal((await russian.post('/admin/account/language/', { language: 'ru' })).status, 303);
    assert.equal((await arabic.post('/admin/account/language/', { language: 'ar' })).status, 303);
    // Scheduled for 09:30 in Moscow on 15 January 2031, which is 06:30 UTC.
    const saved = await russian.post('/admin/posts/new/', postFields({ action: 'schedule', publish_at: '2031-01-15T09:30' }));
    assert.equal(saved.status, 303, `scheduled: ${saved.status}`);
    postId = Number(/\/admin\/posts\/(\d+)\//.exec(saved.headers.get('location') ?? '')?.[1]);
    assert.equal(
      (await russian.post(`/admin/posts/${postId}/`, postFields({ action: 'schedule', publish_at: '2031-01-15T09:30', body: 'Вторая редакция.' }))).status,
      409,
      'the version was left out: the save is refused as a conflict',
    );
    const version = (await pageOf(await russian.get(`/admin/posts/${postId}/`))).querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    assert.equal(
      (await russian.post(`/admin/posts/${postId}/`, postFields({ action: 'schedule', publish_at: '2031-01-15T09:30', body: 'Вторая редакция.', version })))
        .status,
      303,
    );
    const page = await russian.post('/admin/pages/new/', PAGE);
    assert.equal(page.status, 303);
    pageId = Number(/\/admin\/pages\/(\d+)\//.exec(page.headers.get('location') ?? '')?.[1]);
  });
  after(async () => {
    await server?.close();
  });

  it('the posts list: Russian words, the date in Russian and Moscow time', async () => {
    const page = await pageOf(await russian.get('/admin/posts/'));
    assert.equal(page.querySelector('html')?.getAttribute('lang'), 'ru');
    assert.equal(textOf(page.querySelector('h1')), 'Публикации');
    assert.equal(textOf(page.querySelector('a.button-link')), 'Написать новую публикацию');
    assert.match(textOf(page.querySelector('.post-filters')), /Все.*Черновики.*Запланированные.*Опубликованные/);
    const time = page.querySelector(`a[href="/admin/posts/${postId}/"]`)?.closest('tr')?.querySelector('time');
    assert.equal(time?.getAttribute('datetime'), '2031-01-15T06:30:00.000Z');
    assert.match(textOf(time), /^15 января 2031 г\. в 09:30 GMT\+3$/);
    assertNoEnglish(page, 'the posts list');
  });

  it('the post editor: labels, buttons, state line and its date; a mistake is told in Russian beside its field', async () => {
    const page = await pageOf(await russian.get(`/admin/posts/${postId}/`));
    assert.equal(textOf(page.querySelector('h1')), 'Редактирование публикации');
    assert.equal(textOf(page.querySelector('label[for="title"]')), 'Заголовок');
    assert.match(textOf(page.querySelector('.post-state')), /^Запланирована на 15 января 2031 г\. в 09:30 GMT\+3 · автор: Ирина/);
    assert.match(textOf(page.querySelector('.post-state time')), /^сохранена \d{1,2} [а-я]+ \d{4} г\. в \d\d:\d\d GMT\+3$/);
    assert.match(textOf(page.querySelector('.editor-buttons')), /^Обновить\s*Предпросмотр\s*Опубликовать сейчас\s*Запланировать\s*Снять с публикации$/);
    assertNoEnglish(page, 'the editor');

    const wrong = await russian.post('/admin/posts/new/', postFields({ title: '', source_0_name: '', source_0_url: 'ftp://x' }));
    assert.equal(wrong.status, 422);
    const form = await pageOf(wrong);
    assert.equal(textOf(form.querySelector('#title-error')), 'Введите заголовок.');
    assert.match(textOf(form.querySelector('.form-errors')), /^Исправьте, пожалуйста/);
    assert.equal(form.querySelector('textarea#body')?.textContent, 'Стороны **договорились** встретиться снова.', 'the text is kept');
    assertNoEnglish(form, 'the editor with mistakes');
  });

  it('a refusal from the domain (a slug another post has) is told in Russian', async () => {
    const res = await russian.post('/admin/posts/new/', postFields({ title: 'Другая', slug: 'peregovory-v-zheneve' }));
    const taken = await russian.post('/admin/posts/new/', postFields({ title: 'Третья', slug: 'peregovory-v-zheneve' }));
    assert.equal(res.status, 303);
    assert.equal(taken.status, 422);
    assert.equal(textOf((await pageOf(taken)).querySelector('#slug-error')), 'Ярлык «peregovory-v-zheneve» уже занят публикацией «Другая». Выберите другой.');
  });

  it('a save over someone else’s, and a restore over a newer save, are refused (409) in Russian with the text kept', async () => {
    const stale = await russian.post(`/admin/posts/${postId}/`, postFields({ body: 'Мой текст.', version: '2020-01-01T00:00:00.000Z' }));
    assert.equal(stale.status, 409);
    const page = await pageOf(stale);
    assert.match(textOf(page.querySelector('.admin-warning')), /^Кто-то другой сохранил эту публикацию после того, как вы её открыли \(Ирина, /);
    assert.equal(page.querySelector('textarea#body')?.textContent, 'Мой текст.');
    assertNoEnglish(page, 'the conflict page');

    const list = await pageOf(await russian.get(`/admin/posts/${postId}/revisions/`));
    const revision = list.querySelector('input[name="to"]')?.getAttribute('value');
    const restore = await russian.post(`/admin/posts/${postId}/revisions/${revision}/restore/`, { version: '2020-01-01T00:00:00.000Z' });
    assert.equal(restore.status, 409);
    assert.match(textOf((await pageOf(restore)).querySelector('.admin-warning')), /^Публикацию сохранили снова/);
  });

  it('revisions and their comparison', async () => {
    const list = await pageOf(await russian.get(`/admin/posts/${postId}/revisions/`));
    assert.equal(textOf(list.querySelector('h1')), 'Редакции «Переговоры в Женеве»');
    assert.match(textOf(list.querySelector('thead')), /Сохранена.*Заголовок.*Статус/);
    assertNoEnglish(list, 'the revisions');
    const ids = list.querySelectorAll('input[name="to"]').map((i) => i.getAttribute('value'));
    assert.equal(ids.length, 2);
    const compare = await pageOf(await russian.get(`/admin/posts/${postId}/revisions/compare/?from=${ids[1]}&to=${ids[0]}`));
    assert.equal(textOf(compare.querySelector('h1')), 'Изменения в «Переговоры в Женеве»');
    assert.match(textOf(compare.querySelector('main')), /Восстановить более старую редакцию/);
    const one = await pageOf(await russian.get(`/admin/posts/${postId}/revisions/${ids[0]}/`));
    assert.match(textOf(one.querySelector('.revision-fields')), /Дата публикации\s*15 января 2031 г\. в 09:30 GMT\+3/);
    assert.match(textOf(one.querySelector('.revision-fields')), /Метка\s*Новости/);
  });

  it('pages, the page editor and menus', async () => {
    const list = await pageOf(await russian.get('/admin/pages/'));
    assert.equal(textOf(list.querySelector('h1')), 'Страницы');
    assert.match(textOf(list.querySelector('thead')), /Изменена/);
    assert.match(textOf(list.querySelector('tbody time')), /\d{4} г\./);
    assertNoEnglish(list, 'the pages list');
    const editor = await pageOf(await russian.get(`/admin/pages/${pageId}/?saved=published`));
    assert.equal(textOf(editor.querySelector('.admin-notice')), 'Страница сохранена. Читатели уже видят её.');
    assert.equal(textOf(editor.querySelector('.editor-buttons button')), 'Сохранить страницу');
    assertNoEnglish(editor, 'the page editor');
    const wrong = await russian.post(`/admin/pages/${pageId}/`, { ...PAGE, menu_order: 'first' });
    assert.equal(wrong.status, 422);
    assert.equal(textOf((await pageOf(wrong)).querySelector('#menu_order-error')), 'Введите целое число от -10 000 до 10 000 или оставьте поле пустым.');

    const menus = await pageOf(await russian.get('/admin/menus/'));
    assert.equal(textOf(menus.querySelector('h1')), 'Меню');
    assert.match(textOf(menus.querySelector('main')), /Верхнее меню.*Нижнее меню/);
    assertNoEnglish(menus, 'the menus');
    const noLabel = await russian.post('/admin/menus/', { menu: 'header', target: 'url', url: 'https://example.com/', label: '' });
    assert.equal(noLabel.status, 422);
    assert.equal(textOf((await pageOf(noLabel)).querySelector('#label-error')), 'Введите слова, которые меню покажет для этого адреса.');
  });

  it('an Arabic editor gets every one of these pages right to left, in Arabic', async () => {
    const expected: Array<[string, string]> = [
      ['/admin/posts/', 'المنشورات'],
      [`/admin/posts/${postId}/`, 'تحرير المنشور'],
      [`/admin/posts/${postId}/revisions/`, 'مراجعات «Переговоры в Женеве»'],
      ['/admin/pages/', 'الصفحات'],
      [`/admin/pages/${pageId}/`, 'تحرير الصفحة'],
      [`/admin/pages/${pageId}/delete/`, 'حذف «Редакция»'],
      ['/admin/menus/', 'القوائم'],
    ];
    for (const [path, heading] of expected) {
      const page = await pageOf(await arabic.get(path));
      assert.equal(page.querySelector('html')?.getAttribute('dir'), 'rtl', path);
      assert.equal(page.querySelector('html')?.getAttribute('lang'), 'ar', path);
      assert.equal(textOf(page.querySelector('h1')), heading, path);
      assertNoEnglish(page, path);
    }
    const list = await pageOf(await arabic.get('/admin/posts/'));
    const time = list.querySelector(`a[href="/admin/posts/${postId}/"]`)?.closest('tr')?.querySelector('time');
    assert.match(textOf(time), /^15 يناير 2031/);
  });
});
