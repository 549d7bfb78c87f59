import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spamProbability, spamTokens, type TokenCounts } from './bayes.ts';

function train(spam: string[], ham: string[]) {
  const counts = new Map<string, TokenCounts>();
  const add = (text: string, kind: keyof TokenCounts) => {
    for (const t of spamTokens(text)) {
      const c = counts.get(t) ?? { spam: 0, ham: 0 };
      c[kind] += 1;
      counts.set(t, c);
    }
  };
  for (const s of spam) add(s, 'spam');
  for (const h of ham) add(h, 'ham');
  const judge = (text: string) =>
    spamProbability(new Map(spamTokens(text).map((t) => [t, counts.get(t) ?? { spam: 0, ham: 0 }])), { spam: spam.length, ham: ham.length });
  return judge;
}

describe('naive Bayes spam filter', () => {
  it('cuts text into words and link hosts, once each', () => {
    assert.deepEqual(spamTokens('Buy buy BUY now at https://Pills.Example/x and https://pills.example/y'), [
      'host:pills.example',
      'buy',
      'now',
      'pills',
      'example',
      'and',
    ]);
  });

  it('stays silent until moderators have marked five of each', () => {
    assert.equal(spamProbability(new Map([['buy', { spam: 3, ham: 0 }]]), { spam: 4, ham: 10 }), null);
  });

  it('learns this site’s spam and ham from moderators’ decisions', () => {
    const judge = train(
      [
        'Cheap watches at https://watches.example',
        'Best watches discount https://watches.example',
        'Discount replica watches',
        'Cheap discount offer today',
        'Visit https://watches.example for offers',
      ],
      [
        'The ministry statement contradicts the embassy',
        'Which talks in Geneva does the article mean?',
        'The embassy said the opposite on Monday',
        'Good summary of the ministry position',
        'The Geneva talks resumed in January',
      ],
    );
    assert.ok(judge('Discount watches at https://watches.example')! > 0.9);
    assert.ok(judge('The embassy and the ministry disagree about Geneva')! < 0.1);
  });
});
