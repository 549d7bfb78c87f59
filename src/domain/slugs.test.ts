import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSlug, MAX_SLUG_LENGTH, slugify } from './slugs.ts';

describe('slugs in every script', () => {
  it('keep each script readable, its letters whole and composed (NFC)', () => {
    const cases: Array<[string, string]> = [
      ['서울에서 열린 회담', '서울에서-열린-회담'],
      ['東京で会談が開かれた', '東京で会談が開かれた'],
      ['北京举行会谈', '北京举行会谈'],
      ['टोक्यो में बैठक हुई', 'टोक्यो-में-बैठक-हुई'],
      ['การประชุมที่กรุงเทพ', 'การประชุมที่กรุงเทพ'],
      ['اجتماع في القاهرة', 'اجتماع-في-القاهرة'],
      ['Сергей Лавров и Блинкен', 'сергей-лавров-и-блинкен'],
      ['Ёлка в Кремле', 'ёлка-в-кремле'],
      ['Σύνοδος στην Αθήνα', 'συνοδος-στην-αθηνα'],
      ['Café Société — 2022!', 'cafe-societe-2022'],
      ['ﬁnal ＮＡＴＯ ２０２２', 'final-nato-2022'],
    ];
    for (const [title, slug] of cases) {
      const made = slugify(title);
      assert.equal(made, slug, title);
      assert.equal(made, made.normalize('NFC'), `${title}: composed`);
      assert.ok(isValidSlug(made), `${title}: valid`);
    }
  });

  it('give the same slug for a title typed in decomposed form (as macOS keyboards may send it)', () => {
    for (const title of ['서울에서 열린 회담', 'Ёлка в Кремле', 'が', 'Café']) assert.equal(slugify(title.normalize('NFD')), slugify(title), title);
  });

  it('write Cyrillic in Latin letters when the site asks for it, leaving other scripts alone', () => {
    assert.equal(slugify('Сергей Лавров: переговоры в Женеве', { cyrillicToLatin: true }), 'sergey-lavrov-peregovory-v-zheneve');
    assert.equal(slugify('Хрущёв и Щукин', { cyrillicToLatin: true }), 'hrushchyov-i-shchukin');
    assert.equal(slugify('Україна', { cyrillicToLatin: true }), 'ukrayina');
    assert.equal(slugify('東京 and Москва', { cyrillicToLatin: true }), '東京-and-moskva');
    assert.equal(slugify('Москва'), 'москва', 'off by default');
  });

  it('never cut a character in half at the length limit', () => {
    const slug = slugify('𝐀'.repeat(10) + '😀字'.repeat(150));
    assert.ok(slug.length <= MAX_SLUG_LENGTH);
    assert.doesNotMatch(slug, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, 'no lone surrogate');
  });

  it('refuse slugs that are not lower case, composed, or made of words and single hyphens', () => {
    assert.ok(isValidSlug('서울에서-회담'));
    assert.ok(!isValidSlug('서울에서-회담'.normalize('NFD')));
    assert.ok(!isValidSlug('ि-starts-with-a-mark'));
    assert.ok(!isValidSlug('A-b'));
    assert.ok(!isValidSlug('a--b'));
  });
});
