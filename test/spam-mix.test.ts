import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_COMMENT_PACE } from '../src/domain/comment-pace.ts';
import { findPublishedPostBySlug } from '../src/storage/posts.ts';
import { aComment, aPost } from './support/factories.ts';
import { pageOf } from './support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';
import { permalinkOf } from '../src/domain/posts.ts';

type Kind = 'reader' | 'spam';
type Outcome = 'approved' | 'pending' | 'spam' | 'refused';

interface Attempt {
  kind: Kind;
  what: string;
  path: string;
  address: string;
  fields: Record<string, string>;
}

const READERS: Array<[string, string, string]> = [
  ['Irina K.', 'irina@example.org', 'The minister said talks would resume; that matches what the embassy said on Monday.'],
  ['Tom Hale', 'tom.hale@example.net', 'Does anyone have the full transcript? The quotes here are shorter than the Telegram post.'],
  ['Ana Ruiz', 'ana.ruiz@example.com', 'Good that the sources are linked. Here is the ministry statement: https://mid.example/statement'],
  ['Сергей', 'sergey@example.ru', 'Лавров прав: переговоры надо продолжать. Посмотрим, что скажет Вашингтон.'],
  ['Jonas', 'jonas@example.de', 'I read it differently: "indivisibility of security" is the key phrase, not the rhetoric.'],
  ['M. Dubois', 'dubois@example.fr', 'The timeline in paragraph four is helpful, thank you.'],
  ['Priya', 'priya@example.in', 'How does this relate to the January meeting in Geneva? The article mentions it only briefly.'],
  ['Kenji', 'kenji@example.jp', 'Correction: the call was on the 12th, not the 15th, according to the State Department readout.'],
  ['Old Reader', 'regular@example.org', 'Another solid summary. Keep the source links coming.'],
  ['Lena', 'lena@example.org', 'Casinos, banks, embassies: the new sanctions list covers all of them, which is worth a follow-up.'],
];

describe('a realistic mix of replies and spam', () => {
  let server: TestServer;
  let otherPaths: string[] = [];
  before(async () => {
    server = await startTestServer({ commentPace: DEFAULT_COMMENT_PACE, trustedProxies: ['127.0.0.1'] });
    const db = server.database.db;
    const demo = (await findPublishedPostBySlug(db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date()))!;
    // A regular reader with an approved comment already, as on any living site.
    await aComment(db, demo.id, { email: 'regular@example.org', name: 'Old Reader', body: 'An earlier comment.' });
    otherPaths = [];
    for (let i = 0; i < 5; i++) otherPaths.push(permalinkOf(await aPost(db, { title: `Other story ${i}` })));
  });
  after(async () => {
    await server.close();
  });

  it('keeps every reader’s reply (published or held, never spam or refused) and catches most spam; reports where each went', async () => {
    // Readers load the article first (a cached page: its form was made a while ago) and take their time.
    const form = await pageOf(await fetch(`${server.url}${DEMO_ARTICLE_PATH}`));
    const token = form.querySelector('input[name="form_token"]')?.getAttribute('value') ?? '';
    await new Promise((r) => setTimeout(r, 3_100));

    const attempts: Attempt[] = READERS.map(([author, email, comment], i) => ({
      kind: 'reader',
      what: 'reply',
      path: DEMO_ARTICLE_PATH,
      address: `198.51.${100 + i}.${10 + i}`,
      fields: { comment, author, email, url: '', comment_parent: '0', form_token: token, homepage: '' },
    }));
    const spam = (what: string, address: string, fields: Record<string, string>, path = DEMO_ARTICLE_PATH) =>
      attempts.push({ kind: 'spam', what, path, address, fields: { url: '', comment_parent: '0', ...fields } });
    for (let i = 0; i < 4; i++) {
      const links = Array.from({ length: 6 }, (_, j) => `https://farm${i}-${j}.example/best-deal`).join(' ');
      spam('link farm', `203.0.${i}.9`, { comment: `Visit ${links}`, author: `Deals ${i}`, email: `farm${i}@mailinator.example` });
    }
    for (let i = 0; i < 4; i++) {
      spam('pharmacy', `203.1.${i}.9`, {
        comment: `Cheap viagra and cialis ${i}, online pharmacy, no prescription needed`,
        author: 'Pharma',
        email: `rx${i}@pills.example`,
      });
    }
    for (let i = 0; i < 3; i++) {
      spam('SEO name', `203.2.${i}.9`, {
        comment: `Nice post ${i}! I also write about this.`,
        author: `best-seo-services${i}.com`,
        email: `seo${i}@rank.example`,
      });
    }
    for (let i = 0; i < 3; i++) {
      spam('honeypot bot', `203.3.${i}.9`, {
        comment: `Interesting view on diplomacy number ${i}.`,
        author: 'Reader',
        email: `bot${i}@example.com`,
        homepage: 'http://bot.example',
      });
    }
    for (let i = 0; i < 5; i++) {
      spam('burst from one address', '203.4.0.9', { comment: `Burst message ${i} about the talks`, author: 'Burst', email: `burst${i}@example.com` });
    }
    for (const [i, path] of otherPaths.entries()) {
      spam(
        'same text across posts',
        `203.5.${i}.9`,
        { comment: 'Great article, thanks for sharing this valuable information!', author: 'Fan', email: `fan${i}@example.com` },
        path,
      );
    }

    const results: Array<{ attempt: Attempt; outcome: Outcome }> = [];
    for (const attempt of attempts) {
      const res = await postForm(server, `${attempt.path}comments`, attempt.fields, { 'x-forwarded-for': attempt.address });
      await res.arrayBuffer();
      let outcome: Outcome = 'refused';
      if (res.status === 303) {
        const row = await server.database.db
          .selectFrom('comments')
          .select('status')
          .where('body', '=', attempt.fields.comment!)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        outcome = row.status as Outcome;
      } else {
        assert.ok([409, 429].includes(res.status), `${attempt.what}: ${res.status}`);
      }
      results.push({ attempt, outcome });
    }

    const table = new Map<string, Record<Outcome, number>>();
    for (const { attempt, outcome } of results) {
      const key = `${attempt.kind}: ${attempt.what}`;
      const row = table.get(key) ?? { approved: 0, pending: 0, spam: 0, refused: 0 };
      row[outcome] += 1;
      table.set(key, row);
    }
    console.log('\n| sent | approved | pending | spam | refused |\n|---|--:|--:|--:|--:|');
    for (const [key, row] of table) console.log(`| ${key} | ${row.approved} | ${row.pending} | ${row.spam} | ${row.refused} |`);

    const readers = results.filter((r) => r.attempt.kind === 'reader');
    assert.deepEqual(
      readers.filter((r) => r.outcome === 'spam' || r.outcome === 'refused').map((r) => r.attempt.fields.author),
      [],
      'no reader’s reply is refused or sent to spam',
    );
    assert.equal(readers.find((r) => r.attempt.fields.author === 'Old Reader')?.outcome, 'approved', 'a known reader is published at once');
    const spamResults = results.filter((r) => r.attempt.kind === 'spam');
    const published = spamResults.filter((r) => r.outcome === 'approved');
    assert.deepEqual(
      published.map((r) => r.attempt.what),
      [],
      'no spam reaches the page',
    );
    const caught = spamResults.filter((r) => r.outcome === 'spam' || r.outcome === 'refused').length;
    assert.ok(caught / spamResults.length >= 0.9, `${caught} of ${spamResults.length} spam sent to spam or refused outright`);
  });
});
