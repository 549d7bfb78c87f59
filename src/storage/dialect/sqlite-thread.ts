import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { SearchTimedOutError } from '../../domain/search.ts';
import type { Schema } from '../schema.ts';
import { SEARCH_TIME_LIMIT_MS } from './dialect.ts';

/** How often the thread copies the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 500;
/** Prepared statements the thread keeps: the searches have a few distinct SQL strings. */
const THREAD_STATEMENT_CACHE_SIZE = 100;

/**
 * SQLite's helper thread, with a connection of its own to the file:
 *
 * - It copies the WAL into the database every half second. SQLite's automatic checkpoint runs
 *   inside whichever commit crosses the threshold (1,000 pages by default), and the driver is
 *   synchronous, so under a flood of writes a request every second or so stalled the event loop
 *   for the copy and its fsync. A PASSIVE checkpoint never blocks readers or writers; if the
 *   thread is gone, the automatic checkpoint still bounds the WAL.
 * - It runs readers' searches. better-sqlite3 runs a statement to its end on the thread that
 *   asked, and a search for a common word over many long posts can take a good part of a
 *   second: on the main thread, every other reader of that process would wait for it. Here the
 *   main thread goes on serving, and a search past its time limit is answered as such at once;
 *   its thread is ended when its statement returns, and a fresh one serves meanwhile.
 */
const THREAD_SOURCE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.driver);
  const db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  setInterval(() => {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  }, workerData.intervalMs);
  const statements = new Map();
  parentPort.on('message', ({ id, sql, parameters }) => {
    try {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
        if (statements.size > workerData.statementCacheSize) statements.delete(statements.keys().next().value);
      }
      const rows = statement.reader ? statement.all(...parameters) : (statement.run(...parameters), []);
      parentPort.postMessage({ id, rows });
    } catch (error) {
      parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
    }
  });
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** A thread and the queries it has been sent and not yet answered. */
interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Threads still finishing a statement that ran past its limit: SQLite cannot be interrupted from
 * outside (better-sqlite3 does not expose sqlite3_interrupt), so such a thread is ended as soon
 * as the statement returns, and meanwhile a fresh one serves. Past this many at once, searches
 * are answered as too long at once instead of starting more threads to busy the machine.
 */
const MAX_THREADS_FINISHING = 2;

export interface SqliteThread {
  /** A Kysely handle whose queries run on the thread, each stopped at `deadline` (ms since the epoch). */
  reader(deadline: number): Kysely<Schema>;
  stop(): void;
}

/** Starts the helper thread for the SQLite file at `path`. */
export function startSqliteThread(path: string): SqliteThread {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let nextId = 1;
  let current: Thread | undefined;
  let finishing = 0;
  let stopped = false;

  const settleAll = (thread: Thread) => {
    for (const [id, waiting] of thread.pending) {
      thread.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(new SearchTimedOutError());
    }
  };

  const start = (): Thread => {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { path, driver, intervalMs: CHECKPOINT_INTERVAL_MS, statementCacheSize: THREAD_STATEMENT_CACHE_SIZE },
    });
    const thread: Thread = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = thread.pending.get(message.id);
      if (!waiting) return;
      thread.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting.resolve(message.rows ?? []);
    });
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (current === thread) current = undefined;
      settleAll(thread);
    });
    return thread;
  };

  /** A thread whose statement ran too long: its waiters are told, and a fresh thread takes over. */
  const retire = (thread: Thread) => {
    if (current !== thread) return;
    finishing += 1;
    settleAll(thread);
    void thread.worker.terminate().finally(() => (finishing -= 1));
    current = stopped ? undefined : start();
  };

  const query = (sql: string, parameters: readonly unknown[], deadline: number): Promise<unknown[]> => {
    if (stopped) return Promise.reject(new Error('The database is closed'));
    if (finishing >= MAX_THREADS_FINISHING) return Promise.reject(new SearchTimedOutError());
    current ??= start();
    const thread = current;
    const id = nextId++;
    return new Promise<unknown[]>((resolve, reject) => {
      const timer = setTimeout(() => retire(thread), Math.max(0, deadline - Date.now()));
      timer.unref();
      thread.pending.set(id, { resolve, reject, timer });
      thread.worker.postMessage({ id, sql, parameters });
    });
  };

  // Checkpoints from the start, not only once someone searches.
  current = start();

  return {
    reader: (deadline) =>
      new Kysely<Schema>({
        dialect: {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => threadDriver((compiled) => query(compiled.sql, compiled.parameters, deadline)),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        },
      }),
    stop: () => {
      stopped = true;
      if (current) void current.worker.terminate();
      current = undefined;
    },
  };
}

/** A Kysely driver whose one connection sends each query to the thread; reads only, no transactions. */
function threadDriver(run: (compiled: CompiledQuery) => Promise<unknown[]>): Driver {
  const connection: DatabaseConnection = {
    executeQuery: async <R>(compiled: CompiledQuery): Promise<QueryResult<R>> => ({ rows: (await run(compiled)) as R[] }),
    // biome-ignore lint/correctness/useYield: searches never stream; the method must exist
    streamQuery: async function* () {
      throw new Error('The search thread does not stream');
    },
  };
  return {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {
      throw new Error('The search thread reads outside transactions');
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
}

/** The search time limit from now. */
export function searchDeadline(): number {
  return Date.now() + SEARCH_TIME_LIMIT_MS;
}
