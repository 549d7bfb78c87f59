import { Migrator, type Migration } from 'kysely';
import type { Database } from './db.ts';
import * as initial from './migrations/001-initial.ts';

/** Migrations in order; names sort in the order they run. Never edit one that has shipped. */
function migrationsFor(database: Database): Record<string, Migration> {
  const { dialect } = database;
  return {
    '001-initial': { up: (db) => initial.up(db, dialect) },
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrationsFor(database) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause.message}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
