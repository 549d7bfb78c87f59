// The first step of `npm test`: the Debian packages the tests drive (a browser, database and web
// servers) must be there before anything else runs. As root on Debian it installs the missing
// ones with apt-get, saying which and why; otherwise it stops at once with the command that
// installs them, instead of letting a dozen test files fail one by one after the type check.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type PackageName = 'chromium' | 'postgresql' | 'nginx' | 'openssl' | 'systemd' | 'python3-feedparser';

/** Each package the tests need, and what for: said when it is missing. In the order apt-get is given them. */
export const TEST_PACKAGES: readonly { name: PackageName; why: string }[] = [
  { name: 'chromium', why: 'the browser tests drive /usr/bin/chromium' },
  {
    name: 'postgresql',
    why: 'the PostgreSQL run starts a throwaway server from its binaries (/usr/lib/postgresql/<version>/bin), as its `postgres` user when run as root',
  },
  { name: 'nginx', why: "a test serves the site through deploy/'s nginx site on loopback (/usr/sbin/nginx)" },
  { name: 'openssl', why: 'that test makes a self-signed certificate with /usr/bin/openssl' },
  { name: 'systemd', why: "a test checks deploy/'s unit with /usr/bin/systemd-analyze" },
  { name: 'python3-feedparser', why: 'the feed tests read every feed with feedparser, the library most feed readers are built on, under /usr/bin/python3' },
];

const POSTGRES_SERVER_ROOT = '/usr/lib/postgresql';
/** Where Debian's python3-feedparser puts the module for Debian's own Python. */
const FEEDPARSER_MODULE = '/usr/lib/python3/dist-packages/feedparser/__init__.py';
/** Waits for another apt-get or dpkg (an unattended upgrade, say) instead of failing on its lock. */
const APT_LOCK_TIMEOUT_S = 300;

/** What the machine has: each package's presence, who runs the tests, and whether apt-get is there. */
export interface Machine {
  has(name: PackageName): boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type Plan =
  | { action: 'go-on' }
  | { action: 'install'; packages: PackageName[] }
  | { action: 'stop'; packages: PackageName[]; reason: 'not-root' | 'no-apt-get' };

/** PostgreSQL is needed unless WIREPRESS_TEST_DATABASES leaves it out (scripts/run-tests.js reads the same). */
export function neededPackages(env: NodeJS.ProcessEnv): PackageName[] {
  const databases = env.WIREPRESS_TEST_DATABASES;
  const postgres = databases === undefined || databases.split(',').some((name) => name.trim() === 'postgres');
  return TEST_PACKAGES.map((p) => p.name).filter((name) => name !== 'postgresql' || postgres);
}

export function planPrerequisites(env: NodeJS.ProcessEnv, machine: Machine): Plan {
  const missing = neededPackages(env).filter((name) => !machine.has(name));
  if (missing.length === 0) return { action: 'go-on' };
  if (!machine.hasAptGet) return { action: 'stop', packages: missing, reason: 'no-apt-get' };
  if (!machine.isRoot) return { action: 'stop', packages: missing, reason: 'not-root' };
  return { action: 'install', packages: missing };
}

/** How the check talks and runs commands; the test gives its own. */
export interface Io {
  say(line: string): void;
  /** What went wrong and what to do about it (standard error). */
  complain(line: string): void;
  /** Runs a command with the output shown as it comes; returns its exit status. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv): number;
}

/** Makes sure the tests can run: true when they can (after an install if one was needed). */
export function ensureTestPrerequisites(env: NodeJS.ProcessEnv, machine: Machine, io: Io): boolean {
  const plan = planPrerequisites(env, machine);
  if (plan.action === 'go-on') return true;
  if (plan.action === 'stop') {
    io.complain(missingMessage(plan.packages));
    if (plan.reason === 'not-root') {
      io.complain(`Install them as root, then run the tests again:\n\n  sudo apt-get update && sudo apt-get install -y ${plan.packages.join(' ')}\n`);
    } else {
      io.complain(`There is no apt-get here to install them with: install them with this system's package manager, then run the tests again.\n`);
    }
    if (plan.packages.includes('postgresql')) io.complain('Or run the tests on SQLite alone: WIREPRESS_TEST_DATABASES=sqlite npm test\n');
    return false;
  }

  io.say(`${missingMessage(plan.packages)}Installing them with apt-get (running as root on Debian).\n`);
  // Nothing must wait for an answer: `npm test` runs unattended in CI. Debian starts PostgreSQL's
  // and nginx's system services where an init system runs (not in a container); the tests use
  // their own servers on free loopback ports, so those neither help nor get in the way.
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];
  const steps: [string, string[]][] = [
    ['apt-get', [...lock, 'update']],
    ['apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...plan.packages]],
  ];
  for (const [command, args] of steps) {
    io.say(`$ ${command} ${args.join(' ')}`);
    const status = io.run(command, args, aptEnv);
    if (status !== 0) {
      io.complain(`\n${command} ${args.join(' ')} failed (exit status ${status}); the tests need: ${plan.packages.join(', ')}.`);
      return false;
    }
  }
  const still = planPrerequisites(env, machine);
  if (still.action !== 'go-on') {
    io.complain(`\napt-get finished, but the tests still lack what these packages provide:\n${describe(still.packages)}`);
    return false;
  }
  io.say('');
  return true;
}

function missingMessage(packages: PackageName[]): string {
  return `The tests need Debian packages that are not installed:\n${describe(packages)}\n`;
}

function describe(packages: PackageName[]): string {
  return TEST_PACKAGES.filter((p) => packages.includes(p.name))
    .map((p) => `  ${p.name}: ${p.why}`)
    .join('\n');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Server binaries as scripts/postgres-cluster.js finds them (PG_BIN, or Debian's), and as root the user to run them as. */
function hasPostgresServer(env: NodeJS.ProcessEnv, isRoot: boolean): boolean {
  const binaries = env.PG_BIN
    ? isExecutable(join(env.PG_BIN, 'initdb'))
    : existsSync(POSTGRES_SERVER_ROOT) &&
      readdirSync(POSTGRES_SERVER_ROOT).some((version) => isExecutable(join(POSTGRES_SERVER_ROOT, version, 'bin', 'initdb')));
  return binaries && (!isRoot || userExists('postgres'));
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(':').some((dir) => dir !== '' && isExecutable(join(dir, command)));
}

/** This machine, looked at afresh on each question (after an install the answers change). */
export function thisMachine(env: NodeJS.ProcessEnv): Machine {
  const isRoot = process.getuid?.() === 0;
  const checks: Record<PackageName, () => boolean> = {
    chromium: () => isExecutable('/usr/bin/chromium'),
    postgresql: () => hasPostgresServer(env, isRoot),
    nginx: () => isExecutable('/usr/sbin/nginx'),
    openssl: () => isExecutable('/usr/bin/openssl'),
    systemd: () => isExecutable('/usr/bin/systemd-analyze'),
    'python3-feedparser': () => isExecutable('/usr/bin/python3') && existsSync(FEEDPARSER_MODULE),
  };
  return { has: (name) => checks[name](), isRoot, hasAptGet: onPath('apt-get', env) };
}

const consoleIo: Io = {
  say: (line) => console.log(line),
  complain: (line) => console.error(line),
  run: (command, args, env) => {
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    return result.status ?? 1;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!ensureTestPrerequisites(process.env, thisMachine(process.env), consoleIo)) process.exit(1);
}
