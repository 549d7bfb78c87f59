import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { savePost } from '../src/services/post-editor.ts';
import { aUser } from './support/admin.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { startSite, type RunningSite } from './support/process.ts';

async function stop(site: RunningSite): Promise<void> {
  site.child.kill('SIGTERM');
  assert.equal(await site.exited, 0);
}

describe('scheduled publishing across a restart', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('announces a post that fell due while the site was stopped once, from one of its processes, when it starts again', async () => {
    const db = database.db;
    const first = await startSite({ DATABASE_URL: database.url, WEB_CONCURRENCY: '1' });
    let dueAt: Date;
    try {
      assert.doesNotMatch(await (await fetch(first.url)).text(), /Due while the site slept/);
      const editor = await aUser(db, 'owner', 'Sam Scheduler');
      dueAt = new Date(Date.now() + 1_000);
      const draft = {
        title: 'Due while the site slept',
        slug: '',
        excerpt: '',
        bodyMarkdown: 'On time.',
        label: null,
        commentsOpen: true,
        categories: [],
        tags: [],
        sources: [],
      };
      await savePost(db, editor, { draft, action: 'schedule', scheduleAt: dueAt }, new Date());
    } finally {
      await stop(first);
    }
    const changesBefore = await db.selectFrom('content_changes').select('id').execute();
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now() + 50)));

    const second = await startSite({ DATABASE_URL: database.url, WEB_CONCURRENCY: '2' });
    try {
      const deadline = Date.now() + 10_000;
      let post = await db.selectFrom('posts').select(['went_live_at']).where('title', '=', 'Due while the site slept').executeTakeFirstOrThrow();
      while (!post.went_live_at && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        post = await db.selectFrom('posts').select(['went_live_at']).where('title', '=', 'Due while the site slept').executeTakeFirstOrThrow();
      }
      assert.ok(post.went_live_at, 'the restarted site marked the post as gone live');
      // Give the other worker time to check too: it must find nothing left to announce.
      await new Promise((r) => setTimeout(r, 500));
      const changes = await db
        .selectFrom('content_changes')
        .select(['id', 'keys'])
        .where('id', '>', changesBefore.at(-1)?.id ?? 0)
        .execute();
      assert.deepEqual(
        changes.map((c) => c.keys),
        ['posts'],
      );
      assert.match(await (await fetch(second.url)).text(), /Due while the site slept/);
    } finally {
      await stop(second);
    }
  });
});
