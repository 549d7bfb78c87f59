import { Kysely, type KyselyConfig, type RawBuilder, type Transaction } from 'kysely';
import type { ChangeSignal, Dialect, SearchEngine } from './dialect/dialect.ts';

export type { ChangeSignal } from './dialect/dialect.ts';
import { createPostgresDialect } from './dialect/postgres.ts';
import { createSqliteDialect } from './dialect/sqlite.ts';
import type { Schema } from './schema.ts';

/**
 * The site's database: Kysely, plus the count of this process's own committed content changes,
 * which its change signals add to the database's, so that this process's caches see a change
 * the moment it commits, without waiting for the database to announce it (PostgreSQL's NOTIFY
 * arrives a moment later; other nodes rely on it). Kept on the handle, not in a module.
 */
export class SiteDb extends Kysely<Schema> {
  #committedChanges = 0;
  readonly #clock: (offsetMs: number) => RawBuilder<string>;

  constructor(config: KyselyConfig, clock: (offsetMs: number) => RawBuilder<string>) {
    super(config);
    this.#clock = clock;
  }

  /** The database's clock, `offsetMs` from now, as stored times are written (the dialect's clockTime). */
  clockTime(offsetMs = 0): RawBuilder<string> {
    return this.#clock(offsetMs);
  }

  /** Called by storage/changes.ts once a transaction that logged a content change has committed. */
  noteCommittedChange(): void {
    this.#committedChanges += 1;
  }

  get committedChanges(): number {
    return this.#committedChanges;
  }
}

export type Db = SiteDb;
export type Tx = Transaction<Schema>;
/** Repositories take either the database or a transaction, so services choose the boundary. */
export type Executor = Kysely<Schema> | Tx;

export interface Database {
  db: Db;
  /** What differs between SQLite and PostgreSQL; only storage/ reaches it (test/architecture.test.ts). */
  dialect: Dialect;
  /** Whether an error means the database is out of reach for now (answer 503 and retry), not a bug. */
  isUnavailable(error: unknown): boolean;
  /** After a bulk load: lets the database plan for the data it now has. */
  refreshStatistics(): Promise<void>;
  /** After rows were inserted with explicit ids: the next generated id follows the largest. */
  resetIdentity(db: Kysely<Schema>, table: string, column: string): Promise<void>;
  /** Full-text search of posts with the database's own engine. */
  search: SearchEngine;
  /**
   * Starts listening for content changes from every process and node (the dialect's signal),
   * plus this process's own, which db.noteCommittedChange() reports the moment they commit.
   */
  openChangeSignal(): Promise<ChangeSignal>;
  close(): Promise<void>;
}

/** A parsed DATABASE_URL; config.ts produces it. */
export type DatabaseLocation =
  /** busyTimeoutMs: how long a write waits for another process's; the dialect's default unless a test needs a lock to run out. */
  { kind: 'sqlite'; path: string; busyTimeoutMs?: number } | { kind: 'postgres'; url: string; poolSize: number };

/** The only place that picks a driver. */
export function createDb(location: DatabaseLocation): Database {
  const dialect =
    location.kind === 'sqlite'
      ? createSqliteDialect(location.path, { busyTimeoutMs: location.busyTimeoutMs })
      : createPostgresDialect({ url: location.url, poolSize: location.poolSize });
  const db = new SiteDb({ dialect: dialect.kysely }, dialect.clockTime);
  return {
    db,
    dialect,
    isUnavailable: (error) => dialect.isUnavailable(error),
    refreshStatistics: () => dialect.refreshStatistics(db),
    resetIdentity: (executor, table, column) => dialect.resetIdentity(executor, table, column),
    search: dialect.search,
    openChangeSignal: async () => {
      const shared = await dialect.openChangeSignal();
      return { version: () => shared.version() * 1_000_003 + db.committedChanges, reliable: () => shared.reliable(), close: () => shared.close() };
    },
    close: () => db.destroy(),
  };
}

/** A short, password-free description of where the data is, for logs. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.path}`;
  const url = new URL(location.url);
  return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
