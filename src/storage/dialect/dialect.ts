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
}
