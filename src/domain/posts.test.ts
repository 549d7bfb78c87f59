import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayRange, isOnDay, periodPath, periodRange, permalinkOf } from './posts.ts';
import { isValidSlug, slugify } from './slugs.ts';
import { creditedSources, otherSources, type PostSource } from './sources.ts';

describe('date archives', () => {
  it('covers a year, a month or a day in UTC, ending where the next begins', () => {
    assert.deepEqual(periodRange({ year: 2022 }), { start: new Date('2022-01-01T00:00:00Z'), end: new Date('2023-01-01T00:00:00Z') });
    assert.deepEqual(periodRange({ year: 2022, month: 12 }), { start: new Date('2022-12-01T00:00:00Z'), end: new Date('2023-01-01T00:00:00Z') });
    assert.deepEqual(periodRange({ year: 2024, month: 2, day: 29 }), { start: new Date('2024-02-29T00:00:00Z'), end: new Date('2024-03-01T00:00:00Z') });
  });

  it('refuses periods that do not exist', () => {
    assert.equal(periodRange({ year: 2022, month: 13 }), undefined);
    assert.equal(periodRange({ year: 2022, month: 0 }), undefined);
    assert.equal(periodRange({ year: 2023, month: 2, day: 29 }), undefined);
    assert.equal(periodRange({ year: 0 }), undefined);
  });

  it('writes their addresses zero-padded', () => {
    assert.equal(periodPath({ year: 2022 }), '/2022/');
    assert.equal(periodPath({ year: 2022, month: 2 }), '/2022/02/');
    assert.equal(periodPath({ year: 2022, month: 2, day: 5 }), '/2022/02/05/');
  });
});

describe('permalinks', () => {
  it('writes WordPress day-and-name permalinks with zero-padded UTC dates', () => {
    assert.equal(permalinkOf({ slug: 'a-story', publishedAt: new Date('2022-02-15T12:00:00Z') }), '/2022/02/15/a-story/');
    assert.equal(permalinkOf({ slug: 'late', publishedAt: new Date('2021-12-31T23:59:59Z') }), '/2021/12/31/late/');
  });

  it('knows which days exist', () => {
    assert.ok(dayRange({ year: 2024, month: 2, day: 29 }));
    assert.equal(dayRange({ year: 2023, month: 2, day: 29 }), undefined);
    assert.equal(dayRange({ year: 2023, month: 13, day: 1 }), undefined);
    assert.equal(dayRange({ year: 2023, month: 0, day: 1 }), undefined);
  });

  it('matches a publication time to its calendar day in UTC', () => {
    assert.ok(isOnDay(new Date('2022-02-15T00:00:00Z'), { year: 2022, month: 2, day: 15 }));
    assert.ok(!isOnDay(new Date('2022-02-14T23:59:59Z'), { year: 2022, month: 2, day: 15 }));
  });
});

describe('slugs', () => {
  it('lowercases, drops accents and joins words with hyphens', () => {
    assert.equal(slugify('Lavrov pointed out to Blinken'), 'lavrov-pointed-out-to-blinken');
    assert.equal(slugify('  Café   Société — 2022! '), 'cafe-societe-2022');
  });

  it('keeps letters of other scripts, as WordPress does', () => {
    assert.equal(slugify('Лавров и Блинкен'), 'лавров-и-блинкен');
  });

  it('makes nothing of punctuation alone, and validates slugs', () => {
    assert.equal(slugify('!!!'), '');
    assert.ok(isValidSlug('a-b-1'));
    assert.ok(!isValidSlug(''));
    assert.ok(!isValidSlug('A-b'));
    assert.ok(!isValidSlug('a--b'));
    assert.ok(!isValidSlug('../etc'));
  });
});

describe('credit line', () => {
  const source = (slug: string, role: PostSource['role']): PostSource => ({
    source: { id: slug.length, slug, name: slug.toUpperCase(), fullName: null, homepageUrl: null },
    role,
    url: null,
    language: null,
  });

  it('credits the original sources and lists the cited ones apart', () => {
    const sources = [source('rt', 'cited'), source('iz', 'original'), source('tass', 'via')];
    assert.deepEqual(
      creditedSources(sources).map((s) => s.source.slug),
      ['iz'],
    );
    assert.deepEqual(
      otherSources(sources).map((s) => s.source.slug),
      ['rt', 'tass'],
    );
  });

  it('credits the "via" outlets when there is no original', () => {
    assert.deepEqual(
      creditedSources([source('rt', 'cited'), source('ap', 'via')]).map((s) => s.source.slug),
      ['ap'],
    );
    assert.deepEqual(creditedSources([source('rt', 'cited')]), []);
  });
});
