import type { ColumnDefinitionBuilder, Kysely, Dialect as KyselyDialect } from 'kysely';
import type { Schema } from '../schema.ts';

/**
 * Everything that differs between the databases Wirepress runs on. Repositories and
 * migrations ask this object instead of branching on the database themselves.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The Kysely driver for this database. */
  readonly kysely: KyselyDialect;
  /** An integer primary key the database numbers itself. */
  autoIncrementId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Whether an error means the database is out of reach for now (answer 503 and retry), not a bug. */
  isUnavailable(error: unknown): boolean;
  /** After rows were inserted with explicit ids, makes the next generated id follow the largest. */
  resetIdentity(db: Kysely<Schema>, table: string, column: string): Promise<void>;
  /** In a migration: makes every insert into `table` heard by openChangeSignal() in every process. */
  announceInserts(db: Kysely<unknown>, table: string): Promise<void>;
  /** Starts listening for changes made by any process or node; see ChangeSignal. */
  openChangeSignal(): Promise<ChangeSignal>;
}

/** Name of the PostgreSQL notification channel that content changes are announced on. */
export const CHANGE_CHANNEL = 'wirepress_changes';

/**
 * A cheap, synchronous hint that the database may have changed, from this process or any
 * other: read it before each cache lookup, and when it moves, read the change log.
 */
export interface ChangeSignal {
  /** Moves (to any other number) whenever the database may have changed since it was last read. */
  version(): number;
  /** False while changes cannot be heard (a lost connection): nothing may be served from a cache then. */
  reliable(): boolean;
  close(): Promise<void>;
}
