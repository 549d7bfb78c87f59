import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { aComment, aPost } from '../../test/support/factories.ts';
import { ROOT, runWirepress } from '../../test/support/process.ts';
import { moderateComment } from '../services/comments.ts';
import { backupSqliteFile } from '../storage/backup.ts';
import { createDb, type Database } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { registerSearchFunctions } from '../storage/dialect/sqlite-search.ts';

type Tables = Record<string, Array<Record<string, unknown>>>;

/**
 * Every table of a SQLite file, SQLite's own sqlite_sequence and the search index's included,
 * rows in rowid order (in key order for the index's tables without rowids).
 */
function readTables(path: string): Tables {
  const database = new BetterSqlite3(path, { fileMustExist: true });
  try {
    const names = database
      .prepare<[], { name: string; wr: number }>(
        "select s.name, coalesce(t.wr, 0) as wr from sqlite_schema s left join pragma_table_list t on t.schema = 'main' and t.name = s.name where s.type = 'table' order by s.name",
      )
      .all();
    return Object.fromEntries(
      names.map(({ name, wr }) => [name, database.prepare(`select * from "${name}"${wr ? '' : ' order by rowid'}`).all() as Array<Record<string, unknown>>]),
    );
  } finally {
    database.close();
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A migrated SQLite site at `path` with posts (some with sources), comments, replies and a moderation decision. */
async function aSite(path: string, size: { posts: number; comments: number; bodyBytes: number }): Promise<Database> {
  const database = createDb({ kind: 'sqlite', path });
  await migrateToLatest(database);
  const posts = [];
  for (let i = 0; i < size.posts; i += 1) {
    const sources =
      i % 3 === 0
        ? [
            { slug: 'iz', name: 'IZ', role: 'original' as const },
            { slug: 'rt', name: 'RT', role: 'cited' as const },
          ]
        : [];
    posts.push(await aPost(database.db, { body: `Paragraph ${i}. ${'Words of the story. '.repeat(size.bodyBytes / 20)}`, sources }));
  }
  for (let i = 0; i < size.comments; i += 1) {
    const postId = posts[i % posts.length]!.id;
    const id = await aComment(database.db, postId, { status: 'pending' });
    if (i % 2 === 0) await aComment(database.db, postId, { parentId: id, depth: 2, body: `Reply to ${id}` });
    if (i % 5 === 0) await moderateComment(database.db, id, 'approve', 'test', new Date());
  }
  return database;
}

/** Comments to bulk-load into the busy site: about 40 MB of database. */
const ARCHIVED_COMMENTS = 12_000;

/** Inserts `count` approved comments in one transaction, far faster than one by one through the factories. */
function addOldComments(path: string, postId: number, count: number): void {
  const database = new BetterSqlite3(path);
  try {
    database
      .prepare(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
         insert into comments (post_id, parent_id, depth, author_name, author_email, author_url, author_ip, user_agent, body, status, created_at, updated_at)
         select ?, null, 1, 'Archive ' || i, 'archive' || i || '@example.org', null, '192.0.2.1', 'test', hex(randomblob(1500)), 'approved', '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z' from n`,
      )
      .run(count, postId);
  } finally {
    database.close();
  }
}

function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'wirepress-backup-'));
}

describe('wirepress backup and restore (SQLite)', () => {
  const folders: string[] = [];
  const open: Database[] = [];
  const folder = (): string => {
    const dir = temporaryFolder();
    folders.push(dir);
    return dir;
  };
  after(async () => {
    for (const database of open) await database.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up a site while another connection keeps writing; a restore after the files are gone brings back every row of that moment', async () => {
    const dir = folder();
    const site = join(dir, 'site.db');
    const backup = join(dir, 'backups', 'site-backup.db');
    const env = { DATABASE_URL: `file:${site}` };
    const database = await aSite(site, { posts: 60, comments: 60, bodyBytes: 2_000 });
    open.push(database);
    const post = await aPost(database.db, { title: 'Busy thread' });
    // Tens of megabytes: copied a hundred pages per step, as the backup API does by default, the
    // copy would restart at every commit of the writer below and not finish.
    addOldComments(site, post.id, ARCHIVED_COMMENTS);
    const commentsBefore = readTables(site).comments!.length;

    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await aComment(database.db, post.id, { body: `Written during the backup ${written}` });
        written += 1;
        // better-sqlite3 answers synchronously; let the child process's events in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    mkdirSync(join(dir, 'backups'));
    // Progress forced on, as a terminal would show it: on standard error, one line a step.
    const result = await runWirepress(['backup', backup], { ...env, WIREPRESS_PROGRESS: 'always' });
    writing = false;
    await writer;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(written > 0, 'the writer committed comments while the backup ran');
    assert.deepEqual(readdirSync(join(dir, 'backups')), ['site-backup.db'], 'no .partial or side files beside the backup');

    const live = readTables(site);
    await database.close();
    open.pop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${site}${suffix}`, { force: true });
    assert.equal(existsSync(site), false);

    const restore = await runWirepress(['restore', backup], { ...env, WIREPRESS_PROGRESS: 'always' });
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(
      restore.stderr,
      /^restore {2}0\.0 MB\/(\d+\.\d) MB \(0%\)\n(restore {2}.*\n)*restore {2}\1 MB\/\1 MB \(100%\) {2}[\d.]+ MB\/s\nChecking the copy \(PRAGMA integrity_check\)\n$/,
    );
    assert.doesNotMatch(restore.stdout, /MB|%|Checking/);
    assert.match(restore.stdout, /must be stopped first/);
    assert.match(restore.stdout, /It replaced no database at /);
    const restored = readTables(site);

    // The snapshot's moment is its last comment: every row committed up to it, none after.
    const cutoff = Math.max(...restored.comments!.map((c) => Number(c.id)));
    assert.ok(restored.comments!.length > commentsBefore, 'comments committed after the command started are in the backup');
    assert.ok(
      live.comments!.some((c) => Number(c.id) > cutoff),
      'the site went on committing while the backup was taken',
    );
    // Each comment is followed by its own commit to the change log, so that log has its own cutoff.
    const changesCutoff = Math.max(0, ...restored.content_changes!.map((c) => Number(c.id)));
    const expected: Tables = {
      ...live,
      comments: live.comments!.filter((c) => Number(c.id) <= cutoff),
      content_changes: live.content_changes!.filter((c) => Number(c.id) <= changesCutoff),
      sqlite_sequence: live.sqlite_sequence!.map((row) =>
        row.name === 'comments' ? { ...row, seq: cutoff } : row.name === 'content_changes' ? { ...row, seq: changesCutoff } : row,
      ),
    };
    assert.deepEqual(Object.keys(restored).sort(), Object.keys(live).sort());
    assert.deepEqual(restored, expected);
    assert.equal(restored.posts!.length, 61);
    assert.equal(restored.post_sources!.length, 40);
    assert.ok(restored.comment_events!.length >= 12);

    // The one-line report names the file, its size and what it holds.
    const stats = readFileSync(backup).length;
    assert.equal(result.stdout, `Backed up to ${backup}: ${stats} bytes, 61 posts, ${restored.comments!.length} comments, integrity ok\n`);
    // The database is tens of megabytes: the copy is shown in steps, then the check.
    assert.match(
      result.stderr,
      /^backup {2}0\.0 MB\/\d+\.\d MB \(0%\)\nbackup {2}[1-9][\d.]* MB\/\d+\.\d MB \(\d+%\) {2}[\d.]+ MB\/s\n(backup {2}.*\n)*backup {2}(\d+\.\d) MB\/\2 MB \(100%\) {2}[\d.]+ MB\/s\nChecking the copy \(PRAGMA integrity_check\)\n$/,
    );

    // The site's own command reads the restored file.
    const listed = await runWirepress(['comments', 'list', '--status=pending', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, restored.comments!.filter((c) => c.status === 'pending').length);
  });

  it('refuses a backup that is damaged, not a database or not a Wirepress site, and leaves the site and the file as they were', async () => {
    const dir = folder();
    const site = join(dir, 'site.db');
    const env = { DATABASE_URL: `file:${site}` };
    await (await aSite(site, { posts: 3, comments: 4, bodyBytes: 200 })).close();

    const good = join(dir, 'good.db');
    await backupSqliteFile(site, good);
    /** A copy of the good backup with one page of a table or index changed in place. */
    const damagedCopy = (name: string, tableOrIndex: string, change: (page: Buffer) => void): string => {
      const path = join(dir, name);
      const source = new BetterSqlite3(good);
      // Rebuilt pages hold only live entries, so the change below lands on data SQLite reads.
      source.exec(`vacuum into '${path}'`);
      source.close();
      const copy = new BetterSqlite3(path, { readonly: true });
      const pageSize = Number(copy.pragma('page_size', { simple: true }));
      const { rootpage } = copy.prepare<[string], { rootpage: number }>('select rootpage from sqlite_schema where name = ?').get(tableOrIndex)!;
      copy.close();
      const start = (rootpage - 1) * pageSize;
      const bytes = readFileSync(path);
      change(bytes.subarray(start, start + pageSize));
      writeFileSync(path, bytes);
      return path;
    };
    // The comments table's root page with a b-tree header of a page type SQLite does not have.
    const malformed = damagedCopy('malformed.db', 'comments', (page) => page.fill(0x7e, 0, 16));
    // One entry of an index spelled differently from its row: readable, but the index no longer matches the table.
    const inconsistent = damagedCopy('inconsistent.db', 'comments_status_id', (page) => {
      const at = page.lastIndexOf(Buffer.from('pending'));
      assert.ok(at > 0, 'the index page holds a pending entry');
      page.write('pendinx', at);
    });

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'This is not a database.\n'.repeat(200));
    const other = join(dir, 'other.db');
    const o = new BetterSqlite3(other);
    o.exec("create table notes (body text); insert into notes values ('mine')");
    o.close();

    const siteBefore = sha256(site);
    const filesBefore = readdirSync(dir).sort();
    const cases: Array<[string, RegExp]> = [
      [malformed, /malformed\.db is not a usable Wirepress backup: database disk image is malformed/],
      [inconsistent, /inconsistent\.db is damaged; SQLite's integrity check found: row \d+ missing from index comments_status_id/],
      [text, /notes\.txt is not a usable Wirepress backup: file is not a database/],
      [other, /other\.db is a SQLite database but not a Wirepress site: it has no posts or comments table/],
      [join(dir, 'missing.db'), /there is no backup file at .*missing\.db/],
    ];
    for (const [file, message] of cases) {
      const fileBefore = existsSync(file) ? sha256(file) : undefined;
      const result = await runWirepress(['restore', file, '--yes'], env);
      assert.equal(result.code, 1, `${file}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /^Restore failed, the site's database was not changed: /);
      assert.match(result.stderr, message);
      assert.equal(sha256(site), siteBefore, `${file} left the site's database alone`);
      assert.deepEqual(readdirSync(dir).sort(), filesBefore, `${file} left no temporary or side files`);
      assert.equal(existsSync(file) ? sha256(file) : undefined, fileBefore);
    }

    // The damage is what stopped it: the same backup undamaged restores.
    const restored = await runWirepress(['restore', good, '--yes'], env);
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal(readTables(site).posts!.length, 3);
  });

  it('does not overwrite an existing file without --force, and writes nothing under the real name when the backup fails', async () => {
    const dir = folder();
    const site = join(dir, 'site.db');
    const env = { DATABASE_URL: `file:${site}` };
    await (await aSite(site, { posts: 2, comments: 3, bodyBytes: 100 })).close();
    const target = join(dir, 'backup.db');
    writeFileSync(target, 'an older backup I want to keep');

    const refused = await runWirepress(['backup', target], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /backup\.db already exists; nothing was written\. .*--force/);
    assert.equal(readFileSync(target, 'utf8'), 'an older backup I want to keep');
    assert.deepEqual(readdirSync(dir).sort(), ['backup.db', 'site.db']);

    const forced = await runWirepress(['backup', target, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /backup\.db: \d+ bytes, 2 posts, 5 comments, integrity ok\n$/);
    assert.equal(readTables(target).posts!.length, 2);

    const itself = await runWirepress(['backup', site, '--force'], env);
    assert.equal(itself.code, 1);
    assert.match(itself.stderr, /is the site's database itself/);

    const nowhere = { DATABASE_URL: `file:${join(dir, 'never-started.db')}` };
    const failed = await runWirepress(['backup', join(dir, 'fresh.db')], nowhere);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /there is no database at .*never-started\.db/);
    assert.equal(existsSync(join(dir, 'fresh.db')), false);
    assert.equal(existsSync(join(dir, 'fresh.db.partial')), false);

    const noFolder = await runWirepress(['backup', join(dir, 'not-made', 'backup.db')], env);
    assert.equal(noFolder.code, 1);
    assert.match(noFolder.stderr, /the folder .*not-made does not exist/);
  });

  it('does not replace a site that has content without --yes, and says what it replaced with it', async () => {
    const dir = folder();
    const site = join(dir, 'site.db');
    const env = { DATABASE_URL: `file:${site}` };
    const older = join(dir, 'older.db');
    await (await aSite(older, { posts: 1, comments: 1, bodyBytes: 100 })).close();
    const backup = join(dir, 'backup.db');
    await backupSqliteFile(older, backup);
    await (await aSite(site, { posts: 3, comments: 1, bodyBytes: 100 })).close();
    // A site that stopped without a checkpoint: its last post is only in the WAL beside the file.
    const checkpointed = readFileSync(site);
    const writer = new BetterSqlite3(site);
    // The search index's triggers stem each post's text with this function (sqlite-search.ts).
    registerSearchFunctions(writer);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec(
      "insert into posts (slug, title, excerpt, body_markdown, body_html, status, author_id, published_at, comments_open, created_at, updated_at) select slug || '-wal', title, excerpt, body_markdown, body_html, status, author_id, published_at, comments_open, created_at, updated_at from posts where id = 1",
    );
    const wal = readFileSync(`${site}-wal`);
    writer.close();
    writeFileSync(site, checkpointed);
    writeFileSync(`${site}-wal`, wal);
    const before = [sha256(site), sha256(`${site}-wal`)];

    const refused = await runWirepress(['restore', backup], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /site\.db holds a Wirepress database with 4 posts and 2 comments \(\d+ bytes\); nothing was changed\./);
    assert.match(refused.stderr, /The site must be stopped first/);
    assert.match(refused.stderr, /wirepress restore .*backup\.db --yes/);
    assert.deepEqual([sha256(site), sha256(`${site}-wal`)], before);
    assert.equal(existsSync(`${site}.restore-tmp`), false);

    const replaced = await runWirepress(['restore', backup, '--yes'], env);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(replaced.stdout, /Restored .*backup\.db: \d+ bytes, 1 posts, 2 comments, integrity ok\n/);
    assert.match(replaced.stdout, /It replaced a Wirepress database with 4 posts and 2 comments \(\d+ bytes\) at .*site\.db\./);
    // The old site's WAL went with it: replayed onto the restored file, it would overwrite pages of the backup.
    assert.deepEqual([existsSync(`${site}-wal`), existsSync(`${site}-shm`), existsSync(`${site}.restore-tmp`)], [false, false, false]);
    assert.deepEqual(readTables(site), readTables(older));
  });

  it('points a PostgreSQL site at pg_dump and pg_restore, without printing the password', async () => {
    const env = { DATABASE_URL: 'postgres://wirepress:s3cret@db.example.org:5433/news' };
    const backup = await runWirepress(['backup', 'nightly.dump'], env);
    assert.equal(backup.code, 1);
    assert.match(backup.stderr, /PostgreSQL \(database "news" on db\.example\.org:5433\)/);
    assert.match(backup.stderr, /pg_dump --format=custom --file=nightly\.dump "\$DATABASE_URL"/);
    const restore = await runWirepress(['restore', 'nightly.dump', '--yes'], { DATABASE_URL: 'postgresql://wirepress:s3cret@db.example.org/news' });
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /database "news" on db\.example\.org/);
    assert.match(restore.stderr, /pg_restore --clean --if-exists --dbname="\$DATABASE_URL" nightly\.dump/);
    for (const output of [backup, restore]) assert.doesNotMatch(output.stdout + output.stderr, /s3cret/);
    assert.equal(existsSync(join(ROOT, 'nightly.dump')), false);
  });
});
