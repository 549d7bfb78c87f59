import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import {
  BackupError,
  backupSqliteFile,
  describeSqliteFile,
  DestinationExistsError,
  restoreSqliteFile,
  TargetHasContentError,
  type SqliteSiteSummary,
} from '../storage/backup.ts';
import { UsageError, type CommandSpec, type Output } from './command.ts';
import { createProgressReporter, progressMode, type ProgressTask } from './progress.ts';

const RESTART_WARNING = 'The site must be stopped first: a running site keeps the database it opened and whatever it writes after the restore is lost.';

/** Quotes a file name for a POSIX shell when it needs it, so advice can be pasted as is. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The raw DATABASE_URL when it names PostgreSQL; read before loadConfig so the advice does not depend on it. */
function postgresUrl(env: Record<string, string | undefined>): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  return raw && /^postgres(ql)?:\/\//i.test(raw) ? raw : undefined;
}

/** "database "news" on db.example:5432", without the user name or password. */
function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(none named)';
    return `database "${name}" on ${parsed.hostname || 'localhost'}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'a PostgreSQL database';
  }
}

function sqlitePath(env: Record<string, string | undefined>): string {
  const location = loadConfig(env).database;
  if (location.kind !== 'sqlite') throw new BackupError('DATABASE_URL does not name a SQLite file');
  if (location.path === ':memory:') throw new BackupError('DATABASE_URL is :memory:, a database that lives only inside one process; there is no file');
  return location.path;
}

function summaryLine(summary: SqliteSiteSummary): string {
  return `${summary.path}: ${summary.bytes} bytes, ${summary.posts} posts, ${summary.comments} comments, integrity ok`;
}

function oneFile(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('Name exactly one backup file.');
  return resolve(positionals[0]!);
}

/** Progress on standard error: the copy in megabytes, then the check, which has no measure of its own. */
function progressOf(
  io: Output,
  env: Record<string, string | undefined>,
  label: string,
): { copied: (done: number, total: number) => void; checking: () => void } {
  const reporter = createProgressReporter({ write: io.err, mode: progressMode(env, io.errIsTty) });
  let task: ProgressTask | undefined;
  return {
    copied: (done, total) => {
      task ??= reporter.task(label, total, 'bytes');
      if (done >= total) task.finish(done);
      else task.update(done, total);
    },
    checking: () => reporter.note('Checking the copy (PRAGMA integrity_check)'),
  };
}

/** `wirepress backup <file> [--force]`: an online backup of the SQLite site; returns the exit status. */
async function backupSite(positionals: string[], force: boolean, env: Record<string, string | undefined>, io: Output): Promise<number> {
  const postgres = postgresUrl(env);
  if (postgres) {
    io.err(
      `DATABASE_URL names PostgreSQL (${describePostgres(postgres)}); wirepress backup copies SQLite files only.\n` +
        "Back it up with PostgreSQL's own tool, which takes a consistent snapshot while the site runs:\n" +
        `  pg_dump --format=custom --file=${shellWord(positionals[0] ?? 'site.dump')} "$DATABASE_URL"\n`,
    );
    return 1;
  }
  const file = oneFile(positionals);
  try {
    const summary = await backupSqliteFile(sqlitePath(env), file, { overwrite: force, ...progressOf(io, env, 'backup') });
    io.out(`Backed up to ${summaryLine(summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DestinationExistsError) {
      io.err(`${error.path} already exists; nothing was written. Choose another file, or add --force to replace it.\n`);
      return 1;
    }
    if (error instanceof BackupError) {
      io.err(`Backup failed, nothing was written: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `wirepress restore <file> [--yes]`: puts a backup in place of the stopped SQLite site; returns the exit status. */
async function restoreSite(positionals: string[], yes: boolean, env: Record<string, string | undefined>, io: Output): Promise<number> {
  const postgres = postgresUrl(env);
  if (postgres) {
    io.err(
      `DATABASE_URL names PostgreSQL (${describePostgres(postgres)}); wirepress restore restores SQLite files only.\n` +
        "Stop the site, then restore a pg_dump --format=custom file with PostgreSQL's own tool:\n" +
        `  pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${shellWord(positionals[0] ?? 'site.dump')}\n`,
    );
    return 1;
  }
  const file = oneFile(positionals);
  try {
    const target = sqlitePath(env);
    io.out(`Restoring ${file} to ${target}. ${RESTART_WARNING}\n`);
    const report = await restoreSqliteFile(file, target, { replaceContent: yes, ...progressOf(io, env, 'restore') });
    io.out(
      `Restored ${summaryLine(report.restored)}\n` +
        `  It replaced ${describeSqliteFile(report.replaced)} at ${target}.\n` +
        'Start the site to serve the restored database.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetHasContentError) {
      io.err(
        `${error.message}; nothing was changed.\n${RESTART_WARNING}\n` + `To replace it with the backup, run: wirepress restore ${shellWord(file)} --yes\n`,
      );
      return 1;
    }
    if (error instanceof BackupError) {
      io.err(`Restore failed, the site's database was not changed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export const BACKUP_COMMAND: CommandSpec = {
  name: 'backup',
  args: '<file>',
  summary: "Copy the site's SQLite database to <file> while the site runs, and check the copy.",
  details: 'Progress is shown on standard error. For PostgreSQL, use pg_dump.',
  options: { force: { type: 'boolean', description: 'replace an existing <file>' } },
  run: ({ values, positionals, env, io }) => backupSite(positionals, values.force === true, env, io),
};

export const RESTORE_COMMAND: CommandSpec = {
  name: 'restore',
  args: '<file>',
  summary: "Put a backup made by `wirepress backup` in place of the site's SQLite database.",
  details: 'Stop the site first. Progress is shown on standard error. For PostgreSQL, use pg_restore.',
  options: { yes: { type: 'boolean', description: 'replace a database that holds posts or comments' } },
  run: ({ values, positionals, env, io }) => restoreSite(positionals, values.yes === true, env, io),
};
