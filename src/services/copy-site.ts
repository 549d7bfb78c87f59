import { createDb, describeLocation, type Database, type DatabaseLocation } from '../storage/db.ts';
import { COPY_BATCH_SIZE, copyAllTables, countRows, type CopyListener } from '../storage/copy.ts';

export { COPY_BATCH_SIZE, type CopyListener };
import { migrateToLatest } from '../storage/migrate.ts';

export interface TableComparison {
  table: string;
  sourceRows: number;
  targetRows: number;
}

export interface CopyReport {
  tables: TableComparison[];
  /** Every row of the source is in the target. */
  complete: boolean;
}

/**
 * Copies a whole site (posts, sources, comments and their log, settings) from one database to
 * another, typically from the SQLite file to PostgreSQL, then compares row counts. Safe to run
 * again: rows already copied are left alone, new ones are added, and a copy that was interrupted
 * goes on from where it stopped.
 */
export async function copySite(
  from: DatabaseLocation,
  to: DatabaseLocation,
  options: { listener?: CopyListener; batchSize?: number } = {},
): Promise<CopyReport> {
  if (describeLocation(from) === describeLocation(to)) throw new Error('the source and the target are the same database');
  const source: Database = createDb(from);
  const target: Database = createDb(to);
  try {
    await migrateToLatest(source);
    await migrateToLatest(target);
    await copyAllTables(source, target, { source: describeLocation(from), ...options });
    await target.refreshStatistics();
    const [before, after] = await Promise.all([countRows(source), countRows(target)]);
    const tables = before.map(({ table, rows }) => ({ table, sourceRows: rows, targetRows: after.find((c) => c.table === table)?.rows ?? 0 }));
    return { tables, complete: tables.every((t) => t.targetRows >= t.sourceRows) };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
