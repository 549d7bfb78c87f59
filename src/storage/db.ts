import { Kysely, type Transaction } from 'kysely';
import type { ChangeSignal, Dialect } from './dialect/dialect.ts';

export type { ChangeSignal } from './dialect/dialect.ts';
import { createPostgresDialect } from './dialect/postgres.ts';
import { createSqliteDialect } from './dialect/sqlite.ts';
import type { Schema } from './schema.ts';

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;
/** Repositories take either the database or a transaction, so services choose the boundary. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  dialect: Dialect;
  /**
   * Starts listening for content changes from every process and node (the dialect's signal),
   * plus this process's own, which noteCommittedChange() reports the moment they commit.
   */
  openChangeSignal(): Promise<ChangeSignal>;
  close(): Promise<void>;
}

/** This process's own committed changes, per database handle; read by its change signals. */
const localChanges = new WeakMap<Db, { count: number }>();

/**
 * Called by a service right after a transaction that logged a content change has committed:
 * this process's caches then see it at once, without waiting for the database to announce it
 * (PostgreSQL's NOTIFY arrives a moment later; other nodes rely on it).
 */
export function noteCommittedChange(db: Db): void {
  const local = localChanges.get(db);
  if (local) local.count += 1;
}

/** A parsed DATABASE_URL; config.ts produces it. */
export type DatabaseLocation =
  /** busyTimeoutMs: how long a write waits for another process's; the dialect's default unless a test needs a lock to run out. */
  | { kind: 'sqlite'; path: string; busyTimeoutMs?: number }
  | { kind: 'postgres'; url: string; poolSize: number };

/** The only place that picks a driver. */
export function createDb(location: DatabaseLocation): Database {
  const dialect =
    location.kind === 'sqlite' ? createSqliteDialect(location.path, { busyTimeoutMs: location.busyTimeoutMs }) : createPostgresDialect({ url: location.url, poolSize: location.poolSize });
  const db = new Kysely<Schema>({ dialect: dialect.kysely });
  const local = { count: 0 };
  localChanges.set(db, local);
  return {
    db,
    dialect,
    openChangeSignal: async () => {
      const shared = await dialect.openChangeSignal();
      return { version: () => shared.version() * 1_000_003 + local.count, reliable: () => shared.reliable(), close: () => shared.close() };
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
