import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { aUser, signIn } from '../../../test/support/admin.ts';
import { aPost } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { DomainError } from '../../domain/errors.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { MAX_PINNED_SHOWN } from '../../domain/settings.ts';
import { savePost, type SaveRequest } from '../../services/post-editor.ts';
import { findEditablePost } from '../../storage/post-editor.ts';

/** The home page's cards in order: headline and whether it carries the "Pinned" label. */
async function cards(res: Response): Promise<Array<{ title: string; pinned: boolean }>> {
  return parse(await res.text())
    .querySelectorAll('article.post-card')
    .map((card) => ({ title: card.querySelector('.post-card-title a')!.text, pinned: card.querySelector('.pinned-label') !== null }));
}

describe('pinned posts on the home page', () => {
  let server: TestServer;
  let editor: Awaited<ReturnType<typeof aUser>>;
  let author: Awaited<ReturnType<typeof aUser>>;
  /** Oldest first: "Story 0" is the oldest, "Story 24" the newest. */
  const stories: Array<{ id: number; slug: string; publishedAt: Date }> = [];
  const get = (path: string) => fetch(`${server.url}${path}`);
  const db = () => server.database.db;

  /** Pins or unpins a post through the editor's save, as the user. */
  const pin = async (user: typeof editor, id: number, pinned: boolean) => {
    const post = (await findEditablePost(db(), id))!;
    const draft: SaveRequest['draft'] = {
      title: post.title,
      slug: post.slug,
      excerpt: post.excerpt,
      bodyMarkdown: post.bodyMarkdown,
      label: post.label,
      commentsOpen: post.commentsOpen,
      categories: [],
      tags: [],
      sources: [],
    };
    await savePost(db(), user, { postId: id, baseVersion: post.updatedAt, draft, action: 'save', scheduleAt: post.publishedAt, pinned }, new Date());
  };

  before(async () => {
    server = await startTestServer({ seed: false });
    await aUser(db(), 'owner');
    editor = await aUser(db(), 'editor');
    author = await aUser(db(), 'author');
    for (let i = 0; i < 25; i++) {
      stories.push(await aPost(db(), { title: `Story ${i}`, publishedAt: new Date(Date.UTC(2025, 0, 1, 12, i)) }));
    }
  });
  after(() => server.close());

  it('shows a pinned post first and labelled on page 1 only, never twice, and page 2 as before', async () => {
    const page2Before = (await cards(await get('/page/2/'))).map((c) => c.title);
    await pin(editor, stories[3]!.id, true);
    await pin(editor, stories[22]!.id, true);
    const home = await cards(await get('/'));
    // Pinned newest pin first, then the ten latest less the pinned one among them.
    assert.deepEqual(home.slice(0, 2), [
      { title: 'Story 22', pinned: true },
      { title: 'Story 3', pinned: true },
    ]);
    assert.deepEqual(
      home.slice(2).map((c) => c.title),
      ['Story 24', 'Story 23', 'Story 21', 'Story 20', 'Story 19', 'Story 18', 'Story 17', 'Story 16', 'Story 15'],
    );
    assert.ok(home.slice(2).every((c) => !c.pinned));
    const titles = home.map((c) => c.title);
    assert.equal(new Set(titles).size, titles.length, 'no story twice');
    const page2 = await cards(await get('/page/2/'));
    assert.deepEqual(
      page2.map((c) => c.title),
      page2Before,
    );
    assert.ok(page2.every((c) => !c.pinned));
    await pin(editor, stories[3]!.id, false);
    await pin(editor, stories[22]!.id, false);
  });

  it(`shows at most ${MAX_PINNED_SHOWN} pinned posts, the newest pins`, async () => {
    const pinned = [1, 2, 4, 5, 6];
    for (const i of pinned) await pin(editor, stories[i]!.id, true);
    const home = await cards(await get('/'));
    assert.deepEqual(
      home.filter((c) => c.pinned).map((c) => c.title),
      ['Story 6', 'Story 5', 'Story 4'],
    );
    assert.deepEqual(
      home.slice(0, 3).map((c) => c.title),
      ['Story 6', 'Story 5', 'Story 4'],
    );
    // Pinned beyond the cap, an older pin is neither on top nor lost: it waits in its place by date.
    assert.ok(!home.some((c) => c.title === 'Story 2' || c.title === 'Story 1'));
    for (const i of pinned) await pin(editor, stories[i]!.id, false);
  });

  it('pinning and unpinning drops the cached first page only; page 2 and other articles stay cached', async () => {
    const state = async (path: string) => (await get(path)).headers.get('x-cache');
    // Story 3 is on page 3: a save of it (the pin is one) names no page 2 or article below.
    const paths = ['/', '/page/2/', permalinkOf(stories[20]!)];
    for (const path of paths) await get(path);
    for (const path of paths) assert.equal(await state(path), 'HIT', path);
    await pin(editor, stories[3]!.id, true);
    const res = await get('/');
    assert.equal(res.headers.get('x-cache'), 'MISS');
    assert.deepEqual((await cards(res))[0], { title: 'Story 3', pinned: true });
    for (const path of paths) assert.equal(await state(path), 'HIT', path);
    await pin(editor, stories[3]!.id, false);
    const unpinned = await get('/');
    assert.equal(unpinned.headers.get('x-cache'), 'MISS');
    assert.deepEqual((await cards(unpinned))[0], { title: 'Story 24', pinned: false });
    for (const path of paths.slice(1)) assert.equal(await state(path), 'HIT', path);
  });

  it('an author cannot pin: the box is not offered, and a pin sent anyway is refused with nothing saved', async () => {
    const own = await savePost(
      db(),
      author,
      {
        draft: {
          title: 'An author’s draft',
          slug: '',
          excerpt: '',
          bodyMarkdown: 'Text.',
          label: null,
          commentsOpen: true,
          categories: [],
          tags: [],
          sources: [],
        },
        action: 'save',
        scheduleAt: null,
      },
      new Date(),
    );
    const before = (await findEditablePost(db(), own.id))!;
    await assert.rejects(
      () => pin(author, own.id, true),
      (error) => error instanceof DomainError && error.code === 'forbidden',
    );
    const afterwards = (await findEditablePost(db(), own.id))!;
    assert.equal(afterwards.pinnedAt, null);
    assert.equal(afterwards.updatedAt.getTime(), before.updatedAt.getTime(), 'the refused save changed nothing');

    const authorSession = await signIn(server, author);
    const authorForm = parse(await (await authorSession.get(`/admin/posts/${own.id}/`)).text());
    assert.equal(authorForm.querySelector('input[name="pinned"]'), null);
    const refused = await authorSession.post(`/admin/posts/${own.id}/`, {
      title: 'An author’s draft',
      body: 'Text.',
      version: before.updatedAt.toISOString(),
      pinned_shown: '1',
      pinned: 'on',
      action: 'save',
    });
    assert.equal(refused.status, 403);
    assert.equal((await findEditablePost(db(), own.id))!.pinnedAt, null);

    const editorSession = await signIn(server, editor);
    const editorForm = parse(await (await editorSession.get(`/admin/posts/${stories[0]!.id}/`)).text());
    assert.ok(editorForm.querySelector('input[name="pinned"]'));
    const version = editorForm.querySelector('input[name="version"]')!.getAttribute('value')!;
    const saved = await editorSession.post(`/admin/posts/${stories[0]!.id}/`, {
      title: 'Story 0',
      body: (await findEditablePost(db(), stories[0]!.id))!.bodyMarkdown,
      slug: (await findEditablePost(db(), stories[0]!.id))!.slug,
      version,
      pinned_shown: '1',
      pinned: 'on',
      action: 'save',
    });
    assert.equal(saved.status, 303);
    assert.notEqual((await findEditablePost(db(), stories[0]!.id))!.pinnedAt, null);
    assert.deepEqual((await cards(await get('/')))[0], { title: 'Story 0', pinned: true });
    const reopened = parse(await (await editorSession.get(`/admin/posts/${stories[0]!.id}/`)).text());
    assert.equal(reopened.querySelector('input[name="pinned"]')!.hasAttribute('checked'), true);
  });
});
