import { parseDatabaseUrl } from '../config.ts';
import { COPY_BATCH_SIZE, copySite } from '../services/copy-site.ts';
import { describeLocation } from '../storage/db.ts';
import { UsageError, type CommandSpec, type OptionValues, type Output } from './command.ts';
import { createProgressReporter, progressMode, type ProgressTask } from './progress.ts';

/** The most rows per transaction: a batch is one insert, and SQLite takes at most 32,766 values in one statement. */
const MAX_BATCH_SIZE = 1_000;

/** `wirepress migrate-db --from <url> --to <url>`: copy a site between databases and check the counts. */
async function migrateDb(values: OptionValues, env: Record<string, string | undefined>, io: Output): Promise<number> {
  if (typeof values.from !== 'string' || typeof values.to !== 'string' || !values.from || !values.to) {
    throw new UsageError('migrate-db needs --from <DATABASE_URL> and --to <DATABASE_URL>');
  }
  const batchSize = Number(values['batch-size']);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new UsageError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
  let from;
  let to;
  try {
    from = parseDatabaseUrl(values.from);
    to = parseDatabaseUrl(values.to);
  } catch (error) {
    throw new UsageError(`a database URL ${error instanceof Error ? error.message : String(error)}`);
  }
  if (describeLocation(from) === describeLocation(to)) throw new UsageError('--from and --to are the same database');

  io.out(`Copying ${describeLocation(from)} to ${describeLocation(to)}\n`);
  const progress = createProgressReporter({ write: io.err, mode: progressMode(env, io.errIsTty) });
  let task: { table: string; progress: ProgressTask } | undefined;
  const report = await copySite(from, to, {
    batchSize,
    listener: {
      resuming: (rows) => io.err(`Resuming the copy that was interrupted, after the ${rows} rows it had copied.\n`),
      discarding: (other) => io.err(`The target holds an unfinished copy from ${other}; copying from the beginning.\n`),
      progress: (table, done, total) => {
        if (task?.table !== table) task = { table, progress: progress.task(table.padEnd(15), total, 'rows', { done, alwaysFinish: true }) };
        task.progress.update(done, total);
      },
      tableDone: (table, done, total) => {
        if (task?.table !== table) task = { table, progress: progress.task(table.padEnd(15), total, 'rows', { done, alwaysFinish: true }) };
        task.progress.finish(done);
      },
    },
  });
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

export const MIGRATE_DB_COMMAND: CommandSpec = {
  name: 'migrate-db',
  summary: 'Copy a whole site to another database (e.g. SQLite to PostgreSQL).',
  details:
    'Ids are kept, so links and threads survive, and the row counts of each table are compared at\n' +
    'the end; the source is not changed. Running it again copies only what is new, and a copy that\n' +
    'was interrupted (Ctrl-C, kill, a lost connection) goes on from where it stopped. Progress is\n' +
    'shown on standard error.',
  options: {
    from: { type: 'string', value: 'DATABASE_URL', required: true, description: 'the database to copy' },
    to: { type: 'string', value: 'DATABASE_URL', required: true, description: 'the database to copy it to' },
    'batch-size': { type: 'string', value: 'N', default: String(COPY_BATCH_SIZE), description: `rows per transaction, from 1 to ${MAX_BATCH_SIZE}` },
  },
  siteDatabase: false,
  run: ({ values, env, io }) => migrateDb(values, env, io),
};
