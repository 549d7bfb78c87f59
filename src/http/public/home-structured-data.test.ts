import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { pageOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DEFAULT_SITE_SETTINGS } from '../../domain/settings.ts';
import { prepareLogo, saveSiteIdentity } from '../../services/identity.ts';
import { saveSiteSettings } from '../../services/settings.ts';

/** Every JSON-LD block of a page, parsed: what a search engine reads. */
async function jsonLdOf(res: Response): Promise<Array<Record<string, unknown>>> {
  const page = await pageOf(res);
  return page.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.textContent) as Record<string, unknown>);
}

describe('the home page names its publisher for search engines (NewsMediaOrganization)', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('gives the site’s name and address, then its logo and profiles once they are set', async () => {
    const [plain, ...others] = await jsonLdOf(await fetch(`${server.url}/`));
    assert.equal(others.length, 0);
    assert.deepEqual(plain, { '@context': 'https://schema.org', '@type': 'NewsMediaOrganization', name: DEFAULT_SITE_SETTINGS.title, url: `${server.url}/` });

    const logo = await sharp({ create: { width: 400, height: 100, channels: 3, background: '#1a4d8a' } })
      .png()
      .toBuffer();
    await saveSiteIdentity(
      server.database.db,
      {
        identity: { accentColor: null, footerText: '', socialLinks: ['https://x.com/thewire', 'https://t.me/thewire'] },
        images: await prepareLogo(logo),
        removeLogo: false,
        removeIcon: false,
      },
      new Date(),
    );
    const [org] = await jsonLdOf(await fetch(`${server.url}/`));
    assert.equal(org?.['@type'], 'NewsMediaOrganization');
    assert.deepEqual(org?.sameAs, ['https://x.com/thewire', 'https://t.me/thewire']);
    const image = org?.logo as { '@type': string; url: string; width: number; height: number };
    assert.equal(image['@type'], 'ImageObject');
    assert.equal(image.width, 400);
    assert.equal(image.height, 100);
    assert.ok(image.url.startsWith(`${server.url}/`), image.url);
    // The logo it names is served, as a PNG.
    const served = await fetch(image.url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
  });

  it('only on the front page, not on page 2', async () => {
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, postsPerPage: 1 }, new Date());
    try {
      const res = await fetch(`${server.url}/page/2/`);
      assert.equal(res.status, 200);
      assert.deepEqual(await jsonLdOf(res), []);
    } finally {
      await saveSiteSettings(server.database.db, DEFAULT_SITE_SETTINGS, new Date());
    }
  });

  it('a title that tries to end the script element stays text inside the JSON', async () => {
    const title = '</script><script>alert(1)</script> & “News”';
    await saveSiteSettings(server.database.db, { ...DEFAULT_SITE_SETTINGS, title }, new Date());
    try {
      const html = await (await fetch(`${server.url}/`)).text();
      assert.doesNotMatch(html, /<script>alert\(1\)/);
      const [org] = await jsonLdOf(new Response(html));
      assert.equal(org?.name, title);
    } finally {
      await saveSiteSettings(server.database.db, DEFAULT_SITE_SETTINGS, new Date());
    }
  });
});
