import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDb } from '../db.ts';
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
