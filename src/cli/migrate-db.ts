import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../config.ts';
import { copySite } from '../services/copy-site.ts';
import { describeLocation } from '../storage/db.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export class MigrateDbUsageError extends Error {}

/** `wirepress migrate-db --from <url> --to <url>`: copy a site between databases and check the counts. */
export async function migrateDb(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.from || !values.to) throw new MigrateDbUsageError('migrate-db needs --from <DATABASE_URL> and --to <DATABASE_URL>');
  let from;
  let to;
  try {
    from = parseDatabaseUrl(values.from);
    to = parseDatabaseUrl(values.to);
  } catch (error) {
    throw new MigrateDbUsageError(`a database URL ${error instanceof Error ? error.message : String(error)}`);
  }
  if (describeLocation(from) === describeLocation(to)) throw new MigrateDbUsageError('--from and --to are the same database');

  io.out(`Copying ${describeLocation(from)} to ${describeLocation(to)}\n`);
  const report = await copySite(from, to, (table, rows) => io.out(`  ${table}: ${rows} rows read\n`));
  for (const t of report.tables) {
    const verdict =
      t.targetRows === t.sourceRows ? 'ok' : t.targetRows > t.sourceRows ? `target has ${t.targetRows - t.sourceRows} more (rows of its own)` : 'MISSING ROWS';
    io.out(`  ${t.table.padEnd(15)} source ${String(t.sourceRows).padStart(8)}  target ${String(t.targetRows).padStart(8)}  ${verdict}\n`);
  }
  if (!report.complete) {
    io.err('Some rows did not arrive in the target; the source was not changed. Run the command again to retry.\n');
    return 1;
  }
  io.out('Done: every row of the source is in the target.\n');
  return 0;
}
