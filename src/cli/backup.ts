import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
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

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const BACKUP_USAGE = `Usage: wirepress backup <file> [--force]

Copies the site's SQLite database (DATABASE_URL) to <file> while the site keeps running, then
checks the copy. --force replaces an existing <file>. For PostgreSQL, use pg_dump.
`;

const RESTORE_USAGE = `Usage: wirepress restore <file> [--yes]

Puts a backup made by \`wirepress backup\` in place of the site's SQLite database (DATABASE_URL).
Stop the site first. --yes is needed to replace a database that holds posts or comments.
For PostgreSQL, use pg_restore.
`;

/** Exit status for a command line that cannot be run as written (BSD sysexits EX_USAGE, as the rest of the CLI). */
const EXIT_USAGE = 64;

const RESTART_WARNING =
  'The site must be stopped first: a running site keeps the database it opened and whatever it writes after the restore is lost.';

function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

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

function firstPositional(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
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

function parse(args: string[], flag: 'force' | 'yes', usage: string, io: Output): { file: string; flag: boolean } | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { [flag]: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    io.err(`${error.message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.out(usage);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.err(`Name exactly one backup file.\n\n${usage}`);
    return EXIT_USAGE;
  }
  return { file: resolve(parsed.positionals[0]!), flag: parsed.values[flag] === true };
}

/** `wirepress backup <file> [--force]`: an online backup of the SQLite site; returns the exit status. */
export async function backupSite(args: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  const postgres = postgresUrl(env);
  if (postgres) {
    io.err(
      `DATABASE_URL names PostgreSQL (${describePostgres(postgres)}); wirepress backup copies SQLite files only.\n` +
        "Back it up with PostgreSQL's own tool, which takes a consistent snapshot while the site runs:\n" +
        `  pg_dump --format=custom --file=${shellWord(firstPositional(args) ?? 'site.dump')} "$DATABASE_URL"\n`,
    );
    return 1;
  }
  const command = parse(args, 'force', BACKUP_USAGE, io);
  if (typeof command === 'number') return command;
  try {
    const summary = await backupSqliteFile(sqlitePath(env), command.file, { overwrite: command.flag });
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
export async function restoreSite(args: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  const postgres = postgresUrl(env);
  if (postgres) {
    io.err(
      `DATABASE_URL names PostgreSQL (${describePostgres(postgres)}); wirepress restore restores SQLite files only.\n` +
        "Stop the site, then restore a pg_dump --format=custom file with PostgreSQL's own tool:\n" +
        `  pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${shellWord(firstPositional(args) ?? 'site.dump')}\n`,
    );
    return 1;
  }
  const command = parse(args, 'yes', RESTORE_USAGE, io);
  if (typeof command === 'number') return command;
  try {
    const target = sqlitePath(env);
    io.out(`Restoring ${command.file} to ${target}. ${RESTART_WARNING}\n`);
    const report = await restoreSqliteFile(command.file, target, { replaceContent: command.flag });
    io.out(
      `Restored ${summaryLine(report.restored)}\n` +
        `  It replaced ${describeSqliteFile(report.replaced)} at ${target}.\n` +
        'Start the site to serve the restored database.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetHasContentError) {
      io.err(
        `${error.message}; nothing was changed.\n${RESTART_WARNING}\n` +
          `To replace it with the backup, run: wirepress restore ${shellWord(command.file)} --yes\n`,
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
