import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, type TestDatabaseLocation } from '../../test/support/database.ts';
import { aComment, aPost } from '../../test/support/factories.ts';
import { ROOT, runWirepress } from '../../test/support/process.ts';
import type { Kysely } from 'kysely';
import { seedDemoContent } from '../services/seed.ts';
import { changePage, createPage } from '../services/pages.ts';
import { DATABASE_ORIGINALS, insertMedia, setFeaturedMedia } from '../storage/media.ts';
import { moderateComment } from '../services/comments.ts';
import { createDb, type Database } from '../storage/db.ts';
import { COPIED_TABLES, countRows } from '../storage/copy.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseSearchQuery } from '../domain/search.ts';
import { searchPublishedPosts } from '../storage/search.ts';
import { prepareIcon, prepareLogo, saveSiteIdentity } from '../services/identity.ts';
import sharp from 'sharp';

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
    site_images: (await db.selectFrom('site_images').selectAll().orderBy('name').execute()).map((i) => ({
      ...i,
      data: Buffer.from(i.data).toString('base64'),
    })),
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
    // The site's logo and icons are in the database, and go with it.
    const picture = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#0b5d3b' } })
      .png()
      .toBuffer();
    await saveSiteIdentity(
      source.db,
      {
        identity: { accentColor: '#0b5d3b', footerText: 'Footer', socialLinks: [] },
        images: [...(await prepareLogo(picture)), ...(await prepareIcon(picture))],
        removeLogo: false,
        removeIcon: false,
      },
      new Date(),
    );
    // A photo, its original's bytes (every byte value, so an encoding slip shows) and the post it features on.
    const photo = await insertMedia(
      source.db,
      {
        sha256: 'ab'.repeat(32),
        type: 'image/jpeg',
        width: 4,
        height: 3,
        byteSize: 256,
        fileName: 'harbour.jpg',
        alt: 'The harbour',
        caption: '',
        creditText: 'Photo: TASS',
        creditSourceId: null,
        uploadedBy: null,
      },
      new Date(),
    );
    await DATABASE_ORIGINALS.put(source.db, photo, new Uint8Array(Array.from({ length: 256 }, (_, i) => i)));
    await setFeaturedMedia(source.db, post.id, photo);
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
      const bytes = await DATABASE_ORIGINALS.get(copy.db, 1);
      assert.deepEqual(Buffer.from(bytes ?? []), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'the original, byte for byte');
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
        (
          await searchPublishedPosts(copy.db, copy.dialect.search, {
            now: new Date(),
            terms: parseSearchQuery(words).terms,
            language: 'en',
            limit: 10,
            offset: 0,
          })
        ).map((h) => h.post.title);
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

/** Every row of every table the copy moves, in key order. */
async function everyRow(database: Database): Promise<Record<string, unknown[]>> {
  const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const tables: Record<string, unknown[]> = {};
  for (const table of COPIED_TABLES) {
    let query = db.selectFrom(table.name).selectAll();
    for (const column of table.key) query = query.orderBy(column);
    tables[table.name] = await query.execute();
  }
  return tables;
}

/** A site with several pages of rows, at two rows a page, in every table with a key of two columns too. */
async function aBusySite(database: Database): Promise<void> {
  await migrateToLatest(database);
  await seedDemoContent(database.db, new Date('2026-01-01T00:00:00Z'));
  for (let i = 0; i < 4; i += 1) {
    const post = await aPost(database.db, {
      title: `Story ${i}`,
      sources: [
        { slug: 'tass', name: 'TASS', role: 'via' },
        { slug: `paper-${i}`, name: `Paper ${i}`, role: 'original' },
      ],
      terms: [
        { kind: 'tag', slug: 'moscow', name: 'Moscow' },
        { kind: 'tag', slug: `tag-${i}`, name: `Tag ${i}` },
      ],
    });
    for (let j = 0; j < 3; j += 1) {
      const parent = await aComment(database.db, post.id, { status: 'pending', body: `Comment ${i}.${j} “ünïcødé”` });
      await moderateComment(database.db, parent, 'approve', 'test', new Date());
      await aComment(database.db, post.id, { parentId: parent, depth: 2, body: `Reply to ${i}.${j}` });
    }
  }
  // A page moved under a page made after it (so id order is not parent order), leaving its old address behind.
  const at = new Date('2026-01-02T00:00:00Z');
  const page = (title: string, parentId: number | null) => ({
    title,
    slug: '',
    bodyMarkdown: `${title}.`,
    parentId,
    menuOrder: 0,
    status: 'published' as const,
  });
  const first = await createPage(database.db, { draft: page('Masthead', null), authorId: null }, at);
  const later = await createPage(database.db, { draft: page('Newsroom', null), authorId: null }, at);
  await changePage(database.db, first.id, { draft: page('Masthead', later.id), authorId: null }, at);
}

/** Runs the copy in a process that kills itself with SIGKILL once `rows` rows of `table` are committed. */
function copyKilledAfter(fromUrl: string, toUrl: string, table: string, rows: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/interrupted-copy.ts', fromUrl, toUrl, '2', table, String(rows)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve(signal));
  });
}

describe('wirepress migrate-db after an interruption', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-resume-'));
  const places: TestDatabaseLocation[] = [];
  after(async () => {
    for (const place of places) await place.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // On the PostgreSQL run of the suite these are SQLite to PostgreSQL and PostgreSQL to SQLite.
  for (const direction of ['from a SQLite file to this run’s database', 'from this run’s database to a SQLite file'] as const) {
    it(`resumes where a killed copy stopped and ends identical to the source, ${direction}`, async () => {
      const file = join(dir, `${places.length}.db`);
      const other = await createTestDatabaseLocation();
      places.push(other);
      const sqlite = { location: { kind: 'sqlite' as const, path: file }, url: `file:${file}` };
      const [from, to] = direction.startsWith('from a SQLite') ? [sqlite, other] : [other, sqlite];
      const source = createDb(from.location);
      try {
        await aBusySite(source);
        const sourceRows = await everyRow(source);
        assert.ok(sourceRows.comments!.length >= 20 && sourceRows.post_sources!.length >= 8 && sourceRows.post_terms!.length >= 8);

        // Killed once 6 comments are committed: the tables before it are whole, comments half done.
        assert.equal(await copyKilledAfter(from.url, to.url, 'comments', 6), 'SIGKILL');
        const half = createDb(to.location);
        try {
          const copied = await everyRow(half);
          assert.deepEqual(copied.posts, sourceRows.posts);
          assert.deepEqual(copied.post_sources, sourceRows.post_sources);
          assert.deepEqual(copied.comments, sourceRows.comments!.slice(0, 6));
          assert.deepEqual(copied.comment_events, []);
        } finally {
          await half.close();
        }

        const resumed = await runWirepress(['migrate-db', '--from', from.url, '--to', to.url, '--batch-size', '2'], { WIREPRESS_PROGRESS: 'always' });
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stderr, /Resuming the copy that was interrupted/);
        // The comments go on from the seventh, and the tables done before are not read again.
        assert.match(resumed.stderr, new RegExp(`^comments +8/${sourceRows.comments!.length} rows \\(\\d+%\\)  [\\d,]+ rows/s$`, 'm'));
        assert.doesNotMatch(resumed.stderr, /^posts +[1-9]\d*\/\d+ rows \(\d+%\) {2}/m);
        assert.match(resumed.stdout, /Done: every row of the source is in the target/);
        for (const line of resumed.stdout.trimEnd().split('\n')) assert.match(line, /^(Copying | {2}\w+ +source +\d+ +target +\d+ +ok$|Done: )/);

        const copy = createDb(to.location);
        try {
          assert.deepEqual(await everyRow(copy), sourceRows);
          // Ids go on after the copied ones.
          const post = await aPost(copy.db, { title: 'Written on the new database' });
          assert.ok(post.id > Math.max(...sourceRows.posts!.map((p) => Number((p as { id: number }).id))));
        } finally {
          await copy.close();
        }
        const again = await runWirepress(['migrate-db', '--from', from.url, '--to', to.url], {});
        assert.equal(again.code, 0, again.stderr);
        assert.doesNotMatch(again.stderr, /Resuming/);
      } finally {
        await source.close();
      }
    });
  }
});
