import { Kysely, type Transaction } from 'kysely';
import type { Dialect } from './dialect/dialect.ts';
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
export type DatabaseLocation = { kind: 'sqlite'; path: string };

/** The only place that picks a driver. */
export function createDb(location: DatabaseLocation): Database {
  const dialect = createSqliteDialect(location.path);
  const db = new Kysely<Schema>({ dialect: dialect.kysely });
  return { db, dialect, close: () => db.destroy() };
}
