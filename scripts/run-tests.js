#!/usr/bin/env node
// Runs every *.test.ts / *.test.tsx under src/, test/ and scripts/ with Node's test runner (TypeScript
// through tsx), once per database: on SQLite, then on a temporary PostgreSQL server that is
// removed afterwards. WIREPRESS_TEST_DATABASES=sqlite (or postgres, or both comma-separated)
// runs only those backends; arguments keep only the test files whose path contains one of them.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgresCluster } from './postgres-cluster.js';

const BACKENDS = ['sqlite', 'postgres'];
/** After Ctrl-C, how long a test run gets to wind down before it is killed. */
const INTERRUPT_GRACE_MS = 10_000;

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The test run in progress, and the signal that interrupted this script, if one did. */
let suite;
let interruptedBy;

function runSuite(files, env) {
  // Two files at a time: the machine this runs on in CI has two cores.
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
    // Its own process group, so that a Ctrl-C reaches every test process once, through
    // interrupt(), and the database server is stopped only after they have ended. Nothing reads
    // the terminal, and a background process group must not.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  suite = child;
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`Cannot start the test run: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      suite = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function signalSuite(signal) {
  if (!suite) return;
  try {
    process.kill(-suite.pid, signal);
  } catch {
    // Already gone.
  }
}

function interrupt(signal) {
  // Under `npm test` a Ctrl-C arrives twice (from the terminal and from npm): pass it on once.
  if (interruptedBy) return;
  interruptedBy = signal;
  signalSuite(signal);
  setTimeout(() => signalSuite('SIGKILL'), INTERRUPT_GRACE_MS).unref();
}

const filter = process.argv.slice(2);
const files = ['src', 'test', 'scripts']
  .flatMap(findTests)
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const backends = (process.env.WIREPRESS_TEST_DATABASES ?? BACKENDS.join(','))
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const unknown = backends.filter((b) => !BACKENDS.includes(b));
if (backends.length === 0 || unknown.length > 0) {
  console.error(`WIREPRESS_TEST_DATABASES must list some of: ${BACKENDS.join(', ')} (got "${process.env.WIREPRESS_TEST_DATABASES}").`);
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, interrupt);
const failed = [];

if (backends.includes('sqlite') && !interruptedBy) {
  console.log('\n## Tests on SQLite\n');
  if ((await runSuite(files, { WIREPRESS_TEST_DATABASE: 'sqlite' })) !== 0) failed.push('SQLite');
}
if (backends.includes('postgres') && !interruptedBy) {
  let cluster;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    if (!interruptedBy) console.error(`\nCannot start PostgreSQL for the tests: ${error.message}`);
    failed.push('PostgreSQL (the server did not start)');
  }
  if (cluster) {
    try {
      if (!interruptedBy) {
        console.log(`\n## Tests on PostgreSQL ${cluster.version}\n`);
        const env = { WIREPRESS_TEST_DATABASE: 'postgres', WIREPRESS_TEST_POSTGRES_URL: cluster.url };
        if ((await runSuite(files, env)) !== 0) failed.push('PostgreSQL');
      }
    } finally {
      await cluster.stop();
    }
  }
}

if (interruptedBy) {
  console.error(`\nTests interrupted (${interruptedBy}).`);
  // End as the signal would have, so that a calling shell or npm stops too.
  process.removeAllListeners(interruptedBy);
  process.kill(process.pid, interruptedBy);
} else if (failed.length > 0) {
  console.error(`\nTests failed on: ${failed.join(', ')}`);
  process.exit(1);
} else {
  console.log(`\nAll tests passed on: ${backends.join(', ')}`);
}
