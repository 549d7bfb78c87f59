import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pageOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { COMMENTER_COOKIE } from '../commenter-cookie.ts';

const COMMENTS_PATH = `${DEMO_ARTICLE_PATH}comments`;
const reply = (comment: string, extra: Record<string, string> = {}) => ({
  comment,
  author: 'Rita Remember',
  email: 'rita@example.org',
  url: 'https://rita.example',
  comment_parent: '0',
  ...extra,
});

describe('the commenter cookie, set only with consent', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const commenterCookie = (res: Response) => res.headers.getSetCookie().find((h) => h.startsWith(`${COMMENTER_COOKIE}=`));

  it('sets no cookie when the box is not ticked', async () => {
    const res = await postForm(server, COMMENTS_PATH, reply('Without the box ticked.'));
    assert.equal(res.status, 303);
    assert.equal(commenterCookie(res), undefined);
  });

  it('remembers name, email and website when it is ticked, fills the form for that reader only, and never caches it', async () => {
    const res = await postForm(server, COMMENTS_PATH, reply('With the box ticked.', { 'wp-comment-cookies-consent': 'yes' }));
    assert.equal(res.status, 303);
    const header = commenterCookie(res) ?? '';
    assert.match(header, /HttpOnly/i);
    assert.match(header, /SameSite=Lax/i);
    assert.match(header, /Path=\//);
    assert.doesNotMatch(header, /Secure/i, 'not Secure on plain http');
    const cookie = header.split(';')[0]!;

    for (let i = 0; i < 2; i++) {
      const mine = await fetch(`${server.url}${DEMO_ARTICLE_PATH}`, { headers: { cookie } });
      assert.notEqual(mine.headers.get('x-cache'), 'HIT');
      const page = await pageOf(mine);
      assert.equal(page.querySelector('input#author')?.getAttribute('value'), 'Rita Remember');
      assert.equal(page.querySelector('input#email')?.getAttribute('value'), 'rita@example.org');
      assert.equal(page.querySelector('input#url')?.getAttribute('value'), 'https://rita.example/', 'as it was stored, normalised');
      assert.ok(page.querySelector('input#wp-comment-cookies-consent')?.hasAttribute('checked'));
    }
    for (let i = 0; i < 2; i++) {
      const everyone = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
      assert.doesNotMatch(everyone, /rita@example\.org/, 'another reader never sees it');
    }
  });

  it('forgets the reader when they comment again without the box', async () => {
    const res = await postForm(server, COMMENTS_PATH, reply('Changed my mind.'), { cookie: `${COMMENTER_COOKIE}=x` });
    assert.equal(res.status, 303);
    assert.match(commenterCookie(res) ?? '', /Max-Age=0/i);
  });

  it('marks the cookie Secure on a site served over https', async () => {
    const https = await startTestServer({ siteUrl: 'https://news.example.org' });
    try {
      const res = await fetch(`${https.url}${COMMENTS_PATH}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org' },
        body: new URLSearchParams(reply('Over https.', { 'wp-comment-cookies-consent': 'yes' })).toString(),
      });
      assert.equal(res.status, 303);
      assert.match(commenterCookie(res) ?? '', /Secure/i);
    } finally {
      await https.close();
    }
  });
});
