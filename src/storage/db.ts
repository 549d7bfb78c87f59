import { Kysely, type Transaction } from 'kysely';
import type { Dialect } from './dialect/dialect.ts';

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
  close(): Promise<void>;
}

/** A parsed DATABASE_URL; config.ts produces it. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };

/** The only place that picks a driver. */
export function createDb(location: DatabaseLocation): Database {
  const dialect =
    location.kind === 'sqlite' ? createSqliteDialect(location.path) : createPostgresDialect({ url: location.url, poolSize: location.poolSize });
  const db = new Kysely<Schema>({ dialect: dialect.kysely });
  return { db, dialect, close: () => db.destroy() };
}

/** A short, password-free description of where the data is, for logs. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.path}`;
  const url = new URL(location.url);
  return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
