import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aPost } from '../../test/support/factories.ts';
import { parseSearchQuery } from '../domain/search.ts';
import { searchPublishedPage, reindexForLanguage } from './search.ts';
import { putSetting } from './settings.ts';

/** Search follows the site's language: stems in it, accents folded, CJK text found by any part. */
describe('search in the site’s language', () => {
  let database: TestDatabase;
  const now = new Date('2026-06-01T12:00:00Z');
  const ids = new Map<string, number>();

  before(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const posts: Record<string, { title: string; body: string }> = {
      ru: { title: 'Итоги встречи в Стамбуле', body: 'Делегации договорились о новых переговорах по зерновой сделке.' },
      ar: { title: 'معرض الرياض', body: 'افتتح معرض الكتاب بحضور الصحفيين، وعرض للكتاب الجديد.' },
      en: { title: 'Harbour strike ends', body: 'Dockworkers resumed negotiations with the port authority.' },
      fr: { title: 'Élections régionales', body: 'Le député a présenté son résumé des débats.' },
      zh: { title: '北京大学的新图书馆', body: '新图书馆今天在北京大学开放。' },
      ja: { title: '東京の天気', body: 'きょうの東京は晴れのち曇りでしょう。' },
      ko: { title: '서울 지하철 요금', body: '서울시는 지하철요금을 인상한다고 발표했다.' },
    };
    for (const [key, post] of Object.entries(posts)) ids.set(key, (await aPost(db, { ...post, publishedAt: new Date('2026-05-01T00:00:00Z') })).id);
  });
  after(async () => {
    await database.destroy();
  });

  async function found(words: string, language: string): Promise<number[]> {
    const page = await searchPublishedPage(database.db, database.dialect.search, { now, terms: parseSearchQuery(words).terms, language, limit: 10, offset: 0 });
    return page.hits.map((h) => h.post.id);
  }

  async function useLanguage(code: string): Promise<void> {
    await putSetting(database.db, 'language', code);
    // Small batches, so that more than one runs.
    const batches = await reindexForLanguage(database.db, database.dialect.search, 3);
    assert.ok(batches >= 3, `${batches} batches`);
  }

  it('Russian: a reader finds "переговорах" by searching "переговоры", with the word highlighted', async () => {
    await useLanguage('ru');
    assert.deepEqual(await found('переговоры', 'ru'), [ids.get('ru')]);
    assert.deepEqual(await found('ПЕРЕГОВОР', 'ru'), [ids.get('ru')]);
    assert.deepEqual(await found('стамбул', 'ru'), [ids.get('ru')]);
    const page = await searchPublishedPage(database.db, database.dialect.search, {
      now,
      terms: parseSearchQuery('переговоры').terms,
      language: 'ru',
      limit: 10,
      offset: 0,
    });
    assert.deepEqual(
      page.hits[0]!.snippet.filter((p) => p.match).map((p) => p.text),
      ['переговорах'],
    );
  });

  it('Arabic: the article and prefixes are stemmed away', async () => {
    await useLanguage('ar');
    assert.deepEqual(await found('كتاب', 'ar'), [ids.get('ar')]);
    assert.deepEqual(await found('الصحفي', 'ar'), [ids.get('ar')]);
  });

  it('English: endings stemmed; accents folded in any language', async () => {
    await useLanguage('en');
    assert.deepEqual(await found('negotiation resume', 'en'), [ids.get('en')]);
    assert.deepEqual((await found('resume', 'en')).sort(), [ids.get('en'), ids.get('fr')].sort());
    assert.deepEqual(await found('elections regionales', 'en'), [ids.get('fr')]);
    // Russian endings mean nothing to the English stemmer.
    assert.deepEqual(await found('переговоры', 'en'), []);
  });

  it('Chinese, Japanese and Korean: any run of characters is found inside the text', async () => {
    await useLanguage('zh');
    assert.deepEqual(await found('图书馆', 'zh'), [ids.get('zh')]);
    assert.deepEqual(await found('北京', 'zh'), [ids.get('zh')]);
    assert.deepEqual(await found('京大', 'zh'), [ids.get('zh')]);
    assert.deepEqual(await found('京图', 'zh'), []);
    assert.deepEqual(await found('東京', 'zh'), [ids.get('ja')]);
    assert.deepEqual(await found('晴れ', 'zh'), [ids.get('ja')]);
    assert.deepEqual(await found('지하철', 'zh'), [ids.get('ko')]);
    assert.deepEqual(await found('요금', 'zh'), [ids.get('ko')]);
    const page = await searchPublishedPage(database.db, database.dialect.search, {
      now,
      terms: parseSearchQuery('图书馆').terms,
      language: 'zh',
      limit: 10,
      offset: 0,
    });
    assert.deepEqual(
      page.hits[0]!.snippet.filter((p) => p.match).map((p) => p.text),
      ['图书馆'],
    );
  });

  it('a post written after the change is indexed in the new language by the triggers', async () => {
    await useLanguage('ru');
    const later = await aPost(database.db, { title: 'Новости', body: 'Министры обсудили переговоры.', publishedAt: new Date('2026-05-02T00:00:00Z') });
    assert.deepEqual(await found('переговорах', 'ru'), [later.id, ids.get('ru')]);
  });
});
