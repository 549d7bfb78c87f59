import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, type TestDatabaseLocation } from '../../test/support/database.ts';
import { aComment, aPost } from '../../test/support/factories.ts';
import { runWirepress } from '../../test/support/process.ts';
import { seedDemoContent } from '../services/seed.ts';
import { moderateComment } from '../services/comments.ts';
import { createDb, type Database } from '../storage/db.ts';
import { countRows } from '../storage/copy.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseSearchQuery } from '../domain/search.ts';
import { searchPublishedPosts } from '../storage/search.ts';

/** Every row of every table, in key order, as plain values, to compare two databases. */
async function snapshot(database: Database) {
  const db = database.db;
  return {
    settings: await db.selectFrom('settings').selectAll().orderBy('key').execute(),
    authors: await db.selectFrom('authors').selectAll().orderBy('id').execute(),
    sources: await db.selectFrom('sources').selectAll().orderBy('id').execute(),
    posts: await db.selectFrom('posts').selectAll().orderBy('id').execute(),
    post_sources: await db.selectFrom('post_sources').selectAll().orderBy('post_id').orderBy('source_id').execute(),
    comments: await db.selectFrom('comments').selectAll().orderBy('id').execute(),
    comment_events: await db.selectFrom('comment_events').selectAll().orderBy('id').execute(),
  };
}

describe('wirepress migrate-db', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-migrate-'));
  const sourceUrl = `file:${join(dir, 'site.db')}`;
  let source: Database;
  let target: TestDatabaseLocation;

  before(async () => {
    source = createDb({ kind: 'sqlite', path: join(dir, 'site.db') });
    await migrateToLatest(source);
    await seedDemoContent(source.db, new Date('2026-01-01T00:00:00Z'));
    const post = await aPost(source.db, { title: 'Copied story', sources: [{ slug: 'tass', name: 'TASS', role: 'via' }] });
    const parent = await aComment(source.db, post.id, { status: 'pending', body: 'Parent ünïcødé “quotes”\nline two' });
    await moderateComment(source.db, parent, 'approve', 'test', new Date());
    await aComment(source.db, post.id, { parentId: parent, depth: 2, body: 'Reply' });
    target = await createTestDatabaseLocation();
  });
  after(async () => {
    await source.close();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table row for row, keeping ids, and says the counts match', async () => {
    const result = await runWirepress(['migrate-db', '--from', sourceUrl, '--to', target.url], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Done: every row of the source is in the target/);
    const copy = createDb(target.location);
    try {
      assert.deepEqual(await snapshot(copy), await snapshot(source));
    } finally {
      await copy.close();
    }
  });

  it('running it again duplicates nothing and copies what is new; new rows in the target get fresh ids', async () => {
    const extra = await aPost(source.db, { title: 'Written after the first copy' });
    const result = await runWirepress(['migrate-db', '--from', sourceUrl, '--to', target.url], {});
    assert.equal(result.code, 0, result.stderr);
    const copy = createDb(target.location);
    try {
      assert.deepEqual(await countRows(copy), await countRows(source));
      assert.ok((await copy.db.selectFrom('posts').select('id').where('id', '=', extra.id).executeTakeFirst()) !== undefined);
      const fresh = await aPost(copy.db, { title: 'Written on the new database' });
      assert.ok(fresh.id > extra.id, `new id ${fresh.id} follows the copied ones`);
    } finally {
      await copy.close();
    }
  });

  it('leaves the target searchable: its triggers index the copied posts and their sources', async () => {
    const copy = createDb(target.location);
    try {
      const find = async (words: string) =>
        (await searchPublishedPosts(copy.db, copy.dialect.search, { now: new Date(), terms: parseSearchQuery(words).terms, limit: 10, offset: 0 })).map((h) => h.post.title);
      assert.deepEqual(await find('TASS'), ['Copied story']);
      assert.deepEqual(await find('Izvestia'), ['Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States']);
      assert.deepEqual(await find('"written after the first copy"'), ['Written after the first copy']);
    } finally {
      await copy.close();
    }
  });

  it('refuses a missing or identical argument with usage help', async () => {
    const missing = await runWirepress(['migrate-db', '--from', sourceUrl], {});
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /needs --from/);
    const same = await runWirepress(['migrate-db', '--from', sourceUrl, '--to', sourceUrl], {});
    assert.equal(same.code, 64);
    assert.match(same.stderr, /same database/);
  });
});
