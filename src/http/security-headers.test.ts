import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../test/support/admin.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from '../../test/support/server.ts';
import { ADMIN_CSP, PUBLIC_CSP } from './security-headers.ts';

function assertSecure(res: Response, what: string, csp = PUBLIC_CSP): void {
  assert.equal(res.headers.get('content-security-policy'), csp, `${what}: Content-Security-Policy`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline or eval scripts allowed');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `${what}: Referrer-Policy`);
}

describe('security headers', () => {
  let server: TestServer;
  let admin: AdminSession;
  before(async () => {
    server = await startTestServer();
    admin = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

  it('are on every kind of public response: rendered, cached (both paths), 304, feed, asset, 404, redirect, 405, 413, form errors', async () => {
    const first = await get(DEMO_ARTICLE_PATH);
    assertSecure(first, 'article, rendered');
    assert.equal(first.headers.get('x-cache'), 'MISS');
    await first.arrayBuffer();
    const cached = await get(DEMO_ARTICLE_PATH);
    assert.equal(cached.headers.get('x-cache'), 'HIT');
    assertSecure(cached, 'article, from the cache');
    assertSecure(await get(DEMO_ARTICLE_PATH, { 'if-none-match': cached.headers.get('etag') ?? '' }), 'article, 304');
    assertSecure(await get(DEMO_ARTICLE_PATH, { 'accept-encoding': 'br' }), 'article, brotli');
    assertSecure(await get('/?s=lavrov'), 'search');
    assertSecure(await get('/feed/'), 'feed');
    assertSecure(await get('/sitemap.xml'), 'sitemap');
    assertSecure(await get('/robots.txt'), 'robots.txt');
    const css = (await (await get('/')).text()).match(/href="(\/assets\/[^"]+\.css)"/)?.[1];
    assert.ok(css);
    assertSecure(await get(css), 'stylesheet');
    assertSecure(await get('/no-such-page/'), '404');
    assertSecure(await get('/2022/02/15'), 'redirect');
    assertSecure(await fetch(`${server.url}/`, { method: 'DELETE' }), '405');
    assertSecure(await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'x'.repeat(70_000) }), '413');
    assertSecure(await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: '' }), '422');
    assertSecure(await get('/healthz'), 'health');
  });

  it('are on admin pages, with framing forbidden', async () => {
    for (const res of [
      await get('/admin/login/'),
      await admin.get('/admin/'),
      await admin.get('/admin/posts/new/'),
      await admin.post('/admin/settings/', { title: '' }),
    ]) {
      assertSecure(res, res.url, ADMIN_CSP);
      assert.match(ADMIN_CSP, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
    }
  });

  it('send HSTS only for a site whose address is https', async () => {
    assert.equal((await get('/')).headers.get('strict-transport-security'), null);
    const https = await startTestServer({ siteUrl: 'https://news.example.org' });
    try {
      for (const path of [DEMO_ARTICLE_PATH, DEMO_ARTICLE_PATH, '/no-such-page/']) {
        const res = await fetch(`${https.url}${path}`);
        assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=31536000/, path);
      }
    } finally {
      await https.close();
    }
  });
});
