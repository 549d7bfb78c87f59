import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { COMMENT_STATUSES, isModerationAction, type CommentStatus } from '../domain/comments.ts';
import { DomainError } from '../domain/errors.ts';
import { isRole, ROLE_NAMES, type Role } from '../domain/accounts.ts';
import { inviteUser } from '../services/accounts.ts';
import { exportCommenterData, eraseCommenterData } from '../services/privacy.ts';
import { listAllUsers } from '../services/users.ts';
import { listCommentsForModeration, moderateComment, type ModerationAction } from '../services/comments.ts';
import { createDb, type Database } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { backupSite, restoreSite } from './backup.ts';
import { migrateDb, MigrateDbUsageError } from './migrate-db.ts';

/** How many comments `comments list` prints unless told otherwise. */
const DEFAULT_LIST_LIMIT = 50;

const USAGE = `Usage: wirepress <command>

Commands:
  comments list [--status=pending|approved|spam|trash] [--limit=N] [--json]
      List comments (newest first); the default status is pending.
  comments approve|unapprove|spam|not_spam|trash|restore <id> [<id> ...]
      Moderate comments by id.
  users add --email <email> --name <name> [--role administrator|editor|author|contributor]
      Add a user (default role: author) and print a one-time link, valid 24 hours,
      with which they choose their password. SITE_URL sets the link's address.
  users list
      List everyone who can sign in.
  privacy export <email>
      Print, as JSON, every comment written with this email address and everything stored
      with it (name, website, IP address, browser, text, post, dates, status).
  privacy erase <email> --yes
      Erase that commenter: each comment keeps its place in its thread as a deleted
      comment, and its name, email, website, IP address, browser and text are removed.
  migrate-db --from <DATABASE_URL> --to <DATABASE_URL>
      Copy a whole site to another database (e.g. SQLite to PostgreSQL) and compare row
      counts. Running it again copies only what is new.
  backup <file> [--force]
      Copy the SQLite database to <file> while the site runs, and check the copy.
      --force replaces an existing <file>. (PostgreSQL: pg_dump.)
  restore <file> [--yes]
      Put a backup in place of the SQLite database. Stop the site first; --yes is
      needed to replace a database that holds posts or comments. (PostgreSQL: pg_restore.)

The database is the one the site uses: DATABASE_URL, default file:./data/site.db.
`;

export class UsageError extends Error {}

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function commentsList(database: Database, args: string[], io: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { status: { type: 'string', default: 'pending' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!COMMENT_STATUSES.includes(values.status as CommentStatus)) {
    throw new UsageError(`--status must be one of ${COMMENT_STATUSES.join(', ')}`);
  }
  const limit = values.limit === undefined ? DEFAULT_LIST_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const comments = await listCommentsForModeration(database.db, values.status as CommentStatus, limit);
  if (values.json) {
    io.out(`${JSON.stringify(comments, null, 2)}\n`);
    return;
  }
  if (comments.length === 0) {
    io.out(`No ${values.status} comments.\n`);
    return;
  }
  for (const c of comments) {
    io.out(
      `#${c.id}  ${c.createdAt.toISOString()}  post ${c.postId}${c.parentId ? ` (reply to #${c.parentId})` : ''}\n` +
        `    ${oneLine(c.authorName, 60)} <${c.authorEmail}>${c.authorUrl ? ` ${c.authorUrl}` : ''}${c.authorIp ? ` from ${c.authorIp}` : ''}\n` +
        `    ${oneLine(c.body, 200)}\n`,
    );
  }
}

async function commentsModerate(database: Database, action: ModerationAction, ids: string[], io: Output): Promise<void> {
  if (ids.length === 0) throw new UsageError(`comments ${action} needs at least one comment id`);
  const numbers = ids.map((id) => {
    const n = Number(id.replace(/^#/, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`"${id}" is not a comment id`);
    return n;
  });
  for (const id of numbers) {
    const comment = await moderateComment(database.db, id, action, 'cli', new Date());
    io.out(`Comment #${comment.id} is now ${comment.status}.\n`);
  }
}

async function usersCommand(database: Database, command: string, args: string[], siteUrl: string | undefined, io: Output): Promise<void> {
  if (command === 'list') {
    for (const u of await listAllUsers(database.db)) io.out(`#${u.id}  ${ROLE_NAMES[u.role].padEnd(13)}  ${u.displayName} <${u.email}>\n`);
    return;
  }
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'author' } },
    strict: true,
  });
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new UsageError('users add needs --email with an email address');
  const role = values.role;
  if (!isRole(role) || role === 'owner') throw new UsageError('--role must be administrator, editor, author or contributor');
  const name = values.name?.trim() || values.email.split('@')[0]!;
  const { user, token } = await inviteUser(database.db, { email: values.email, displayName: name, role: role as Exclude<Role, 'owner'> }, new Date());
  io.out(
    `Added ${user.displayName} <${user.email}> as ${ROLE_NAMES[user.role].toLowerCase()}.\n` +
      `Send them this link to choose a password (it works once, for 24 hours):\n  ${siteUrl ?? ''}/admin/setup/?token=${token}\n`,
  );
}

async function privacyCommand(database: Database, command: 'export' | 'erase', args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { yes: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const email = positionals[0];
  if (positionals.length !== 1 || !email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError(`privacy ${command} needs one email address`);
  if (command === 'export') {
    io.out(`${JSON.stringify(await exportCommenterData(database.db, email, new Date()), null, 2)}\n`);
    return;
  }
  if (!values.yes) throw new UsageError(`privacy erase removes ${email}'s comments' text and details for good; add --yes to go ahead`);
  const erased = await eraseCommenterData(database.db, email, 'cli', new Date());
  io.out(erased === 0 ? `No comments to erase for ${email}.\n` : `Erased ${erased} comment${erased === 1 ? '' : 's'} by ${email}; each now reads "Deleted comment".\n`);
}

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    io.out(USAGE);
    return 0;
  }
  let database: Database | undefined;
  try {
    if (group === 'migrate-db') return await migrateDb(argv.slice(1), io);
    if (group === 'backup') return await backupSite(argv.slice(1), env, io);
    if (group === 'restore') return await restoreSite(argv.slice(1), env, io);
    if (group === 'users') {
      if (command !== 'add' && command !== 'list') throw new UsageError(`Unknown command: ${argv.join(' ')}`);
      const config = loadConfig(env);
      database = createDb(config.database);
      await migrateToLatest(database);
      await usersCommand(database, command, rest, config.siteUrl, io);
      return 0;
    }
    if (group === 'privacy') {
      if (command !== 'export' && command !== 'erase') throw new UsageError(`Unknown command: ${argv.join(' ')}`);
      database = createDb(loadConfig(env).database);
      await migrateToLatest(database);
      await privacyCommand(database, command, rest, io);
      return 0;
    }
    if (group !== 'comments' || command === undefined) throw new UsageError(`Unknown command: ${argv.join(' ')}`);
    if (command !== 'list' && !isModerationAction(command)) throw new UsageError(`Unknown command: comments ${command}`);
    database = createDb(loadConfig(env).database);
    await migrateToLatest(database);
    if (command === 'list') await commentsList(database, rest, io);
    else await commentsModerate(database, command as ModerationAction, rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof MigrateDbUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 64;
    }
    if (error instanceof DomainError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}
