import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aComment, aPost } from '../../test/support/factories.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from '../../test/support/database.ts';
import { runWirepress } from '../../test/support/process.ts';
import { createDb, type Database } from '../storage/db.ts';
import { findComment } from '../storage/comments.ts';
import { listCommentEvents } from '../storage/comment-events.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { listUsers } from '../storage/users.ts';
import { completeSetup, login } from '../services/accounts.ts';
import { commandHelp } from './command.ts';
import { COMMANDS, runCli } from './main.ts';

describe('wirepress comments', () => {
  let place: TestDatabaseLocation;
  let env: Record<string, string>;
  let database: Database;
  let pending: number;
  let other: number;
  before(async () => {
    place = await createTestDatabaseLocation();
    env = { DATABASE_URL: place.url };
    database = createDb(place.location);
    await migrateToLatest(database);
    const post = await aPost(database.db);
    pending = await aComment(database.db, post.id, { status: 'pending', body: 'Please approve me', email: 'held@example.org', name: 'Hal' });
    other = await aComment(database.db, post.id, { status: 'pending', body: 'Second' });
    await aComment(database.db, post.id, { status: 'approved', body: 'Already public' });
  });
  after(async () => {
    await database.close();
    await place.drop();
  });

  it('lists pending comments with their author, email and text', async () => {
    const result = await runWirepress(['comments', 'list', '--status=pending'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`#${pending} `));
    assert.match(result.stdout, /Hal <held@example\.org>/);
    assert.match(result.stdout, /Please approve me/);
    assert.doesNotMatch(result.stdout, /Already public/);
  });

  it('lists as JSON for scripts', async () => {
    const result = await runWirepress(['comments', 'list', '--status', 'approved', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as Array<{ body: string; status: string }>;
    assert.deepEqual(
      rows.map((r) => [r.body, r.status]),
      [['Already public', 'approved']],
    );
  });

  it('approves, marks as spam and trashes by id, logging each decision', async () => {
    assert.equal((await runWirepress(['comments', 'approve', String(pending)], env)).code, 0);
    assert.equal((await findComment(database.db, pending))?.status, 'approved');
    assert.equal((await runWirepress(['comments', 'spam', String(other)], env)).code, 0);
    assert.equal((await findComment(database.db, other))?.status, 'spam');
    const trash = await runWirepress(['comments', 'trash', String(other)], env);
    assert.match(trash.stdout, new RegExp(`#${other} is now trash`));
    assert.deepEqual(
      (await listCommentEvents(database.db, other)).map((e) => [e.fromStatus, e.toStatus, e.actor]),
      [
        ['pending', 'spam', 'cli'],
        ['spam', 'trash', 'cli'],
      ],
    );
  });

  it('says what is wrong with a bad command, status or id', async () => {
    const unknown = await runWirepress(['comments', 'frobnicate', '1'], env);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /Unknown command/);
    const status = await runWirepress(['comments', 'list', '--status=deleted'], env);
    assert.equal(status.code, 64);
    assert.match(status.stderr, /--status must be one of/);
    const missing = await runWirepress(['comments', 'approve', '424242'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Comment 424242 not found/);
    const notNumber = await runWirepress(['comments', 'approve', 'abc'], env);
    assert.equal(notNumber.code, 64);
  });
});

describe('wirepress users', () => {
  let place: TestDatabaseLocation;
  let env: Record<string, string>;
  let database: Database;
  before(async () => {
    place = await createTestDatabaseLocation();
    env = { DATABASE_URL: place.url, SITE_URL: 'https://news.example.org' };
    database = createDb(place.location);
    await migrateToLatest(database);
  });
  after(async () => {
    await database.close();
    await place.drop();
  });

  it('adds a user and prints a one-time link with which they choose a password', async () => {
    const added = await runWirepress(['users', 'add', '--role', 'editor', '--email', 'Ed@Example.org', '--name', 'Ed Itor'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added Ed Itor <ed@example\.org> as editor\./);
    const link = added.stdout.match(/https:\/\/news\.example\.org\/admin\/setup\/\?token=([A-Za-z0-9_-]+)/);
    assert.ok(link, added.stdout);
    const user = (await listUsers(database.db)).find((u) => u.email === 'ed@example.org');
    assert.equal(user?.role, 'editor');
    // The invitation is mailed too: queued for the serving processes, with the same link.
    const queued = await database.db.selectFrom('outbox').select(['kind', 'recipient', 'body_text']).execute();
    assert.deepEqual(
      queued.map((m) => [m.kind, m.recipient]),
      [['invitation', 'ed@example.org']],
    );
    assert.ok(queued[0]?.body_text.includes(link[0]), 'the mail carries the printed link');
    assert.match(added.stdout, /An invitation is on its way to ed@example\.org/);
    await completeSetup(database.db, link[1]!, { displayName: 'Ed Itor', email: 'ed@example.org', password: 'a long enough password' }, new Date());
    const signedIn = await login(database.db, { email: 'ed@example.org', password: 'a long enough password', ip: '127.0.0.1', userAgent: null }, new Date());
    assert.equal(signedIn.kind, 'signed-in');
    const listed = await runWirepress(['users', 'list'], env);
    assert.match(listed.stdout, /Editor\s+Ed Itor <ed@example\.org>/);
  });

  it('refuses a taken email, a bad role and a missing email', async () => {
    const taken = await runWirepress(['users', 'add', '--email', 'ed@example.org'], env);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /already an account/);
    const owner = await runWirepress(['users', 'add', '--role', 'owner', '--email', 'o@example.org'], env);
    assert.equal(owner.code, 64);
    assert.match(owner.stderr, /--role must be/);
    assert.equal((await runWirepress(['users', 'add'], env)).code, 64);
    assert.equal((await listUsers(database.db)).length, 1);
  });
});

describe('wirepress --help', () => {
  /** Runs the command in this process, as bin/wirepress.js does, collecting what it prints. */
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    // A database that cannot be opened: help and a refused command line must not need one.
    const env = { DATABASE_URL: 'file:/nonexistent/wirepress/site.db' };
    const code = await runCli(argv, env, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  it('lists every command, with wirepress --help, -h, help and no arguments at all', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], []]) {
      const result = await run(argv);
      assert.equal(result.code, 0, argv.join(' '));
      for (const command of COMMANDS) assert.match(result.stdout, new RegExp(`^  ${command.name}\\b`, 'm'), `${argv.join(' ')} lists ${command.name}`);
    }
  });

  for (const command of COMMANDS) {
    it(`wirepress ${command.name} --help prints its usage and options, and exits 0 without opening the database`, async () => {
      for (const flag of ['--help', '-h']) {
        const result = await run([...command.name.split(' '), flag]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, '');
        assert.equal(result.stdout, commandHelp(command));
        assert.match(result.stdout, new RegExp(`^Usage: wirepress ${command.name}\\b`));
        for (const option of Object.keys(command.options)) assert.match(result.stdout, new RegExp(`^  --${option}\\b`, 'm'));
      }
      assert.deepEqual(await run(['help', ...command.name.split(' ')]), await run([...command.name.split(' '), '--help']));
    });

    it(`wirepress ${command.name} refuses an unknown option by name, pointing to --help`, async () => {
      const result = await run([...command.name.split(' '), '--no-such-option']);
      assert.equal(result.code, 64);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /Unknown option '--no-such-option'/);
      assert.match(result.stderr, new RegExp(`wirepress ${command.name} --help`));
    });
  }

  it('lists a group of commands with wirepress comments --help, and refuses an unknown command', async () => {
    const group = await run(['comments', '--help']);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /^ {2}comments list\b/m);
    assert.doesNotMatch(group.stdout, /users add/);
    const unknown = await run(['comments', 'frobnicate']);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /Unknown command: wirepress comments frobnicate\nRun 'wirepress --help'/);
  });

  it('answers --help and an unknown option the same as a real process, on the exit status too', async () => {
    const help = await runWirepress(['privacy', 'export', '--help'], {});
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: wirepress privacy export <email>/);
    const wrong = await runWirepress(['users', 'add', '--emial', 'a@example.org'], {});
    assert.equal(wrong.code, 64);
    assert.match(wrong.stderr, /Unknown option '--emial'.*\nRun 'wirepress users add --help' for its usage/);
  });
});
