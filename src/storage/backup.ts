import { closeSync, copyFileSync, existsSync, fsyncSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Backup and restore of a SQLite site, file for file. This works below Kysely on purpose: it
 * copies database pages with SQLite's online backup API and checks files that may not be
 * Wirepress databases at all, so it talks to better-sqlite3 directly and only ever to SQLite.
 * PostgreSQL has its own tools for this (pg_dump, pg_restore).
 */

/**
 * Pages copied per step of the online backup: 16 MB of 4 KB pages, so progress can be shown
 * between steps. Whenever the site commits between two steps, SQLite starts the copy again from
 * the first page, which keeps the copy a consistent snapshot; on a busy site that would never
 * end, so after the first restart the rest is copied in one step (ALL_PAGES), inside one read
 * transaction, which in WAL mode does not hold up the site's writers.
 */
const STEP_PAGES = 4_096;
const ALL_PAGES = 0x7fff_ffff;

/** Bytes read and written at a time when a restore copies the backup, between two reports of progress. */
const COPY_CHUNK_BYTES = 8 * 1_048_576;

/** Reports of a long backup or restore, for a progress display. */
export interface CopyProgress {
  /** `done` bytes of `total` copied; the last report has done = total. */
  copied?: (done: number, total: number) => void;
  /** The copy is complete and is being checked. */
  checking?: () => void;
}

/** How long the backup's reader waits on a lock (say, during WAL recovery) before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

/** Tables that belong to SQLite or to the migrator rather than to the site's content. */
const BOOKKEEPING_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Files SQLite keeps beside a database; a stale one would be read as part of whatever file takes the name. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** A backup or restore that cannot go ahead; the message says why, and no file was replaced. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** The backup's destination exists already; replacing it was not asked for. */
export class DestinationExistsError extends BackupError {
  override name = 'DestinationExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/** The database a restore would replace holds data; replacing it was not asked for. */
export class TargetHasContentError extends BackupError {
  override name = 'TargetHasContentError';
  constructor(
    readonly path: string,
    readonly state: SqliteFileState,
  ) {
    super(`${path} holds ${describeSqliteFile(state)}`);
  }
}

/** What a checked Wirepress database holds. */
export interface SqliteSiteSummary {
  path: string;
  bytes: number;
  posts: number;
  comments: number;
}

/** What is at a path before a restore replaces it. */
export type SqliteFileState =
  | { kind: 'missing' }
  | { kind: 'database'; bytes: number; tables: number; rows: number; posts: number | undefined; comments: number | undefined }
  | { kind: 'unreadable'; bytes: number; reason: string };

export interface RestoreReport {
  restored: SqliteSiteSummary;
  replaced: SqliteFileState;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The site's own tables: not SQLite's, and not a full-text index (a virtual table and the shadow
 * tables that hold its data), which is derived from the posts and not content of its own.
 */
function tableNames(database: BetterSqlite3.Database): string[] {
  return database
    .prepare<[], { name: string }>(
      "select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
    )
    .all()
    .map((row) => row.name)
    .filter((name) => !BOOKKEEPING_TABLES.has(name));
}

function countRows(database: BetterSqlite3.Database, table: string): number {
  return database.prepare<[], { n: number }>(`select count(*) as n from ${quoteIdentifier(table)}`).get()!.n;
}

/** Whether two paths name the same file, through links and relative paths alike. */
export function isSameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

function removeWithSideFiles(path: string): void {
  for (const suffix of ['', ...SIDE_FILE_SUFFIXES]) rmSync(`${path}${suffix}`, { force: true });
}

/** Flushes a file, or a folder's list of names, to the disk, so a rename survives a power loss. */
function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** copyFileSync, a chunk at a time, telling how far it got. */
function copyFileReporting(from: string, to: string, copied: (done: number, total: number) => void): void {
  const input = openSync(from, 'r');
  try {
    const output = openSync(to, 'wx');
    try {
      const total = fstatSync(input).size;
      const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      let done = 0;
      copied(0, total);
      for (let read; (read = readSync(input, buffer, 0, buffer.length, done)) > 0; ) {
        for (let written = 0; written < read; ) written += writeSync(output, buffer, written, read - written, done + written);
        done += read;
        copied(done, Math.max(total, done));
      }
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}

/**
 * Makes the database at `path` a single self-contained file (rollback journal mode, its WAL
 * folded in) and checks it: PRAGMA integrity_check must answer "ok" and it must have the
 * site's posts table. The site switches a restored file back to WAL when it opens it.
 */
function settleAndCheck(path: string, label: string): SqliteSiteSummary {
  let database: BetterSqlite3.Database | undefined;
  try {
    database = new BetterSqlite3(path, { fileMustExist: true });
    database.pragma('journal_mode = DELETE');
    const problems = database.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const verdicts = problems.map((row) => row.integrity_check);
    if (verdicts.length !== 1 || verdicts[0] !== 'ok') {
      throw new BackupError(`${label} is damaged; SQLite's integrity check found: ${verdicts.slice(0, 3).join('; ')}`);
    }
    const tables = tableNames(database);
    const missing = ['posts', 'comments'].filter((table) => !tables.includes(table));
    if (missing.length > 0) {
      throw new BackupError(`${label} is a SQLite database but not a Wirepress site: it has no ${missing.join(' or ')} table`);
    }
    const counts = { posts: countRows(database, 'posts'), comments: countRows(database, 'comments') };
    database.close();
    database = undefined;
    // Measured once closed, with nothing left in a journal beside it.
    return { path: label, bytes: statSync(path).size, ...counts };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${label} is not a usable Wirepress backup: ${messageOf(error)}`, { cause: error });
  } finally {
    database?.close();
  }
}

/** What is at `path`: nothing, a SQLite database (and how much it holds), or a file SQLite cannot read. */
export function inspectSqliteFile(path: string): SqliteFileState {
  if (!existsSync(path)) return { kind: 'missing' };
  const bytes = statSync(path).size;
  let database: BetterSqlite3.Database | undefined;
  try {
    // Read-only, so that looking never changes the file: not even a checkpoint of its WAL.
    database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const tables = tableNames(database);
    const counts = new Map(tables.map((table) => [table, countRows(database!, table)]));
    const rows = [...counts.values()].reduce((sum, n) => sum + n, 0);
    return { kind: 'database', bytes, tables: tables.length, rows, posts: counts.get('posts'), comments: counts.get('comments') };
  } catch (error) {
    return { kind: 'unreadable', bytes, reason: messageOf(error) };
  } finally {
    database?.close();
  }
}

/** Whether replacing what is at a path would throw data away. An unreadable non-empty file counts: it may be someone's. */
export function hasContent(state: SqliteFileState): boolean {
  if (state.kind === 'missing') return false;
  if (state.kind === 'unreadable') return state.bytes > 0;
  return state.rows > 0;
}

export function describeSqliteFile(state: SqliteFileState): string {
  if (state.kind === 'missing') return 'no database';
  if (state.kind === 'unreadable') return `a file SQLite cannot read (${state.bytes} bytes: ${state.reason})`;
  if (state.posts !== undefined && state.comments !== undefined) {
    return `a Wirepress database with ${state.posts} posts and ${state.comments} comments (${state.bytes} bytes)`;
  }
  return `a SQLite database with ${state.rows} rows in ${state.tables} tables and no Wirepress posts (${state.bytes} bytes)`;
}

/**
 * Copies the SQLite database at `source` to `destination` while the site may be running and
 * writing, then checks the copy. The copy is written to `<destination>.partial` and renamed
 * only once it is complete and checked, so a failed backup never leaves a file under the real
 * name. Replaces an existing destination only when `overwrite` is set.
 */
export async function backupSqliteFile(source: string, destination: string, options: { overwrite?: boolean } & CopyProgress = {}): Promise<SqliteSiteSummary> {
  if (isSameFile(source, destination)) throw new BackupError(`${destination} is the site's database itself; back up to another file`);
  if (existsSync(destination) && !options.overwrite) throw new DestinationExistsError(destination);
  if (!existsSync(dirname(destination))) throw new BackupError(`the folder ${dirname(destination)} does not exist`);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}; the site creates it when it first starts`);
  let reader: BetterSqlite3.Database;
  try {
    reader = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open the site's database ${source}: ${messageOf(error)}`, { cause: error });
  }
  const partial = `${destination}.partial`;
  removeWithSideFiles(partial);
  try {
    try {
      reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const pageSize = Number(reader.pragma('page_size', { simple: true }));
      let previousRemaining = Infinity;
      let restarted = false;
      const { totalPages } = await reader.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          // No fewer pages left than after the last step: the site committed, and the copy began again.
          if (remainingPages >= previousRemaining) restarted = true;
          previousRemaining = remainingPages;
          options.copied?.((totalPages - remainingPages) * pageSize, totalPages * pageSize);
          return restarted ? ALL_PAGES : STEP_PAGES;
        },
      });
      options.copied?.(totalPages * pageSize, totalPages * pageSize);
    } finally {
      reader.close();
    }
    options.checking?.();
    const summary = settleAndCheck(partial, partial);
    fsyncPath(partial);
    renameSync(partial, destination);
    fsyncPath(dirname(destination));
    return { ...summary, path: destination };
  } catch (error) {
    removeWithSideFiles(partial);
    if (error instanceof BackupError) throw error;
    throw new BackupError(`the backup of ${source} failed: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Puts the backup at `backup` in place of the SQLite database at `target`; the site must be
 * stopped. The backup is copied to `<target>.restore-tmp` and checked there (integrity, the
 * posts table), the target's -wal, -shm and -journal files are removed, and the copy is renamed
 * over the target, so the target is either the old database or the whole backup. The checks run
 * on the copy, which is exactly what is put in place, and leave the backup file as it was.
 * Replaces a target that holds data only when `replaceContent` is set.
 */
export async function restoreSqliteFile(backup: string, target: string, options: { replaceContent?: boolean } & CopyProgress = {}): Promise<RestoreReport> {
  if (!existsSync(backup) || !statSync(backup).isFile()) throw new BackupError(`there is no backup file at ${backup}`);
  if (isSameFile(backup, target)) throw new BackupError(`${backup} is the site's database itself`);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.restore-tmp`;
  if (isSameFile(backup, temporary)) throw new BackupError(`${backup} is where a restore puts its copy; move it elsewhere, then restore it from there`);
  removeWithSideFiles(temporary);
  try {
    if (options.copied) copyFileReporting(backup, temporary, options.copied);
    else copyFileSync(backup, temporary);
    // A copy of a stopped site's files may still have its last transactions in the WAL beside it.
    if (existsSync(`${backup}-wal`)) copyFileSync(`${backup}-wal`, `${temporary}-wal`);
    options.checking?.();
    const restored = settleAndCheck(temporary, backup);
    const replaced = inspectSqliteFile(target);
    if (hasContent(replaced) && !options.replaceContent) throw new TargetHasContentError(target, replaced);
    fsyncPath(temporary);
    for (const suffix of SIDE_FILE_SUFFIXES) rmSync(`${target}${suffix}`, { force: true });
    renameSync(temporary, target);
    fsyncPath(dirname(target));
    return { restored, replaced };
  } catch (error) {
    removeWithSideFiles(temporary);
    if (error instanceof BackupError) throw error;
    throw new BackupError(`the restore of ${backup} failed: ${messageOf(error)}`, { cause: error });
  }
}
