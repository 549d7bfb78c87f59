import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parse } from 'node-html-parser';
import { permalinkOf } from '../src/domain/posts.ts';
import { TEST_BACKEND } from './support/database.ts';
import { aPost } from './support/factories.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/**
 * Reading an article may write one thing: the ranking of its related posts, kept so the next
 * reader does not rank them again (storage/related-posts.ts). That write is an optimisation; when
 * the database refuses it, the reader must still get the whole article.
 */
describe('a read that keeps its related-posts ranking', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ pageCache: false });
  });
  after(async () => {
    await server?.close();
  });

  it('answers the article with its related stories even when keeping the ranking fails', async () => {
    const db = server.database.db;
    const tag = [{ kind: 'tag' as const, slug: 'geneva-talks', name: 'Geneva talks' }];
    await aPost(db, { title: 'Talks open in Geneva', terms: tag, publishedAt: new Date('2024-04-01T09:00:00Z') });
    const article = await aPost(db, { title: 'Talks end in Geneva', terms: tag, publishedAt: new Date('2024-04-02T09:00:00Z') });
    // The database refuses every write to the kept rankings, as a full disk or a lock would.
    if (TEST_BACKEND === 'sqlite') {
      await sql`create trigger refuse_ranking_insert before insert on related_rankings begin select raise(abort, 'refused'); end`.execute(db);
      await sql`create trigger refuse_ranking_update before update on related_rankings begin select raise(abort, 'refused'); end`.execute(db);
    } else {
      await sql`create function refuse_ranking() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(db);
      await sql`create trigger refuse_ranking before insert or update on related_rankings for each row execute function refuse_ranking()`.execute(db);
    }
    for (let read = 0; read < 2; read += 1) {
      const res = await fetch(`${server.url}${permalinkOf({ slug: article.slug, publishedAt: article.publishedAt })}`);
      assert.equal(res.status, 200);
      const related = parse(await res.text())
        .querySelectorAll('.related-posts a')
        .map((a) => a.textContent.trim());
      assert.ok(related.includes('Talks open in Geneva'), `related stories shown: ${related.join(' / ')}`);
    }
    const kept = await db.selectFrom('related_rankings').select('post_id').where('related_ids', 'is not', null).execute();
    assert.deepEqual(kept, [], 'nothing was kept: the write really failed');
  });
});
