import { PostgresDialect } from 'kysely';
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
  // An idle connection's error (the server went away) would otherwise crash the process; the
  // pool has already discarded that connection, and the next query reports the outage.
  pool.on('error', () => {});
  return {
    name: 'postgres',
    kysely: new PostgresDialect({ pool }),
    autoIncrementId: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  };
}
