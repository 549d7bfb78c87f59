import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureTestPrerequisites, TEST_PACKAGES, type Io, type PackageName } from './test-prerequisites.ts';

const ALL = TEST_PACKAGES.map((p) => p.name);

/** A machine with these packages, whose apt-get installs what it is asked for (unless told to fail). */
function fakeMachine(installed: PackageName[], options: { isRoot?: boolean; hasAptGet?: boolean; failing?: string; installs?: boolean } = {}) {
  const have = new Set(installed);
  const ran: { command: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  const said: string[] = [];
  const complained: string[] = [];
  const machine = { has: (name: PackageName) => have.has(name), isRoot: options.isRoot ?? true, hasAptGet: options.hasAptGet ?? true };
  const io: Io = {
    say: (line) => said.push(line),
    complain: (line) => complained.push(line),
    run: (command, args, env) => {
      ran.push({ command, args, env });
      if (options.failing && args.includes(options.failing)) return 100;
      if (args.includes('install') && options.installs !== false) {
        for (const name of args.filter((arg) => (ALL as string[]).includes(arg))) have.add(name as PackageName);
      }
      return 0;
    },
  };
  return { machine, io, ran, said: () => said.join('\n'), complained: () => complained.join('\n') };
}

describe('the test prerequisites', () => {
  it('go on without a word or a command when every package is there', () => {
    const m = fakeMachine(ALL);
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), true);
    assert.deepEqual(m.ran, []);
    assert.equal(m.said() + m.complained(), '');
  });

  it('as root on Debian, install the missing packages without questions, saying which and why', () => {
    const m = fakeMachine(['postgresql', 'openssl', 'systemd', 'python3-feedparser']);
    assert.equal(ensureTestPrerequisites({ PATH: '/usr/bin' }, m.machine, m.io), true);
    assert.deepEqual(
      m.ran.map((r) => [r.command, r.args.filter((arg) => !arg.startsWith('DPkg::') && arg !== '-o')]),
      [
        ['apt-get', ['update']],
        ['apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'nginx']],
      ],
    );
    for (const run of m.ran) {
      assert.equal(run.env.DEBIAN_FRONTEND, 'noninteractive');
      assert.equal(run.env.PATH, '/usr/bin', 'the rest of the environment is kept');
    }
    assert.match(m.said(), /chromium: the browser tests drive \/usr\/bin\/chromium/);
    assert.match(m.said(), /nginx: a test serves the site through deploy\/'s nginx site/);
    assert.doesNotMatch(m.said(), /postgresql:/, 'only what is missing is named');
    assert.equal(m.complained(), '');
  });

  it('as another user, stop before running anything, with the one command that installs what is missing', () => {
    const m = fakeMachine(['chromium', 'postgresql', 'openssl', 'systemd', 'python3-feedparser'], { isRoot: false });
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), false);
    assert.deepEqual(m.ran, []);
    assert.match(m.complained(), /nginx: a test serves the site/);
    assert.match(m.complained(), /\n {2}sudo apt-get update && sudo apt-get install -y nginx\n/);
    assert.doesNotMatch(m.complained(), /SQLite/, 'PostgreSQL is there: no need to mention the SQLite-only run');
  });

  it('name every missing package in that command, and offer the SQLite-only run when PostgreSQL is missing', () => {
    const m = fakeMachine([], { isRoot: false });
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), false);
    assert.match(m.complained(), /sudo apt-get install -y chromium postgresql nginx openssl systemd python3-feedparser\n/);
    assert.match(m.complained(), /WIREPRESS_TEST_DATABASES=sqlite npm test/);
  });

  it('need no PostgreSQL when WIREPRESS_TEST_DATABASES leaves it out', () => {
    const withoutPostgres = ALL.filter((name) => name !== 'postgresql');
    const sqlite = fakeMachine(withoutPostgres, { isRoot: false });
    assert.equal(ensureTestPrerequisites({ WIREPRESS_TEST_DATABASES: 'sqlite' }, sqlite.machine, sqlite.io), true);

    for (const databases of ['postgres', 'sqlite, postgres']) {
      const m = fakeMachine(withoutPostgres, { isRoot: false });
      assert.equal(ensureTestPrerequisites({ WIREPRESS_TEST_DATABASES: databases }, m.machine, m.io), false, databases);
      assert.match(m.complained(), /install -y postgresql\n/);
    }
  });

  it('stop with the failure when apt-get fails, and install nothing after a failed update', () => {
    const m = fakeMachine(['postgresql', 'openssl', 'systemd', 'python3-feedparser'], { failing: 'update' });
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), false);
    assert.equal(m.ran.length, 1);
    assert.match(m.complained(), /apt-get .*update failed \(exit status 100\); the tests need: chromium, nginx\./);
  });

  it('stop when the install ends well but the machine still lacks what the tests look for', () => {
    // postgresql installed, say, with its `postgres` user removed since: apt-get does nothing.
    const m = fakeMachine(['chromium', 'nginx', 'openssl', 'systemd'], { installs: false });
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), false);
    assert.equal(m.ran.length, 2);
    assert.match(m.complained(), /still lack what these packages provide:\n {2}postgresql: /);
  });

  it('stop without apt-get, even as root, saying to use the system package manager', () => {
    const m = fakeMachine(['postgresql', 'openssl', 'systemd'], { hasAptGet: false });
    assert.equal(ensureTestPrerequisites({}, m.machine, m.io), false);
    assert.deepEqual(m.ran, []);
    assert.match(m.complained(), /no apt-get here/);
    assert.match(m.complained(), /chromium: /);
  });
});
