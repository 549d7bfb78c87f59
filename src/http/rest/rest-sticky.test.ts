import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { createApplicationPassword } from '../../services/application-passwords.ts';
import { findEditablePost } from '../../storage/post-editor.ts';

/** WordPress's `sticky` on /wp/v2/posts: the pin, read, filtered on, and set by editors. */
describe('REST API: sticky posts', () => {
  let server: TestServer;
  const auth: Record<'editor' | 'author', string> = { editor: '', author: '' };
  let posts: Array<{ id: number }>;

  const rest = (path: string, init: { method?: string; as?: 'editor' | 'author'; body?: unknown } = {}) =>
    fetch(`${server.url}/wp-json${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.as ? { authorization: auth[init.as] } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const ids = async (path: string) => ((await (await rest(path)).json()) as Array<{ id: number; sticky: boolean }>).map((p) => [p.id, p.sticky]);

  before(async () => {
    server = await startTestServer({ seed: false });
    const db = server.database.db;
    await aUser(db, 'owner');
    for (const role of ['editor', 'author'] as const) {
      const user = await aUser(db, role);
      const { password } = await createApplicationPassword(db, user, `${role}'s tool`, new Date());
      auth[role] = `Basic ${Buffer.from(`${user.email}:${password}`).toString('base64')}`;
    }
    posts = [];
    for (let i = 0; i < 3; i++) posts.push(await aPost(db, { title: `Wire story ${i}`, publishedAt: new Date(Date.UTC(2025, 1, 1, 9, i)) }));
  });
  after(() => server.close());

  it('an editor sets sticky through a post write; the field and the filter follow, past the cache', async () => {
    const [a, b, c] = posts.map((p) => p.id) as [number, number, number];
    assert.deepEqual(await ids('/wp/v2/posts'), [
      [c, false],
      [b, false],
      [a, false],
    ]);
    assert.deepEqual(await ids('/wp/v2/posts?sticky=true'), []);
    const res = await rest(`/wp/v2/posts/${a}`, { method: 'POST', as: 'editor', body: { sticky: true } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { sticky: boolean }).sticky, true);
    assert.notEqual((await findEditablePost(server.database.db, a))!.pinnedAt, null);
    assert.deepEqual(await ids('/wp/v2/posts?sticky=true'), [[a, true]]);
    assert.deepEqual(await ids('/wp/v2/posts?sticky=false'), [
      [c, false],
      [b, false],
    ]);
    assert.deepEqual(await ids(`/wp/v2/posts?include=${a}`), [[a, true]]);
    const single = (await (await rest(`/wp/v2/posts/${a}`)).json()) as { sticky: boolean };
    assert.equal(single.sticky, true);
  });

  it('an author cannot make a post sticky: 403, nothing changed', async () => {
    const own = await rest('/wp/v2/posts', { method: 'POST', as: 'author', body: { title: 'Mine', content: 'Text.', status: 'draft' } });
    assert.equal(own.status, 201);
    const { id } = (await own.json()) as { id: number };
    const refused = await rest(`/wp/v2/posts/${id}`, { method: 'POST', as: 'author', body: { sticky: true, title: 'Mine, changed' } });
    assert.equal(refused.status, 403);
    const stored = (await findEditablePost(server.database.db, id))!;
    assert.equal(stored.pinnedAt, null);
    assert.equal(stored.title, 'Mine');
  });

  it('refuses a sticky that is not a boolean, in the filter and in a write', async () => {
    const filter = await rest('/wp/v2/posts?sticky=maybe');
    assert.equal(filter.status, 400);
    assert.equal(((await filter.json()) as { code: string }).code, 'rest_invalid_param');
    const write = await rest(`/wp/v2/posts/${posts[1]!.id}`, { method: 'POST', as: 'editor', body: { sticky: 'yes' } });
    assert.equal(write.status, 400);
    assert.equal((await findEditablePost(server.database.db, posts[1]!.id))!.pinnedAt, null);
  });
});
