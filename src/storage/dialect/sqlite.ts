import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Dialect } from './dialect.ts';

/** How long a writer waits for another's lock before SQLITE_BUSY; long enough for any one transaction. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite in WAL mode: readers never block the writer. synchronous=NORMAL in WAL keeps the
 * database consistent after a crash or power loss; a power loss (not a process crash) can lose
 * the last transactions before the latest checkpoint. FULL would fsync every commit instead.
 */
export function createSqliteDialect(path: string): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return {
    name: 'sqlite',
    kysely: new SqliteDialect({ database }),
    autoIncrementId: (column) => column.primaryKey().autoIncrement(),
  };
}
