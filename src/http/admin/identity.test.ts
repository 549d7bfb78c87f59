import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loadSiteIdentity } from '../../services/identity.ts';

/** A picture of `width` by `height` pixels in one colour, as an upload. */
function picture(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#1a4d8a' } })
    .toFormat(format)
    .toBuffer();
}

/** An SVG that would run a script if it were served as uploaded. */
const HOSTILE_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64"/></svg>');

describe('the site’s identity at /admin/settings/identity/', () => {
  let server: TestServer;
  let asAdmin: AdminSession;
  let asEditor: AdminSession;

  before(async () => {
    server = await startTestServer();
    asAdmin = await signIn(server, await aUser(server.database.db, 'administrator'));
    asEditor = await signIn(server, await aUser(server.database.db, 'editor'));
  });
  after(async () => {
    await server.close();
  });

  /** Sends the form as a browser does (multipart), with files where given. */
  function send(session: AdminSession, fields: Record<string, string>, files: Record<string, { bytes: Buffer; name: string; type: string }> = {}) {
    const form = new FormData();
    form.set('_csrf', session.csrf);
    for (const [name, value] of Object.entries({ accentColor: '', footerText: '', socialLinks: '', ...fields })) form.set(name, value);
    for (const [name, file] of Object.entries(files)) form.set(name, new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    return fetch(`${server.url}/admin/settings/identity/`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { cookie: session.cookie, origin: server.url },
    });
  }
  const home = async () => pageOf(await fetch(`${server.url}/`));

  it('saves a logo, an icon, an accent colour, a footer and profiles, which every page shows at once', async () => {
    const before = await home(); // now in the page cache
    assert.equal(before.querySelector('.site-title img'), null);
    assert.equal((await fetch(`${server.url}/favicon.ico`)).status, 404);

    const res = await send(
      asAdmin,
      {
        accentColor: '#1A4D8A',
        footerText: 'Published by the Wire Co-operative, 1 Press Lane.',
        socialLinks: 'https://x.com/thewire\n\nhttps://t.me/thewire\nhttps://x.com/thewire',
      },
      {
        logo: { bytes: await picture(1200, 300), name: 'logo.png', type: 'image/png' },
        icon: { bytes: await picture(600, 600, 'jpeg'), name: 'icon.jpg', type: 'image/jpeg' },
      },
    );
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/settings/identity/?saved=1');

    const page = await home();
    const logo = page.querySelector('.site-title img');
    assert.ok(logo, 'the cached home page was dropped: the logo shows');
    assert.equal(logo.getAttribute('alt'), 'Wirepress');
    assert.match(logo.getAttribute('src') ?? '', /^\/site\/logo-[0-9a-f]{16}\.png$/);
    assert.deepEqual([logo.getAttribute('width'), logo.getAttribute('height')], ['960', '240']);
    assert.equal(textOf(page.querySelector('.site-footer-text')), 'Published by the Wire Co-operative, 1 Press Lane.');
    assert.deepEqual(
      page.querySelectorAll('.site-profiles a').map((a) => [a.getAttribute('href'), textOf(a)]),
      [
        ['https://x.com/thewire', 'x.com'],
        ['https://t.me/thewire', 't.me'],
      ],
    );
    assert.equal(page.querySelector('meta[name="theme-color"]')?.getAttribute('content'), '#1a4d8a');

    // The logo, each icon and the accent's stylesheet, under names that change with their content, kept for good.
    const logoFile = await fetch(`${server.url}${logo.getAttribute('src')}`);
    assert.equal(logoFile.status, 200);
    assert.equal(logoFile.headers.get('content-type'), 'image/png');
    assert.equal(logoFile.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.deepEqual(await sizeOf(logoFile), [960, 240]);
    const icons = page
      .querySelectorAll('link[rel="icon"], link[rel="apple-touch-icon"]')
      .map((l) => [l.getAttribute('rel'), l.getAttribute('sizes'), l.getAttribute('href')] as const);
    assert.deepEqual(
      icons.map(([rel, sizes]) => `${rel} ${sizes}`),
      ['icon 16x16 32x32 48x48', 'icon 32x32', 'icon 16x16', 'icon 192x192', 'apple-touch-icon 180x180'],
    );
    for (const [, sizes, href] of icons.slice(1)) {
      const file = await fetch(`${server.url}${href}`);
      assert.equal(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const side = Number(sizes!.split('x')[0]);
      assert.deepEqual(await sizeOf(file), [side, side], href!);
    }
    const ico = Buffer.from(await (await fetch(`${server.url}${icons[0]![2]}`)).arrayBuffer());
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 3], 'an ICO of three images');
    assert.deepEqual([ico[6], ico[22], ico[38]], [16, 32, 48]);
    const favicon = await fetch(`${server.url}/favicon.ico`);
    assert.equal(favicon.status, 200);
    assert.equal(favicon.headers.get('content-type'), 'image/x-icon');
    assert.equal(favicon.headers.get('cache-control'), 'no-cache');
    assert.deepEqual(Buffer.from(await favicon.arrayBuffer()), ico);
    const again = await fetch(`${server.url}/favicon.ico`, { headers: { 'if-none-match': favicon.headers.get('etag')! } });
    assert.equal(again.status, 304);

    const theme = page.querySelectorAll('link[rel="stylesheet"]').map((l) => l.getAttribute('href'))[1];
    assert.match(theme ?? '', /^\/site\/theme-[0-9a-f]{16}\.css$/);
    const css = await fetch(`${server.url}${theme}`);
    assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(await css.text(), /--accent:#1a4d8a/);

    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    assert.equal(manifest.headers.get('content-type'), 'application/manifest+json; charset=utf-8');
    const app = (await manifest.json()) as {
      name: string;
      lang: string;
      dir: string;
      theme_color: string;
      start_url: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    assert.equal(app.name, 'Wirepress');
    assert.equal(app.theme_color, '#1a4d8a');
    assert.equal(app.start_url, '/');
    assert.deepEqual([app.lang, app.dir], ['en', 'ltr'], 'the site language and its direction');
    assert.deepEqual(
      app.icons.map((i) => i.sizes),
      ['192x192', '512x512'],
    );
    assert.deepEqual(await sizeOf(await fetch(`${server.url}${app.icons[1]!.src}`)), [512, 512]);
    assert.equal(page.querySelector('link[rel="manifest"]')?.getAttribute('href'), '/manifest.webmanifest');

    // The article names the profiles as its publisher's sameAs, and the logo as its logo.
    const article = await pageOf(await fetch(`${server.url}${DEMO_ARTICLE_PATH}`));
    const jsonLd = JSON.parse(article.querySelector('script[type="application/ld+json"]')!.textContent) as {
      publisher: { sameAs: string[]; logo: { url: string } };
    };
    assert.deepEqual(jsonLd.publisher.sameAs, ['https://x.com/thewire', 'https://t.me/thewire']);
    assert.equal(new URL(jsonLd.publisher.logo.url).pathname, logo.getAttribute('src'));

    // A new logo gets a new address; the old one is gone.
    await send(asAdmin, { accentColor: '#1a4d8a' }, { logo: { bytes: await picture(400, 100), name: 'logo2.png', type: 'image/png' } });
    const newer = (await home()).querySelector('.site-title img')!.getAttribute('src');
    assert.notEqual(newer, logo.getAttribute('src'));
    assert.equal((await fetch(`${server.url}${logo.getAttribute('src')}`)).status, 404);

    // Removing the logo brings the title back; removing the icon, the favicon goes.
    assert.equal((await send(asAdmin, { removeLogo: '1', removeIcon: '1' })).status, 303);
    const plain = await home();
    assert.equal(plain.querySelector('.site-title img'), null);
    assert.equal(textOf(plain.querySelector('.site-title')), 'Wirepress');
    assert.equal(plain.querySelector('link[rel="apple-touch-icon"]'), null);
    assert.equal((await fetch(`${server.url}/favicon.ico`)).status, 404);
    assert.equal(plain.querySelector('.site-footer-text'), null);
  });

  it('refuses a colour that fails WCAG AA, a link that is not http(s), SVG and files that are not pictures, each beside its field, keeping what was typed and saving nothing', async () => {
    const saved = await loadSiteIdentity(server.database.db);
    const res = await send(
      asAdmin,
      { accentColor: '#ffcc00', footerText: '<b>Kept</b> as typed', socialLinks: 'https://x.com/ok\njavascript:alert(1)' },
      {
        logo: { bytes: HOSTILE_SVG, name: 'logo.svg', type: 'image/svg+xml' },
        icon: { bytes: Buffer.from('not a picture at all'), name: 'icon.png', type: 'image/png' },
      },
    );
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.match(textOf(page.querySelector('#accentColor-error')), /1\.\d\d:1 as text on the page.*4\.5:1/);
    assert.match(textOf(page.querySelector('#socialLinks-error')), /Line 2/);
    assert.match(textOf(page.querySelector('#logo-error')), /SVG/);
    assert.match(textOf(page.querySelector('#icon-error')), /not a picture/);
    assert.equal(page.querySelector('input#accentColor')?.getAttribute('value'), '#ffcc00');
    assert.equal(page.querySelector('textarea#footerText')?.textContent, '<b>Kept</b> as typed');
    // Multipart bodies carry line breaks as CRLF, as browsers send them.
    assert.equal(page.querySelector('textarea#socialLinks')?.textContent.replace(/\r\n/g, '\n'), 'https://x.com/ok\njavascript:alert(1)');
    assert.equal(page.querySelector('#logo')?.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await loadSiteIdentity(server.database.db), saved);

    // Too dark against white text is refused as well as too light on the page; a colour name is not a colour here.
    assert.match(textOf((await pageOf(await send(asAdmin, { accentColor: 'red' }))).querySelector('#accentColor-error')), /six hexadecimal digits/);
    const noise = await sharp(randomBytes(1200 * 1200 * 3), { raw: { width: 1200, height: 1200, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(noise.length > 2 * 1024 * 1024);
    const large = await send(asAdmin, {}, { icon: { bytes: noise, name: 'big.png', type: 'image/png' } });
    assert.equal(large.status, 422);
    assert.match(textOf((await pageOf(large)).querySelector('#icon-error')), /larger than 2 MB/);
    const tiny = await send(asAdmin, {}, { icon: { bytes: await picture(32, 32), name: 'tiny.png', type: 'image/png' } });
    assert.match(textOf((await pageOf(tiny)).querySelector('#icon-error')), /at least 64 pixels/);
  });

  it('escapes hostile footer text and profile addresses wherever they show', async () => {
    const res = await send(asAdmin, {
      footerText: '</p><script>alert(1)</script>',
      socialLinks: 'https://example.org/"><script>alert(2)</script>',
    });
    assert.equal(res.status, 303);
    const html = await (await fetch(`${server.url}${DEMO_ARTICLE_PATH}`)).text();
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&lt;\/p&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const jsonLd = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]!;
    assert.doesNotMatch(jsonLd, /<\/?script/i);
    assert.deepEqual((JSON.parse(jsonLd) as { publisher: { sameAs: string[] } }).publisher.sameAs, [
      'https://example.org/%22%3E%3Cscript%3Ealert(2)%3C/script%3E',
    ]);
    await send(asAdmin, {});
  });

  it('is for administrators: an editor gets 403 and changes nothing', async () => {
    assert.equal((await asEditor.get('/admin/settings/identity/')).status, 403);
    assert.equal((await send(asEditor, { footerText: 'Taken over' })).status, 403);
    assert.equal((await loadSiteIdentity(server.database.db)).footerText, '');
    const page = await pageOf(await asAdmin.get('/admin/settings/identity/'));
    assert.equal(page.querySelector('form.identity-form')?.getAttribute('enctype'), 'multipart/form-data');
  });
});

async function sizeOf(res: Response): Promise<[number, number]> {
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  return [meta.width!, meta.height!];
}
