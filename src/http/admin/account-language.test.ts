import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_SITE_SETTINGS } from '../../domain/settings.ts';
import { saveSiteSettings } from '../../services/settings.ts';

describe('the admin in each user’s language', () => {
  let server: TestServer;
  let editor: AdminSession;
  let other: AdminSession;

  before(async () => {
    server = await startTestServer();
    editor = await signIn(server, await aUser(server.database.db, 'editor', 'Ирина Editor'));
    other = await signIn(server, await aUser(server.database.db, 'editor', 'Other Editor'));
  });
  after(async () => {
    await server?.close();
  });

  const dashboard = async (session: AdminSession) => pageOf(await session.get('/admin/'));

  it('follows the site language until a user chooses their own, which no one else sees', async () => {
    let page = await dashboard(editor);
    assert.equal(page.querySelector('html')?.getAttribute('lang'), 'en');
    assert.equal(textOf(page.querySelector('h1')), 'Dashboard');

    const account = await pageOf(await editor.get('/admin/account/'));
    const options = account.querySelectorAll('select#language option').map((o) => o.getAttribute('value'));
    assert.deepEqual(options, ['', 'en', 'ar', 'ru']);
    assert.match(textOf(account.querySelector('select#language option[selected]')), /English/);

    const saved = await editor.post('/admin/account/language/', { language: 'ru' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/admin/account/?done=language');
    const after = await pageOf(await editor.get('/admin/account/?done=language'));
    assert.equal(textOf(after.querySelector('.admin-notice')), 'Язык сохранён.');
    assert.equal(after.querySelector('select#language option[selected]')?.getAttribute('value'), 'ru');

    page = await dashboard(editor);
    assert.equal(page.querySelector('html')?.getAttribute('lang'), 'ru');
    assert.equal(textOf(page.querySelector('h1')), 'Обзор');
    assert.equal(textOf(page.querySelector('.admin-nav a[aria-current="page"]')), 'Обзор');
    assert.match(textOf(page.querySelector('.admin-user')), /Редактор/);
    assert.match(textOf(page.querySelector('.admin-cards')), /Написать публикацию/);
    assert.equal(textOf((await dashboard(other)).querySelector('h1')), 'Dashboard');
  });

  it('an Arabic site gives an Arabic, right-to-left admin to users who chose nothing, and to the sign-in page', async () => {
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, language: 'ar' }, new Date());
    try {
      const page = await dashboard(other);
      assert.equal(page.querySelector('html')?.getAttribute('dir'), 'rtl');
      assert.equal(textOf(page.querySelector('h1')), 'لوحة التحكم');
      assert.equal(textOf((await dashboard(editor)).querySelector('h1')), 'Обзор');
      const login = await pageOf(await fetch(`${server.url}/admin/login/`));
      assert.equal(textOf(login.querySelector('h1')), 'تسجيل الدخول');
      // Back to the site's language.
      assert.equal((await editor.post('/admin/account/language/', { language: '' })).status, 303);
      assert.equal(textOf((await dashboard(editor)).querySelector('h1')), 'لوحة التحكم');
    } finally {
      await saveSiteSettings(server.database.db, DEFAULT_SITE_SETTINGS, new Date());
    }
  });

  it('refuses a language there is no catalogue for with 422 and a message beside the field; nothing changes', async () => {
    await editor.post('/admin/account/language/', { language: 'ru' });
    const res = await editor.post('/admin/account/language/', { language: '../../etc/passwd' });
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.equal(textOf(page.querySelector('#language-error')), 'Выберите один из языков в списке.');
    assert.equal(page.querySelector('select#language')?.getAttribute('aria-invalid'), 'true');
    const stored = await server.database.db.selectFrom('users').select('language').where('display_name', '=', 'Ирина Editor').executeTakeFirstOrThrow();
    assert.equal(stored.language, 'ru');
  });
});
