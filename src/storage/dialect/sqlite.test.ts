import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { createDb, type Database } from '../db.ts';
import { migrateToLatest } from '../migrate.ts';
import { putSetting } from '../settings.ts';

describe('SQLite checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-wal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the WAL into the database from its own thread, so the WAL stops growing between bursts of writes', async () => {
    const path = join(dir, 'site.db');
    const database = createDb({ kind: 'sqlite', path });
    try {
      await migrateToLatest(database);
      // About 2,000 pages a burst: far below the automatic checkpoint's 10,000, so only the thread can copy them.
      const burst = async (round: number) => {
        for (let i = 0; i < 500; i++) await putSetting(database.db, `burst-${round}-${i}`, `${round}`.repeat(3_000));
      };
      await burst(1);
      const afterFirst = statSync(`${path}-wal`).size;
      await new Promise((r) => setTimeout(r, 2_000));
      await burst(2);
      const afterSecond = statSync(`${path}-wal`).size;
      assert.ok(afterSecond < afterFirst * 1.5, `the second burst reused the checkpointed WAL (${afterFirst} then ${afterSecond} bytes)`);
    } finally {
      await database.close();
    }
  });
});

describe('SQLite transactions between processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-locks-'));
  const path = join(dir, 'site.db');
  let database: Database;
  /** Another process's connection: it never waits, so a lock held here shows at once. */
  let other: BetterSqlite3.Database;
  before(async () => {
    database = createDb({ kind: 'sqlite', path });
    await migrateToLatest(database);
    await putSetting(database.db, 'site_title', 'Before');
    other = new BetterSqlite3(path);
    other.pragma('busy_timeout = 0');
  });
  after(async () => {
    other.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const otherCanWrite = (): boolean => {
    try {
      other.exec('begin immediate');
      other.exec('rollback');
      return true;
    } catch (error) {
      assert.equal((error as { code?: unknown }).code, 'SQLITE_BUSY');
      return false;
    }
  };

  it('a transaction holds the write lock from its start, so writers elsewhere wait their turn instead of failing later', async () => {
    await database.db.transaction().execute(async (tx) => {
      await tx.selectFrom('settings').select('value').execute();
      assert.equal(otherCanWrite(), false, 'the lock is taken before the first write');
    });
    assert.equal(otherCanWrite(), true, 'and released at commit');
  });

  it('a transaction waiting for another process’s write lock leaves the process free to serve meanwhile', async () => {
    other.exec('begin immediate');
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 5);
    // The other process commits a moment later; until then this process must keep running.
    const released = new Promise<number>((resolve) =>
      setTimeout(() => {
        other.exec('commit');
        resolve(ticks);
      }, 300),
    );
    try {
      await database.db.transaction().execute((tx) => putSetting(tx, 'waited', 'yes'));
      const ticksBeforeRelease = await released;
      assert.ok(ticksBeforeRelease >= 10, `the event loop ran while the transaction waited (${ticksBeforeRelease} ticks)`);
    } finally {
      clearInterval(ticking);
      if (other.inTransaction) other.exec('rollback');
    }
    const stored = await database.db.selectFrom('settings').select('value').where('key', '=', 'waited').executeTakeFirst();
    assert.equal(stored?.value, JSON.stringify('yes'));
  });

  it('a read-only transaction leaves the write lock to others', async () => {
    await database.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (tx) => {
        await tx.selectFrom('settings').select('value').execute();
        assert.equal(otherCanWrite(), true);
      });
  });

  it('a write refused for a stale snapshot counts as the database being busy (503), not as a bug (500)', () => {
    // Exactly what a deferred transaction that read first meets when another process commits before it writes.
    const stale = new BetterSqlite3(path);
    try {
      stale.exec('begin');
      stale.prepare('select count(*) from settings').get();
      other.prepare("update settings set value = 'Elsewhere' where key = 'site_title'").run();
      let refused: unknown;
      try {
        stale.prepare("update settings set value = 'Stale' where key = 'site_title'").run();
      } catch (error) {
        refused = error;
      }
      assert.equal((refused as { code?: unknown } | undefined)?.code, 'SQLITE_BUSY_SNAPSHOT');
      assert.equal(database.dialect.isUnavailable(refused), true);
      assert.equal(database.dialect.isUnavailable(new Error('no such table: nothing')), false);
    } finally {
      stale.close();
    }
  });
});
