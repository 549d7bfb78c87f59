import { PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Client, Pool } from 'pg';
import { CHANGE_CHANNEL, type ChangeSignal, type Dialect } from './dialect.ts';
import { postgresSearch } from './postgres-search.ts';

/** How long a request waits for a free connection before failing with a clear "database unavailable". */
const CONNECT_TIMEOUT_MS = 5_000;
/** Pause before the listening connection tries again after losing the server. */
const LISTEN_RETRY_MS = 1_000;
/** Idle connections are closed after this, so a quiet node holds few. */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * The driver is loaded when the first connection is opened, not when this module is: loading it
 * takes about a tenth of a second, which a site on SQLite would pay at every start for nothing.
 */
async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}

export interface PostgresOptions {
  url: string;
  poolSize: number;
}

/**
 * PostgreSQL through a connection pool. A connection that breaks (server restart, network)
 * is dropped by the pool and the next query opens a new one, so the site recovers by itself
 * when the database comes back.
 */
export function createPostgresDialect(options: PostgresOptions): Dialect {
  // Kysely calls this once, on the first query.
  const openPool = async (): Promise<Pool> => {
    const pg = await loadPg();
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: IDLE_TIMEOUT_MS,
      application_name: 'wirepress',
    });
    // A connection's error (the server went away) would otherwise crash the process as an
    // unhandled 'error' event: the pool discards a broken idle connection itself, and a query
    // running on a broken one rejects, which the error handler turns into a 503.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return pool;
  };
  return {
    name: 'postgres',
    binaryType: 'bytea',
    kysely: new PostgresDialect({ pool: openPool }),
    autoIncrementId: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
    isUnavailable: isPostgresUnavailable,
    resetIdentity: async (db, table, column) => {
      // An identity column keeps its own sequence, which explicit ids do not advance.
      await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
        db,
      );
    },
    // Autovacuum would analyze the new rows within a minute or so; until then PostgreSQL planned
    // searches for a near-empty table (a loop over every post, reading each one's document).
    refreshStatistics: async (db) => {
      await sql`analyze`.execute(db);
    },
    announceInserts: async (db, table) => {
      // NOTIFY is transactional: listeners hear of a change only once it is committed.
      await sql`create or replace function wirepress_announce_insert() returns trigger language plpgsql as $$
        begin perform pg_notify(${sql.lit(CHANGE_CHANNEL)}, new.id::text); return null; end $$`.execute(db);
      await sql`create trigger ${sql.id(`${table}_announce`)} after insert on ${sql.table(table)}
        for each row execute function wirepress_announce_insert()`.execute(db);
    },
    openChangeSignal: () => openListenSignal(options.url),
    search: postgresSearch,
    skipLockedRows: (query) => query.forUpdate().skipLocked() as typeof query,
    // clock_timestamp(), not now(): the time of this statement, not of the transaction's start.
    clockTime: (offsetMs) =>
      sql<string>`to_char((clock_timestamp() + make_interval(secs => ${offsetMs / 1000}::double precision)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  };
}

/**
 * Errors that mean "the database cannot be reached right now", not "the query is wrong":
 * refused or dropped connections, the pool timing out, the server shutting down or starting
 * (SQLSTATE class 08 and 57P0x), too many connections (53300).
 */
function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '53300', '57P01', '57P02', '57P03'].includes(code)) return true;
  if (code.startsWith('08')) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connection ended|Client has encountered a connection error/i.test(error.message);
}

/**
 * One connection per process that LISTENs for change announcements from every node. Each
 * notification, and each (re)connection, moves the version; while the connection is down the
 * signal is unreliable, so caches step aside until it is back.
 */
async function openListenSignal(url: string): Promise<ChangeSignal> {
  let version = 0;
  let listening = false;
  let closed = false;
  const pg = await loadPg();
  let client: Client | undefined;
  const retry = () => {
    if (!closed) setTimeout(() => void connect(), LISTEN_RETRY_MS).unref();
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'wirepress-listen', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client = next;
    next.on('notification', () => {
      version += 1;
    });
    next.on('error', () => {});
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch {
      listening = false;
      await next.end().catch(() => {});
      retry();
      return;
    }
    listening = true;
    // Whatever happened while not listening is in the change log; moving the version makes readers catch up.
    version += 1;
    next.once('end', () => {
      listening = false;
      version += 1;
      retry();
    });
  };
  await connect();
  return {
    version: () => version,
    reliable: () => listening,
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
