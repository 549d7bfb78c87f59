// A throwaway PostgreSQL server for the test suite, from Debian's server binaries
// (/usr/lib/postgresql/<version>/bin): a fresh cluster in a temp folder, listening on a free
// loopback port only, and gone again after stop(), on exit, or on Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEBIAN_SERVER_ROOT = '/usr/lib/postgresql';
/** The oldest server Wirepress supports (README: PostgreSQL 15+). */
const MIN_MAJOR_VERSION = 15;
const SERVER_TOOLS = ['initdb', 'pg_ctl', 'postgres'];
const INSTALL_HINT =
  'Install it with: apt-get update && apt-get install -y postgresql ' +
  '(`npm test` does this when run as root), or set PG_BIN to a folder holding initdb, pg_ctl and postgres.';
/** initdb --no-sync takes a second or two; a minute leaves room for a slow, busy CI machine. */
const INITDB_TIMEOUT_MS = 60_000;
/** How long pg_ctl waits for the new server to accept connections. */
const START_TIMEOUT_S = 30;
/** A fast shutdown of a test server takes well under a second; this bounds a stuck one. */
const STOP_TIMEOUT_S = 15;
/** Beyond pg_ctl's own timeout, before the tool itself is killed. */
const TOOL_TIMEOUT_MARGIN_MS = 5_000;
/** A free port can be taken by another process before the server binds it; try again that often. */
const START_ATTEMPTS = 3;
/** A Unix socket path must fit sockaddr_un.sun_path (108 bytes on Linux, with its NUL). */
const MAX_SOCKET_PATH_LENGTH = 107;
const SOCKET_FILE_NAME = '.s.PGSQL.65535';

/**
 * Starts a new PostgreSQL server for one test run. `url` connects as the superuser `postgres`
 * (trust authentication, loopback only); `stop()` shuts the server down and deletes its files.
 * @returns {Promise<{ url: string, version: string, port: number, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startPostgresCluster() {
  const bin = findServerBinaries();
  const user = serverUser();
  const version = await serverVersion(bin);
  const dataDir = mkdtempSync(join(tmpdir(), 'wirepress-pg-'));
  const tools = { bin, user, running: new Set() };

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopNow);
    for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
    for (const pid of tools.running) killGroup(pid);
    shutDownServer(tools, dataDir);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const onSignal = (signal) => {
    stopNow();
    // With no one else listening (the test runner does), end the process as the signal would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', stopNow);
  for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal);

  try {
    // mkdtemp made it 0700; initdb and the server run as `postgres`, so it has to be theirs.
    if (user) chownSync(dataDir, user.uid, user.gid);
    await initCluster(tools, dataDir);
    const port = await startServer(tools, dataDir);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      version,
      port,
      dataDir,
      // Synchronous inside, so that the 'exit' handler can run the same code.
      stop: async () => stopNow(),
    };
  } catch (error) {
    stopNow();
    throw error;
  }
}

const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function findServerBinaries() {
  const complete = (dir) => SERVER_TOOLS.every((tool) => existsSync(join(dir, tool)));
  if (process.env.PG_BIN) {
    if (!complete(process.env.PG_BIN)) {
      throw new Error(`PG_BIN=${process.env.PG_BIN} does not hold ${SERVER_TOOLS.join(', ')}. ${INSTALL_HINT}`);
    }
    return process.env.PG_BIN;
  }
  const versions = existsSync(DEBIAN_SERVER_ROOT)
    ? readdirSync(DEBIAN_SERVER_ROOT)
        .filter((name) => /^\d+(\.\d+)?$/.test(name) && Number(name) >= MIN_MAJOR_VERSION)
        .filter((name) => complete(join(DEBIAN_SERVER_ROOT, name, 'bin')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `No PostgreSQL ${MIN_MAJOR_VERSION}+ server binaries (${SERVER_TOOLS.join(', ')}) under ${DEBIAN_SERVER_ROOT}/<version>/bin. ${INSTALL_HINT}`,
    );
  }
  return join(DEBIAN_SERVER_ROOT, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root; as root, its tools run as Debian's `postgres` system user. */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', timeout: 5_000 }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`PostgreSQL will not run as root, and there is no \`postgres\` system user to run it as. ${INSTALL_HINT}`);
  }
}

async function serverVersion(bin) {
  // --version is answered before the server's refusal to run as root.
  const result = await runTool({ bin, running: new Set() }, 'postgres', ['--version'], 10_000);
  const match = /\(PostgreSQL\)\s+(\S+)/.exec(result.output);
  if (!result.ok || !match) throw new Error(`${join(bin, 'postgres')} --version failed (${result.status}): ${result.output}`);
  return match[1];
}

async function initCluster(tools, dataDir) {
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'];
  let result = await runTool(tools, 'initdb', [...args, '--locale=C.UTF-8'], INITDB_TIMEOUT_MS);
  // Not every system has C.UTF-8; initdb checks the locale before it writes anything.
  if (!result.ok && /locale/i.test(result.output)) {
    result = await runTool(tools, 'initdb', [...args, '--locale=C'], INITDB_TIMEOUT_MS);
  }
  if (!result.ok) {
    const hint = /permission denied/i.test(result.output)
      ? `\nThe postgres user must be able to enter ${tmpdir()}; point TMPDIR at a folder it can reach, such as /tmp.`
      : '';
    throw new Error(`initdb failed (${result.status}): ${result.output}${hint}`);
  }
}

async function startServer(tools, dataDir) {
  const log = join(dataDir, 'server.log');
  // The socket lives in the data folder, so nothing needs /var/run/postgresql; the URL uses TCP.
  const socketDir = join(dataDir, SOCKET_FILE_NAME).length <= MAX_SOCKET_PATH_LENGTH ? dataDir : '';
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const options = [
      `-p ${port}`,
      `-k ${shellQuote(socketDir)}`,
      '-c listen_addresses=127.0.0.1',
      // The cluster lives for one test run: durability only costs time.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      // Test files run in parallel, each with its own pools and sometimes several app processes.
      '-c max_connections=200',
    ].join(' ');
    const result = await runTool(
      tools,
      'pg_ctl',
      ['-D', dataDir, '-o', options, '-l', log, '-w', '-t', String(START_TIMEOUT_S), 'start'],
      START_TIMEOUT_S * 1000 + TOOL_TIMEOUT_MARGIN_MS,
    );
    if (result.ok) return port;
    const serverLog = readTail(log);
    if (attempt < START_ATTEMPTS && /could not bind|address already in use/i.test(serverLog)) continue;
    throw new Error(`pg_ctl start failed (${result.status}): ${result.output}\nServer log:\n${serverLog}`);
  }
}

/** Stops the server if it runs: a fast shutdown, then an immediate one, then SIGKILL. */
function shutDownServer(tools, dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  for (const mode of ['fast', 'immediate']) {
    const result = runToolSync(tools, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', String(STOP_TIMEOUT_S), 'stop']);
    if (result.ok || !existsSync(pidFile)) return;
    process.stderr.write(`pg_ctl stop -m ${mode} failed (${result.status}): ${result.output}\n`);
  }
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  // Only a process that is still a postgres server: a stale pid may belong to something else now.
  if (pid > 0 && readProcessName(pid) === 'postgres') {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function readProcessName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Runs one of the server's tools, as `postgres` when we are root; kills it after timeoutMs. */
function runTool(tools, tool, args, timeoutMs) {
  const [command, argv] = commandLine(tools, tool, args);
  return new Promise((resolve) => {
    // Its own process group, so that a timeout or Ctrl-C ends runuser and the tool together.
    const child = spawn(command, argv, { cwd: '/', detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    tools.running.add(child.pid);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => killGroup(child.pid), timeoutMs);
    const finish = (ok, status) => {
      clearTimeout(timer);
      tools.running.delete(child.pid);
      resolve({ ok, status, output: output.trim() });
    };
    child.once('error', (error) => finish(false, error.message));
    child.once('close', (code, signal) => finish(code === 0, signal ? `${signal}${signal === 'SIGKILL' ? `, after ${timeoutMs} ms` : ''}` : code));
  });
}

function runToolSync(tools, tool, args) {
  const [command, argv] = commandLine(tools, tool, args);
  const result = spawnSync(command, argv, {
    cwd: '/',
    encoding: 'utf8',
    timeout: STOP_TIMEOUT_S * 1000 + TOOL_TIMEOUT_MARGIN_MS,
    killSignal: 'SIGKILL',
  });
  return {
    ok: result.status === 0,
    status: result.error?.message ?? result.status ?? result.signal,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim(),
  };
}

function commandLine({ bin, user }, tool, args) {
  const file = join(bin, tool);
  if (!user) return [file, args];
  // util-linux's runuser is in every Debian; su is the fallback elsewhere.
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path));
  if (runuser) return [runuser, ['-u', 'postgres', '--', file, ...args]];
  return ['su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')]];
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** pg_ctl hands -o to /bin/sh. */
function shellQuote(value) {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function readTail(path, chars = 4_000) {
  try {
    return readFileSync(path, 'utf8').slice(-chars).trim();
  } catch {
    return '(no server log)';
  }
}
