import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
  type TransactionSettings,
} from 'kysely';
import { CHANGE_LOG_TABLE, type ChangeSignal, type Dialect } from './dialect.ts';
import { registerSearchFunctions, sqliteSearch } from './sqlite-search.ts';
import { searchDeadline, startSqliteThread } from './sqlite-thread.ts';

/** How long a writer waits for another's lock before SQLITE_BUSY; long enough for any one transaction. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Kysely's SQLite driver opens every transaction with a plain (deferred) BEGIN, which takes the
 * write lock only at the first write. Between two processes (two workers, the CLI) that fails
 * under ordinary load: a transaction that read first holds a snapshot, and when another process
 * commits before it writes, SQLite answers "database is locked" at once (SQLITE_BUSY_SNAPSHOT,
 * or SQLITE_BUSY where waiting could deadlock) without waiting out the busy timeout. Taking the
 * write lock at BEGIN IMMEDIATE makes writers queue for it through the busy timeout instead,
 * and the reads they make inside see the newest data. Within one process the driver already
 * runs one transaction at a time on its one connection, so nothing is serialized that was not.
 * A transaction opened read-only keeps the deferred BEGIN: it never writes, so it never waits.
 */
class ImmediateSqliteDriver extends SqliteDriver implements Driver {
  readonly #waitForWriteLock: WriteLockWait;
  constructor(config: SqliteDialectConfig, waitForWriteLock: WriteLockWait) {
    super(config);
    this.#waitForWriteLock = waitForWriteLock;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings = {}): Promise<void> {
    if (settings.accessMode === 'read only') await connection.executeQuery(CompiledQuery.raw('begin deferred'));
    else await this.#waitForWriteLock(() => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #waitForWriteLock: WriteLockWait;
  constructor(config: SqliteDialectConfig, waitForWriteLock: WriteLockWait) {
    super(config);
    this.#config = config;
    this.#waitForWriteLock = waitForWriteLock;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#waitForWriteLock);
  }
}

/** Runs BEGIN IMMEDIATE until it gets the write lock, or the busy timeout has passed. */
type WriteLockWait = (begin: () => Promise<unknown>) => Promise<void>;

/** The first pause between tries for the write lock, doubled up to the longest. */
const FIRST_LOCK_RETRY_MS = 1;
const LONGEST_LOCK_RETRY_MS = 25;

/**
 * Waits for the write lock without holding up the event loop. better-sqlite3 is synchronous:
 * with a busy timeout, BEGIN IMMEDIATE sleeps inside SQLite while another process writes, and
 * the whole process (cached pages, static files, every other reader) stops with it. Here the
 * BEGIN is tried with no busy timeout and, while another process holds the lock, tried again
 * after a pause in which the process goes on serving. The statements inside the transaction
 * then run with the lock held and never wait.
 */
function writeLockWait(database: BetterSqlite3.Database, busyTimeoutMs: number): WriteLockWait {
  return async (begin) => {
    const deadline = Date.now() + busyTimeoutMs;
    for (let pause = FIRST_LOCK_RETRY_MS; ; pause = Math.min(pause * 2, LONGEST_LOCK_RETRY_MS)) {
      database.pragma('busy_timeout = 0');
      try {
        await begin();
        return;
      } catch (error) {
        if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      } finally {
        database.pragma(`busy_timeout = ${busyTimeoutMs}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
}

/**
 * Prepared statements kept per connection. Kysely prepares every query anew, and preparing
 * costs more than running the small queries a page makes; the application has a few dozen
 * distinct SQL strings, so the cap only guards against a bug that builds unbounded ones.
 */
const STATEMENT_CACHE_SIZE = 500;

/** better-sqlite3 with a cache of prepared statements keyed by SQL text (least recently used out first). */
function withStatementCache(database: BetterSqlite3.Database, onClose: () => void): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      onClose();
      statements.clear();
      database.close();
    },
    prepare: (sql) => {
      const cached = statements.get(sql);
      if (cached) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

/**
 * A commit that finds the WAL this long (in pages) copies it into the database itself, as a last
 * resort: the helper thread (sqlite-thread.ts) keeps it far shorter, off the thread that answers requests.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/**
 * SQLite in WAL mode: readers never block the writer. synchronous=NORMAL in WAL keeps the
 * database consistent after a crash or power loss; a power loss (not a process crash) can roll
 * back the transactions committed since the last checkpoint, when the WAL was last fsynced. FULL
 * would fsync every commit instead.
 */
export function createSqliteDialect(path: string, options: { busyTimeoutMs?: number } = {}): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  registerSearchFunctions(database);
  // Checkpoints and readers' searches run on a thread of their own (sqlite-thread.ts).
  const thread = path === ':memory:' ? undefined : startSqliteThread(path);
  return {
    name: 'sqlite',
    binaryType: 'blob',
    kysely: new ImmediateSqliteDialect({ database: withStatementCache(database, () => thread?.stop()) }, writeLockWait(database, busyTimeoutMs)),
    autoIncrementId: (column) => column.primaryKey().autoIncrement(),
    isUnavailable: isSqliteUnavailable,
    // AUTOINCREMENT already continues after the largest id ever inserted, explicit or not.
    resetIdentity: async () => {},
    // Every process sees the file change through PRAGMA data_version; nothing to set up.
    // SQLite plans these queries from the schema alone, which the plan tests check; gathering
    // statistics (ANALYZE) would change those plans, so it is left to the operator.
    refreshStatistics: async () => {},
    announceInserts: async () => {},
    openChangeSignal: async () => openDataVersionSignal(path),
    skipLockedRows: (query) => query,
    // %f is seconds with milliseconds; 'now' stays the same for the whole statement.
    clockTime: (offsetMs) =>
      sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${offsetMs >= 0 ? '+' : '-'}${(Math.abs(offsetMs) / 1000).toFixed(3)} seconds`})`,
    search: { ...sqliteSearch, readSearch: (db, read) => (thread ? read(thread.reader(searchDeadline())) : read(db)) },
  };
}

/** Result codes that mean "try again later"; better-sqlite3 reports the extended ones (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE). */
const UNAVAILABLE_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR'];

/** SQLite answers "busy" or "locked" when another process holds the write lock past the timeout; try again later. */
function isSqliteUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.some((family) => code === family || code.startsWith(`${family}_`));
}

/**
 * SQLite's data_version changes on a connection whenever another connection commits to the
 * file, in this process or another (the CLI, a second worker). Watching from a connection of
 * its own makes the site's own writes count as "another connection" too. Reading it is a
 * synchronous call of about 4 µs (it takes and releases the WAL read lock), so it is asked only
 * when the WAL index's header shows a commit (one read of the file, about 1.5 µs); a cached
 * page served checks one or the other.
 *
 * Most writes change no page (a comment held or sent to spam, a rate-limit record, a login),
 * so when data_version moves the watcher reads the newest id of the change log and reports
 * that: the version moves only when a change that names pages was committed, and caches keep
 * answering from memory through a flood of other writes.
 */
function openDataVersionSignal(path: string): ChangeSignal {
  if (path === ':memory:') {
    // A memory database is private to one connection: report a change on every read.
    let n = 0;
    return { version: () => ++n, reliable: () => true, close: async () => {} };
  }
  const watcher = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const dataVersion = watcher.prepare('PRAGMA data_version').pluck();
  const newestChange = watcher.prepare(`SELECT max(id) FROM ${CHANGE_LOG_TABLE}`).pluck();
  const walIndex = openWalIndexHeader(path);
  let seenData: unknown;
  let newest = 0;
  return {
    version: () => {
      // The WAL index's header is rewritten by every commit: while it has not changed, neither
      // has data_version, and one read of the file costs a third of asking SQLite.
      if (walIndex?.unchanged()) return newest;
      const data = dataVersion.get();
      if (data !== seenData) {
        seenData = data;
        newest = (newestChange.get() as number | null) ?? 0;
      }
      return newest;
    },
    reliable: () => true,
    close: async () => {
      walIndex?.close();
      watcher.close();
    },
  };
}

/** The WAL-index header and its copy (https://sqlite.org/walformat.html, "The WAL-Index Header"). */
const WAL_INDEX_HEADER_BYTES = 96;

/**
 * Watches the header of the database's WAL index (the "-shm" file, which every connection maps
 * into memory). A commit makes itself visible to readers by rewriting that header (its frame
 * count, checksums and change counter), so bytes equal to the last look mean no commit since.
 * The first look, any difference, a short read or a missing file answer false, and the caller
 * asks SQLite itself. Undefined when the database has no WAL index (not in WAL mode).
 */
function openWalIndexHeader(path: string): { unchanged(): boolean; close(): void } | undefined {
  let fd: number;
  try {
    fd = openSync(`${path}-shm`, 'r');
  } catch {
    return undefined;
  }
  const current = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  const seen = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  let known = false;
  return {
    unchanged: () => {
      let read = 0;
      try {
        read = readSync(fd, current, 0, WAL_INDEX_HEADER_BYTES, 0);
      } catch {
        read = 0;
      }
      if (read === WAL_INDEX_HEADER_BYTES && known && current.equals(seen)) return true;
      // Remembered before the caller asks SQLite: a commit in between changes the header again.
      known = read === WAL_INDEX_HEADER_BYTES;
      current.copy(seen);
      return false;
    },
    close: () => closeSync(fd),
  };
}
