import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf, type HTMLElement } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_SITE_SETTINGS } from '../../domain/settings.ts';
import { saveSiteSettings } from '../../services/settings.ts';

/**
 * The people and settings half of the admin in the user's language: each page's words in
 * Russian (and none of a few chosen English ones), its messages and refusals too, dates in the
 * site's time zone, and Arabic right to left.
 */
describe('comments, settings, identity, users, privacy, mail, webhooks and the account in Russian', () => {
  let server: TestServer;
  let owner: AdminSession;
  let commentId: number;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    owner = await signIn(server, await aUser(db, 'owner', 'Ирина Владелец'));
    assert.equal((await owner.post('/admin/account/language/', { language: 'ru' })).status, 303);
    // The site keeps Moscow time: admin dates are in it, in the user's language.
    await saveSiteSettings(db, { ...DEFAULT_SITE_SETTINGS, timezone: 'Europe/Moscow' }, new Date());
    const post = await aPost(db, { title: 'Переговоры в Женеве' });
    commentId = await aComment(db, post.id, { status: 'pending', name: 'Читатель', email: 'reader@example.org' });
  });
  after(async () => {
    await server?.close();
  });

  const page = async (path: string): Promise<{ page: HTMLElement; text: string }> => {
    const res = await owner.get(path);
    assert.equal(res.status, 200, path);
    const parsed = await pageOf(res);
    return { page: parsed, text: textOf(parsed.querySelector('main') ?? parsed) };
  };
  const lacks = (text: string, englishWords: string[]) => {
    for (const english of englishWords) assert.ok(!text.includes(english), `"${english}" is still in English`);
  };

  it('the comment queue and a single comment, with dates in Moscow time and Russian months', async () => {
    const { page: queue, text } = await page('/admin/comments/');
    assert.equal(textOf(queue.querySelector('h1')), 'Комментарии');
    assert.match(text, /Ожидают \(1\)/);
    assert.match(text, /Действие с выбранными/);
    assert.match(text, /1 февраля 2024 г\.,? (?:в )?03:00/);
    lacks(text, ['Bulk action', 'Approve', 'Why it was held', ' on ', 'Pending']);

    const { page: single, text: singleText } = await page(`/admin/comments/${commentId}/?status=pending`);
    assert.equal(textOf(single.querySelector('h1')), 'Комментарий: Читатель');
    assert.match(singleText, /Одобрить и ответить/);
    assert.match(singleText, /Назад к ожидающим комментариям/);
    lacks(singleText, ['Edit comment', 'Save comment', 'Website']);

    const done = await owner.post(`/admin/comments/${commentId}/approve/`, { status: 'pending' });
    assert.equal(done.status, 303);
    const after = await pageOf(await owner.get(done.headers.get('location') ?? ''));
    assert.equal(textOf(after.querySelector('.admin-notice')), 'Одобрен 1 комментарий.');

    const refused = await owner.post(`/admin/comments/${commentId}/edit/`, { status: 'approved', comment: '', author: 'Читатель', email: 'nope' });
    assert.equal(refused.status, 422);
    const form = await pageOf(refused);
    assert.equal(textOf(form.querySelector('#comment-error')), 'Напишите комментарий.');
  });

  it('settings, with its messages beside the fields', async () => {
    const { page: settings, text } = await page('/admin/settings/');
    assert.equal(textOf(settings.querySelector('h1')), 'Настройки');
    assert.match(text, /Название сайта/);
    assert.match(text, /Часовой пояс/);
    assert.match(text, /Слова для модерации/);
    lacks(text, ['Site title', 'Time zone', 'Discussion', 'Save settings']);

    const res = await owner.post('/admin/settings/', {
      title: '',
      tagline: '',
      postsPerPage: '0',
      language: 'ru',
      timezone: 'Mars/Olympus',
      maxLinks: '2',
      closeAfterDays: '0',
      threadDepth: '5',
      moderationKeys: '',
      disallowedKeys: '',
    });
    assert.equal(res.status, 422);
    const refused = await pageOf(res);
    assert.equal(textOf(refused.querySelector('.form-errors p')), 'Исправьте, пожалуйста, следующее и попробуйте снова:');
    assert.equal(textOf(refused.querySelector('#title-error')), 'Введите название сайта.');
    assert.equal(textOf(refused.querySelector('#postsPerPage-error')), 'Публикаций на странице: нужно целое число от 1 до 100.');
    assert.match(textOf(refused.querySelector('#timezone-error')), /^Введите название часового пояса/);
  });

  it('identity, with the accent sample and the contrast message in Russian', async () => {
    const { page: identity, text } = await page('/admin/settings/identity/');
    assert.equal(textOf(identity.querySelector('h1')), 'Оформление');
    assert.match(text, /Фирменный цвет/);
    assert.match(text, /Как это выглядит/);
    lacks(text, ['Accent colour', 'Footer text', 'Save identity']);

    const form = new FormData();
    form.set('_csrf', owner.csrf);
    for (const [name, value] of Object.entries({ accentColor: '#ffff00', footerText: '', socialLinks: 'ftp://example.org' })) form.set(name, value);
    const res = await fetch(`${server.url}/admin/settings/identity/`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { cookie: owner.cookie, origin: server.url },
    });
    assert.equal(res.status, 422);
    const refused = await pageOf(res);
    assert.match(textOf(refused.querySelector('#accentColor-error')), /^Этот цвет слишком светлый или слишком тёмный для чтения: 1,\d\d:1/);
    assert.equal(textOf(refused.querySelector('#socialLinks-error')), 'Строка 1 — не веб-адрес, начинающийся с https:// или http://.');
  });

  it('users, an invitation, and a service’s refusal in Russian', async () => {
    const { page: users, text } = await page('/admin/users/');
    assert.equal(textOf(users.querySelector('h1')), 'Пользователи');
    assert.match(text, /Добавить пользователя/);
    lacks(text, ['Add a user', 'Change role', 'Accepted']);

    const invited = await pageOf(await owner.post('/admin/users/', { displayName: 'Пётр', email: 'petr@newsroom.example', role: 'editor' }));
    assert.match(
      textOf(invited.querySelector('.admin-invitation')),
      /^Пётр: пользователь добавлен в качестве редактора, приглашение отправлено на petr@newsroom\.example\./,
    );

    const taken = await owner.post('/admin/users/', { displayName: 'Пётр', email: 'petr@newsroom.example', role: 'editor' });
    assert.equal(taken.status, 409);
    assert.equal(textOf((await pageOf(taken)).querySelector('#email-error')), 'С этим адресом уже есть учётная запись.');
  });

  it('privacy and mail', async () => {
    const { page: privacy, text } = await page('/admin/privacy/?email=reader@example.org');
    assert.equal(textOf(privacy.querySelector('h1')), 'Данные комментаторов');
    assert.match(text, /1 комментарий от reader@example\.org/);
    assert.match(text, /Скачать в JSON/);
    lacks(text, ['Look up', 'Download as JSON', 'Erase']);
    const erase = await owner.post('/admin/privacy/erase/', { email: 'reader@example.org' });
    assert.equal(erase.status, 422);
    assert.match(textOf((await pageOf(erase)).querySelector('.form-errors')), /Отметьте флажок/);

    const { page: mail, text: mailText } = await page('/admin/mail/');
    assert.equal(textOf(mail.querySelector('h1')), 'Почта');
    assert.match(mailText, /Приглашение:/);
    lacks(mailText, ['Waiting:', 'Outcome', 'Invitation:']);
  });

  it('webhooks, with a service’s message about the address in Russian', async () => {
    const { page: webhooks, text } = await page('/admin/webhooks/');
    assert.equal(textOf(webhooks.querySelector('h1')), 'Веб-хуки');
    assert.match(text, /Журнал доставки/);
    lacks(text, ['Add a webhook', 'Delivery log', 'Send these events']);
    const res = await owner.post('/admin/webhooks/', { url: 'ftp://example.org/hook', 'event-post.published': 'on' });
    assert.equal(res.status, 422);
    assert.equal(textOf((await pageOf(res)).querySelector('#url-error')), 'Адрес должен начинаться с https:// (или http://).');
  });

  it('the account, application passwords and two-factor set-up', async () => {
    const { page: account, text } = await page('/admin/account/');
    assert.equal(textOf(account.querySelector('h1')), 'Ваша учётная запись');
    assert.match(text, /Сменить пароль/);
    assert.match(text, /Пароли приложений/);
    lacks(text, ['Change password', 'Application passwords', 'Sessions', 'Two-factor sign-in']);

    const wrong = await owner.post('/admin/account/password/', { current: 'not it at all', next: 'a much better password' });
    assert.equal(wrong.status, 422);
    assert.equal(textOf((await pageOf(wrong)).querySelector('#current-error')), 'Это не ваш текущий пароль.');
    const short = await owner.post('/admin/account/application-passwords/', { name: '' });
    assert.equal(textOf((await pageOf(short)).querySelector('#name-error')), 'Дайте ему название: программа или приложение, которое будет им пользоваться.');

    const { page: twoFactor } = await page('/admin/account/two-factor/');
    assert.equal(textOf(twoFactor.querySelector('h1')), 'Настроить двухфакторный вход');
  });

  it('signed-out pages in the site’s language: lost password, and an expired reset link', async () => {
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language: 'ru', timezone: 'Europe/Moscow' }, new Date());
    try {
      const lost = await pageOf(await fetch(`${server.url}/admin/lost-password/`));
      assert.equal(textOf(lost.querySelector('h1')), 'Забыли пароль?');
      assert.match(textOf(lost.querySelector('main') ?? lost), /Прислать ссылку/);
      const expired = await fetch(`${server.url}/admin/reset-password/?token=nothing-valid`);
      assert.equal(expired.status, 403);
      assert.match(textOf(await pageOf(expired)), /Срок действия этой ссылки истёк/);
    } finally {
      await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, timezone: 'Europe/Moscow' }, new Date());
    }
  });

  it('an Arabic user gets these pages right to left, in Arabic', async () => {
    const arabic = await signIn(server, await aUser(server.database.db, 'administrator', 'ليلى'));
    assert.equal((await arabic.post('/admin/account/language/', { language: 'ar' })).status, 303);
    for (const [path, heading] of [
      ['/admin/settings/', 'الإعدادات'],
      ['/admin/settings/identity/', 'الهوية'],
      ['/admin/account/', 'حسابك'],
      ['/admin/comments/', 'التعليقات'],
    ] as const) {
      const page = await pageOf(await arabic.get(path));
      assert.equal(page.querySelector('html')?.getAttribute('dir'), 'rtl', path);
      assert.equal(page.querySelector('html')?.getAttribute('lang'), 'ar', path);
      assert.equal(textOf(page.querySelector('h1')), heading, path);
    }
  });
});

describe('the setup form', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('a name over 100 characters gets a message beside the field (422), not an error page', async () => {
    const { issueOwnerSetupLink } = await import('../../services/accounts.ts');
    const token = await issueOwnerSetupLink(server.database.db, new Date());
    assert.ok(token);
    const res = await fetch(`${server.url}/admin/setup/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ token, displayName: 'N'.repeat(101), email: 'owner@newsroom.example', password: 'correct horse battery staple' }),
    });
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('#displayName-error')), 'Use at most 100 characters.');
    assert.equal(page.querySelector('input#displayName')?.getAttribute('value'), 'N'.repeat(101));
  });
});
