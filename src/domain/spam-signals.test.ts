import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spamSignals, spamVerdict, type SpamInput } from './spam-signals.ts';

const reader: SpamInput = {
  body: 'The minister said the talks would resume in Geneva; that matches what the embassy said on Monday.',
  authorName: 'Irina K.',
  authorUrl: null,
  honeypot: '',
  formToken: { state: 'valid', ageMs: 45_000 },
  sameTextElsewhere: 0,
  linkCount: 0,
};

describe('spam signals', () => {
  it('finds nothing in an ordinary reply, in any language', () => {
    assert.deepEqual(spamSignals(reader), []);
    assert.deepEqual(spamSignals({ ...reader, body: 'Лавров прав: переговоры надо продолжать. Посмотрим, что скажет Вашингтон.', authorName: 'Сергей' }), []);
    assert.deepEqual(
      spamSignals({ ...reader, body: 'Casinos in Macau are not the point here', formToken: { state: 'missing' } }),
      [],
      '“casinos” is not the whole word',
    );
    assert.equal(spamVerdict([]), 'clean');
  });

  it('sends a filled honeypot straight to spam', () => {
    assert.equal(spamVerdict(spamSignals({ ...reader, honeypot: 'http://x.example' })), 'spam');
  });

  it('holds a form sent too fast, and says how fast', () => {
    const signals = spamSignals({ ...reader, formToken: { state: 'valid', ageMs: 800 } });
    assert.deepEqual(
      signals.map((s) => s.reason),
      ['sent 0.8 s after the form was made'],
    );
    assert.equal(spamVerdict(signals), 'hold');
  });

  it('scores spam words, web-address names, mixed alphabets, repeats across articles and link farms, with reasons', () => {
    const pharmacy = spamSignals({ ...reader, body: 'Cheap VIAGRA and cialis, online pharmacy, no prescription!', authorName: 'best-pills.shop' });
    assert.equal(spamVerdict(pharmacy), 'spam');
    assert.match(pharmacy.map((s) => s.reason).join('; '), /spam words: viagra, cialis/);
    assert.match(pharmacy.map((s) => s.reason).join('; '), /the name is a web address/);
    assert.equal(
      spamVerdict(spamSignals({ ...reader, body: 'Great article, very informative', sameTextElsewhere: 4, formToken: { state: 'forged' } })),
      'spam',
    );
    const mixed = spamSignals({ ...reader, body: 'Best pаyday offers here' }); // Cyrillic а
    assert.deepEqual(
      mixed.map((s) => s.reason),
      ['mixes alphabets within a word'],
    );
    assert.equal(spamVerdict(spamSignals({ ...reader, linkCount: 6 })), 'spam');
    assert.equal(spamVerdict(spamSignals({ ...reader, authorName: 'best-seo-services.com' })), 'spam');
    assert.equal(spamVerdict(spamSignals({ ...reader, sameTextElsewhere: 1 })), 'hold');
  });
});
