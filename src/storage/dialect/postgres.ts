import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.ts';

/** How long a request waits for a free connection before failing with a clear "database unavailable". */
const CONNECT_TIMEOUT_MS = 5_000;
/** Idle connections are closed after this, so a quiet node holds few. */
const IDLE_TIMEOUT_MS = 30_000;

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
  return {
    name: 'postgres',
    kysely: new PostgresDialect({ pool }),
    autoIncrementId: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
    isUnavailable: isPostgresUnavailable,
    resetIdentity: async (db, table, column) => {
      // An identity column keeps its own sequence, which explicit ids do not advance.
      await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
    },
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
