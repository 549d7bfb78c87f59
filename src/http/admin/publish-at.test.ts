import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aUser, signIn, type AdminSession } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { pageOf, textOf } from '../../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loadSiteSettings, saveSiteSettings } from '../../services/settings.ts';

function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Polls close in New York',
    slug: '',
    excerpt: '',
    body: 'Counting starts **at once**.',
    label: 'news',
    categories: 'Politics',
    tags: '',
    comments_open: 'on',
    publish_at: '',
    version: '',
    action: 'publish',
    ...over,
  };
}

/** "Publish at" in a site whose time zone is America/New_York: instants written out by hand. */
describe('Publish at in the site’s time zone', () => {
  let server: TestServer;
  let editor: AdminSession;
  before(async () => {
    server = await startTestServer({ seed: false });
    await aUser(server.database.db, 'owner');
    editor = await signIn(server, await aUser(server.database.db, 'editor', 'Eddie Editor'));
    const db = server.database.db;
    await saveSiteSettings(db, { ...(await loadSiteSettings(db)), timezone: 'America/New_York' }, new Date());
  });
  after(async () => {
    await server.close();
  });

  const db = () => server.database.db;
  const publishedAt = async (id: number) =>
    new Date((await db().selectFrom('posts').select('published_at').where('id', '=', id).executeTakeFirstOrThrow()).published_at ?? '').toISOString();
  const savedId = (res: Response) => {
    const match = /^\/admin\/posts\/(\d+)\/\?done=/.exec(res.headers.get('location') ?? '');
    assert.ok(match, `expected a redirect to the editor, got ${res.status}`);
    return Number(match[1]);
  };
  const countPosts = async () => (await db().selectFrom('posts').select('id').execute()).length;

  it('names the zone beside the field, stores the time in UTC and shows it back in local time', async () => {
    const form = await pageOf(await editor.get('/admin/posts/new/'));
    assert.match(textOf(form.querySelector('label[for="publish_at"]')), /America\/New_York/);
    const id = savedId(await editor.post('/admin/posts/new/', fields({ publish_at: '2024-11-03T00:30' })));
    assert.equal(await publishedAt(id), '2024-11-03T04:30:00.000Z'); // EDT, -04:00
    const page = await pageOf(await editor.get(`/admin/posts/${id}/`));
    assert.equal(page.querySelector('input[name="publish_at"]')?.getAttribute('value'), '2024-11-03T00:30');
    // Its address is dated on the local day.
    assert.match(page.querySelector('a[href^="/2024/"]')?.getAttribute('href') ?? '', /^\/2024\/11\/03\//);
  });

  it('schedules in local time, and the scheduled post keeps its UTC instant', async () => {
    const id = savedId(
      await editor.post('/admin/posts/new/', fields({ title: 'Embargoed until morning', action: 'schedule', publish_at: '2031-06-01T09:00' })),
    );
    assert.equal(await publishedAt(id), '2031-06-01T13:00:00.000Z');
    const page = await pageOf(await editor.get(`/admin/posts/${id}/`));
    assert.equal(page.querySelector('input[name="publish_at"]')?.getAttribute('value'), '2031-06-01T09:00');
  });

  it('refuses a time the clocks skip with 422, saying when they change, the post kept', async () => {
    const before = await countPosts();
    const res = await editor.post('/admin/posts/new/', fields({ title: 'Gap story', publish_at: '2024-03-10T02:30' }));
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.equal(
      textOf(page.querySelector('#publish_at-error')),
      'There is no 02:30 on 2024-03-10 in America/New_York: the clocks go forward from 02:00 to 03:00. Choose a time before 02:00 or from 03:00 on.',
    );
    assert.equal(page.querySelector('input[name="title"]')?.getAttribute('value'), 'Gap story');
    assert.match(textOf(page.querySelector('textarea[name="body"]')), /Counting starts \*\*at once\*\*\./);
    assert.equal(page.querySelector('input[name="publish_at"]')?.getAttribute('value'), '2024-03-10T02:30');
    assert.equal(await countPosts(), before);
  });

  it('refuses a time the clocks pass twice with 422, unless it is the post’s own date still shown', async () => {
    const res = await editor.post('/admin/posts/new/', fields({ title: 'Overlap story', publish_at: '2024-11-03T01:30' }));
    assert.equal(res.status, 422);
    const page = await pageOf(res);
    assert.equal(
      textOf(page.querySelector('#publish_at-error')),
      '01:30 on 2024-11-03 happens twice in America/New_York: the clocks go back from 02:00 to 01:00. Choose a time before 01:00 or from 02:00 on.',
    );
    assert.equal(page.querySelector('input[name="title"]')?.getAttribute('value'), 'Overlap story');

    // A post published at the second 01:30 (EST) shows 01:30 and is saved again without a word.
    const post = await aPost(db(), { title: 'Published in the repeated hour', publishedAt: new Date('2024-11-03T06:30:00Z') });
    const editorPage = await pageOf(await editor.get(`/admin/posts/${post.id}/`));
    const shown = editorPage.querySelector('input[name="publish_at"]')?.getAttribute('value') ?? '';
    assert.equal(shown, '2024-11-03T01:30');
    const version = editorPage.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    const saved = await editor.post(
      `/admin/posts/${post.id}/`,
      fields({ title: 'Published in the repeated hour, updated', slug: post.slug, action: 'save', publish_at: shown, version }),
    );
    assert.equal(saved.status, 303);
    assert.equal(await publishedAt(post.id), '2024-11-03T06:30:00.000Z');
  });
});
