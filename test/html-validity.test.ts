import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment } from './support/factories.ts';
import { htmlProblems } from './support/html.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';
import { findPublishedPostBySlug } from '../src/storage/posts.ts';
import { createPage } from '../src/services/pages.ts';
import { findPageByPath } from '../src/storage/pages.ts';

describe('pages are valid HTML5', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const demo = await findPublishedPostBySlug(server.database.db, DEMO_ARTICLE_PATH.split('/')[4]!, new Date());
    const parent = await aComment(server.database.db, demo!.id, { body: 'First <b>line</b>\nsecond https://example.org\n\nNext paragraph' });
    await aComment(server.database.db, demo!.id, { parentId: parent, depth: 2 });
    const about = await findPageByPath(server.database.db, 'about');
    const draft = {
      title: 'Our team',
      slug: '',
      bodyMarkdown: 'Who *we* are.\n\n- one\n- two',
      parentId: about!.id,
      menuOrder: 0,
      status: 'published' as const,
    };
    await createPage(server.database.db, { draft, authorId: null }, new Date());
  });
  after(async () => {
    await server.close();
  });

  const pages: Array<[string, () => Promise<Response>]> = [
    ['home', () => fetch(`${server.url}/`)],
    ['article with comments', () => fetch(`${server.url}${DEMO_ARTICLE_PATH}`)],
    ['article, replying', () => fetch(`${server.url}${DEMO_ARTICLE_PATH}?replytocom=1`)],
    ['article, comment held', () => fetch(`${server.url}${DEMO_ARTICLE_PATH}?comment=held`)],
    ['article, form with errors', () => postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: '', author: '', email: 'x', url: 'javascript:1' })],
    ['source archive', () => fetch(`${server.url}/source/iz/`)],
    ['category archive', () => fetch(`${server.url}/category/world/`)],
    ['tag archive', () => fetch(`${server.url}/tag/nato/`)],
    ['author archive', () => fetch(`${server.url}/author/newsroom/`)],
    ['date archive', () => fetch(`${server.url}/2022/02/15/`)],
    ['static page', () => fetch(`${server.url}/about/`)],
    ['static page under a parent', () => fetch(`${server.url}/about/our-team/`)],
    ['not found', () => fetch(`${server.url}/no-such-page/`)],
    ['error page (413)', () => postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: 'x'.repeat(70_000) })],
  ];

  for (const [name, load] of pages) {
    it(name, async () => {
      assert.deepEqual(await htmlProblems(await (await load()).text()), []);
    });
  }
});
