import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, SETTINGS_FORM, signIn, type AdminSession } from './support/admin.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const SETTINGS = SETTINGS_FORM;

describe('posts titled in any script get readable addresses that work', () => {
  let server: TestServer;
  let admin: AdminSession;
  before(async () => {
    server = await startTestServer();
    admin = await signIn(server, await aUser(server.database.db, 'owner'));
  });
  after(async () => {
    await server?.close();
  });

  /** Publishes through the editor and returns the address the home page links it at. */
  async function publish(title: string): Promise<string> {
    const res = await admin.post('/admin/posts/new/', { title, body: `${title}.`, action: 'publish' });
    assert.equal(res.status, 303, await res.text());
    const home = await (await fetch(`${server.url}/`)).text();
    const href = [...home.matchAll(/<h2[^>]*>\s*<a href="([^"]+)"/g)].map((m) => m[1]!)[0];
    assert.ok(href, 'the newest post is linked from the home page');
    return href;
  }

  it('links are percent-encoded, composed, and answer in any normal form', async () => {
    for (const [title, slug] of [
      ['서울에서 열린 회담', '서울에서-열린-회담'],
      ['टोक्यो में बैठक हुई', 'टोक्यो-में-बैठक-हुई'],
      ['การประชุมที่กรุงเทพ', 'การประชุมที่กรุงเทพ'],
      ['東京で会談が開かれた', '東京で会談が開かれた'],
    ] as const) {
      const href = await publish(title);
      assert.match(href, /^\/\d{4}\/\d{2}\/\d{2}\/[A-Za-z0-9%-]+\/$/, `${title}: ASCII only, percent-encoded`);
      assert.equal(decodeURIComponent(href.split('/')[4]!), slug);
      for (const form of ['NFC', 'NFD'] as const) {
        const path = href.replace(encodeURIComponent(slug), encodeURIComponent(slug.normalize(form)));
        const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
        assert.equal(res.status, 200, `${title} as ${form}`);
        assert.ok((await res.text()).includes(title));
      }
    }
  });

  it('Cyrillic titles give Cyrillic addresses, or Latin ones when the settings ask for it', async () => {
    assert.equal(decodeURIComponent((await publish('Лавров и Блинкен')).split('/')[4]!), 'лавров-и-блинкен');
    const saved = await admin.post('/admin/settings/', { ...SETTINGS, slugCyrillicToLatin: 'on' });
    assert.equal(saved.status, 303);
    assert.equal((await publish('Переговоры в Женеве')).split('/')[4], 'peregovory-v-zheneve');
    assert.equal((await admin.post('/admin/settings/', SETTINGS)).status, 303);
    assert.equal(decodeURIComponent((await publish('Саммит в Женеве')).split('/')[4]!), 'саммит-в-женеве');
  });
});
