import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogueProblems } from './check.ts';
import { isLanguage, LANGUAGES, messagesFor, readCatalogue, REFERENCE_LANGUAGE } from './messages.ts';

const ENGLISH = readCatalogue(REFERENCE_LANGUAGE);

describe('catalogues', () => {
  it('are there for English, Russian and Arabic, English first', () => {
    assert.equal(LANGUAGES[0], 'en');
    for (const code of ['en', 'ru', 'ar']) assert.ok(isLanguage(code), code);
    assert.equal(isLanguage('xx'), false);
    assert.equal(isLanguage('../en'), false);
  });

  for (const language of LANGUAGES) {
    it(`${language}: every English key, every message parses, the same arguments, every plural form of the language`, () => {
      assert.deepEqual(catalogueProblems(language, readCatalogue(language), ENGLISH), []);
    });
  }

  it('the check fails a missing key, a broken message, a wrong argument and a missing plural form', () => {
    const russian = readCatalogue('ru');
    const { 'layout.search': _dropped, ...missing } = russian;
    assert.match(catalogueProblems('ru', missing, ENGLISH).join('\n'), /layout\.search is missing/);
    assert.match(catalogueProblems('ru', { ...russian, 'home.heading': '{site: последние' }, ENGLISH).join('\n'), /home\.heading does not parse/);
    assert.match(catalogueProblems('ru', { ...russian, 'home.heading': '{sait}: последние новости' }, ENGLISH).join('\n'), /uses \{sait\}/);
    assert.match(catalogueProblems('ru', { ...russian, 'home.heading': 'Последние новости' }, ENGLISH).join('\n'), /leaves out \{site\}/);
    assert.match(
      catalogueProblems('ru', { ...russian, 'comments.heading': '{count, plural, one {# комментарий} other {# комментария}}' }, ENGLISH).join('\n'),
      /lacks the plural forms few, many/,
    );
    assert.match(catalogueProblems('ru', { ...russian, 'comments.heading': '{count, plural, two {два} other {#}}' }, ENGLISH).join('\n'), /form "two"/);
    assert.match(catalogueProblems('ru', { ...russian, 'home.extra': 'Лишнее' }, ENGLISH).join('\n'), /home\.extra is not an English key/);
    assert.match(catalogueProblems('ru', { ...russian, 'language.direction': 'up' }, ENGLISH).join('\n'), /ltr or rtl/);
  });
});

describe('messages', () => {
  it('Russian plurals: one, few, many and other', () => {
    const { t } = messagesFor('ru');
    const counts = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111];
    assert.deepEqual(
      counts.map((count) => t('comments.heading', { count })),
      [
        '1 комментарий',
        '2 комментария',
        '4 комментария',
        '5 комментариев',
        '11 комментариев',
        '12 комментариев',
        '14 комментариев',
        '21 комментарий',
        '22 комментария',
        '25 комментариев',
        '101 комментарий',
        '111 комментариев',
      ],
    );
    assert.equal(t('comments.heading', { count: 0 }), 'Комментариев пока нет');
    assert.equal(t('post.readingTime', { minutes: 1 }), '1 минута чтения');
    assert.equal(t('post.readingTime', { minutes: 3 }), '3 минуты чтения');
    assert.equal(t('post.readingTime', { minutes: 7 }), '7 минут чтения');
  });

  it('Arabic plurals: zero, one, two, few, many and other', () => {
    const { t, direction } = messagesFor('ar');
    assert.equal(direction, 'rtl');
    assert.equal(t('comments.heading', { count: 0 }), 'لا توجد تعليقات بعد');
    assert.equal(t('comments.heading', { count: 1 }), 'تعليق واحد');
    assert.equal(t('comments.heading', { count: 2 }), 'تعليقان');
    assert.match(t('comments.heading', { count: 3 }), /^[3٣] تعليقات$/);
    assert.match(t('comments.heading', { count: 10 }), /تعليقات$/);
    assert.match(t('comments.heading', { count: 11 }), /تعليقًا$/);
    assert.match(t('comments.heading', { count: 99 }), /تعليقًا$/);
    assert.match(t('comments.heading', { count: 100 }), /تعليق$/);
    assert.match(t('comments.heading', { count: 102 }), /^(102|١٠٢) تعليق$/);
    assert.equal(t('post.readingTime', { minutes: 2 }), 'دقيقتا قراءة');
    assert.match(t('post.readingTime', { minutes: 4 }), /دقائق قراءة$/);
  });

  it('English, and English for a language there is no catalogue for', () => {
    assert.equal(messagesFor('en').t('comments.heading', { count: 1 }), '1 comment');
    assert.equal(messagesFor('en').t('comments.heading', { count: 1200 }), '1,200 comments');
    assert.equal(messagesFor('xx').language, 'en');
    assert.equal(messagesFor('en').direction, 'ltr');
  });

  it('compiles each language once', () => {
    assert.equal(messagesFor('ru'), messagesFor('ru'));
  });

  it('rich messages keep elements where the language puts them', () => {
    const element = { element: true };
    assert.deepEqual(messagesFor('en').rich('post.byline', { author: element }), ['By ', element]);
    assert.deepEqual(messagesFor('ru').rich('post.byline', { author: element }), ['Автор: ', element]);
  });
});
