import { loadConfig } from '../config.ts';
import { COMMENT_STATUSES, MODERATION_ACTIONS, type CommentStatus } from '../domain/comments.ts';
import { isRole, ROLE_NAMES, type Role } from '../domain/users.ts';
import { inviteUser } from '../services/accounts.ts';
import { exportCommenterData, eraseCommenterData } from '../services/privacy.ts';
import { listAllUsers } from '../services/users.ts';
import { listCommentsForModeration, moderateComment, type ModerationAction } from '../services/comments.ts';
import { createDb, type Database } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { BACKUP_COMMAND, RESTORE_COMMAND } from './backup.ts';
import { commandList, EXIT_USAGE, helpPointer, runCommand, UsageError, type CommandSpec, type OptionValues, type Output } from './command.ts';
import { MIGRATE_DB_COMMAND } from './migrate-db.ts';
import { EXPORT_WORDPRESS_COMMAND, IMPORT_WORDPRESS_COMMAND } from './wordpress.ts';

/** How many comments `comments list` prints unless told otherwise. */
const DEFAULT_LIST_LIMIT = 50;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Opens the site's database, brings its schema up to date, runs `work` on it and closes it. */
async function withSiteDatabase(env: Record<string, string | undefined>, work: (database: Database) => Promise<void>): Promise<number> {
  const database = createDb(loadConfig(env).database);
  try {
    await migrateToLatest(database);
    await work(database);
    return 0;
  } finally {
    await database.close();
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

async function commentsList(database: Database, values: OptionValues, io: Output): Promise<void> {
  const status = String(values.status);
  if (!COMMENT_STATUSES.includes(status as CommentStatus)) throw new UsageError(`--status must be one of ${COMMENT_STATUSES.join(', ')}`);
  const limit = values.limit === undefined ? DEFAULT_LIST_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const comments = await listCommentsForModeration(database.db, status as CommentStatus, limit);
  if (values.json) {
    io.out(`${JSON.stringify(comments, null, 2)}\n`);
    return;
  }
  if (comments.length === 0) {
    io.out(`No ${status} comments.\n`);
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

function commentIds(action: ModerationAction, ids: string[]): number[] {
  if (ids.length === 0) throw new UsageError(`comments ${action} needs at least one comment id`);
  return ids.map((id) => {
    const n = Number(id.replace(/^#/, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`"${id}" is not a comment id`);
    return n;
  });
}

async function commentsModerate(database: Database, action: ModerationAction, ids: number[], siteUrl: string | undefined, io: Output): Promise<void> {
  for (const id of ids) {
    // Mail a published comment causes is queued here and sent by the serving processes.
    const comment = await moderateComment(database.db, id, action, 'cli', new Date(), siteUrl ? { origin: siteUrl } : undefined);
    io.out(`Comment #${comment.id} is now ${comment.status}.\n`);
  }
}

async function usersAdd(database: Database, values: OptionValues, siteUrl: string | undefined, io: Output): Promise<void> {
  const email = typeof values.email === 'string' ? values.email : undefined;
  if (!email || !EMAIL.test(email)) throw new UsageError('users add needs --email with an email address');
  const role = values.role;
  if (!isRole(role) || role === 'owner') throw new UsageError('--role must be administrator, editor, author or contributor');
  const name = (typeof values.name === 'string' ? values.name.trim() : '') || email.split('@')[0]!;
  // With the site's address known, the invitation is also mailed: queued here, sent by the serving processes.
  const links = siteUrl ? { origin: siteUrl } : undefined;
  const { user, token } = await inviteUser(database.db, { email, displayName: name, role: role as Exclude<Role, 'owner'> }, new Date(), links);
  io.out(
    `Added ${user.displayName} <${user.email}> as ${ROLE_NAMES[user.role].toLowerCase()}.\n` +
      (links
        ? `An invitation is on its way to ${user.email}. The link it carries, if you would rather pass it on yourself`
        : 'Send them this link to choose a password') +
      ` (it works once, for 24 hours):\n  ${siteUrl ?? ''}/admin/setup/?token=${token}\n`,
  );
}

function oneEmail(command: string, positionals: string[]): string {
  const email = positionals[0];
  if (positionals.length !== 1 || !email || !EMAIL.test(email)) throw new UsageError(`privacy ${command} needs one email address`);
  return email;
}

/** What each moderation command does, for the help. */
const MODERATION_SUMMARIES: Record<ModerationAction, string> = {
  approve: 'Publish comments on their articles.',
  unapprove: 'Take published comments back to the queue.',
  spam: 'Mark comments as spam.',
  not_spam: 'Put comments marked as spam back where they were.',
  trash: 'Move comments to the trash.',
  restore: 'Take comments out of the trash, back where they were.',
};

/** Every command of `wirepress`: its parsing, its help and the list of commands are all made from this. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'comments list',
    summary: 'List comments, newest first.',
    options: {
      status: { type: 'string', value: 'status', default: 'pending', description: `which comments: ${COMMENT_STATUSES.join(', ')}` },
      limit: { type: 'string', value: 'N', default: String(DEFAULT_LIST_LIMIT), description: 'list at most N, from 1 to 10000' },
      json: { type: 'boolean', description: 'print them as JSON, for scripts' },
    },
    run: ({ values, env, io }) => withSiteDatabase(env, (database) => commentsList(database, values, io)),
  },
  ...MODERATION_ACTIONS.map(
    (action): CommandSpec => ({
      name: `comments ${action}`,
      args: '<id> [<id> ...]',
      summary: MODERATION_SUMMARIES[action],
      details: 'Each decision is logged, with "cli" as who made it.',
      options: {},
      run: ({ positionals, env, io }) => {
        const ids = commentIds(action, positionals);
        const config = loadConfig(env);
        return withSiteDatabase(env, (database) => commentsModerate(database, action, ids, config.siteUrl, io));
      },
    }),
  ),
  {
    name: 'users add',
    summary: 'Add a user, mail them an invitation and print its one-time link to choose their password.',
    details: 'The link works once, for 24 hours; SITE_URL sets its address. The site sends the mail (SMTP_URL, or .eml files) within half a minute.',
    options: {
      email: { type: 'string', value: 'email', required: true, description: 'the address they sign in with' },
      name: { type: 'string', value: 'name', description: "the name shown with their posts (default: the email's first part)" },
      role: { type: 'string', value: 'role', default: 'author', description: 'administrator, editor, author or contributor' },
    },
    run: ({ values, env, io }) => {
      const config = loadConfig(env);
      return withSiteDatabase(env, (database) => usersAdd(database, values, config.siteUrl, io));
    },
  },
  {
    name: 'users list',
    summary: 'List everyone who can sign in.',
    options: {},
    run: ({ env, io }) =>
      withSiteDatabase(env, async (database) => {
        for (const u of await listAllUsers(database.db)) io.out(`#${u.id}  ${ROLE_NAMES[u.role].padEnd(13)}  ${u.displayName} <${u.email}>\n`);
      }),
  },
  {
    name: 'privacy export',
    args: '<email>',
    summary: 'Print, as JSON, every comment written with an email address and all stored with it.',
    details: 'That is, for each comment: name, website, IP address, browser, text, post, dates and status.',
    options: {},
    run: ({ positionals, env, io }) => {
      const email = oneEmail('export', positionals);
      return withSiteDatabase(env, async (database) => io.out(`${JSON.stringify(await exportCommenterData(database.db, email, new Date()), null, 2)}\n`));
    },
  },
  {
    name: 'privacy erase',
    args: '<email>',
    summary: "Erase a commenter's comments; each stays in its thread as a deleted comment.",
    details: "Each comment's name, email, website, IP address, browser and text are removed for good.",
    options: { yes: { type: 'boolean', required: true, description: 'confirms the erasure, which cannot be undone' } },
    run: ({ values, positionals, env, io }) => {
      const email = oneEmail('erase', positionals);
      if (!values.yes) throw new UsageError(`privacy erase removes ${email}'s comments' text and details for good; add --yes to go ahead`);
      return withSiteDatabase(env, async (database) => {
        const erased = await eraseCommenterData(database.db, email, 'cli', new Date());
        io.out(
          erased === 0
            ? `No comments to erase for ${email}.\n`
            : `Erased ${erased} comment${erased === 1 ? '' : 's'} by ${email}; each now reads "Deleted comment".\n`,
        );
      });
    },
  },
  MIGRATE_DB_COMMAND,
  BACKUP_COMMAND,
  RESTORE_COMMAND,
  IMPORT_WORDPRESS_COMMAND,
  EXPORT_WORDPRESS_COMMAND,
];

const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));

/** The command named by the first words of `argv`, and the arguments after its name. */
function findCommand(argv: string[]): { command: CommandSpec; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h';

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  if (argv.length === 0 || isHelp(argv[0]) || (argv[0] === 'help' && argv.length === 1)) {
    io.out(commandList(COMMANDS));
    return 0;
  }
  // `wirepress help comments list` is `wirepress comments list --help`.
  if (argv[0] === 'help') return runCli([...argv.slice(1), '--help'], env, io);
  const found = findCommand(argv);
  if (!found) {
    const group = argv[0]!;
    if (GROUPS.has(group) && (argv.length === 1 || isHelp(argv[1]))) {
      if (argv.length === 1) {
        io.err(`wirepress ${group} needs a command.\n\n${commandList(COMMANDS, group)}`);
        return EXIT_USAGE;
      }
      io.out(commandList(COMMANDS, group));
      return 0;
    }
    const known = GROUPS.has(group) ? argv.slice(0, 2) : argv.slice(0, 1);
    io.err(`Unknown command: wirepress ${known.join(' ')}\n${helpPointer(undefined)}`);
    return EXIT_USAGE;
  }
  try {
    return await runCommand(found.command, found.rest, env, io);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
