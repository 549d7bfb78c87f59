import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Database } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

export interface TestDatabase extends Database {
  /** The database's name in test titles. */
  label: string;
  /** Closes the database and removes its files. */
  destroy(): Promise<void>;
}

/** A migrated database in a new SQLite file under the system temp folder. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-test-'));
  const database = createDb({ kind: 'sqlite', path: join(dir, 'site.db') });
  await migrateToLatest(database);
  return {
    ...database,
    label: 'sqlite',
    destroy: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every database a storage test must pass on. A new backend joins the list here and every
 * test that loops over it runs on it too.
 */
export const TEST_DATABASES: ReadonlyArray<{ label: string; create: () => Promise<TestDatabase> }> = [
  { label: 'sqlite', create: createSqliteTestDatabase },
];
