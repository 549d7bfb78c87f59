#!/usr/bin/env node
// Runs every *.test.ts / *.test.tsx under src/ and test/ with Node's test runner (TypeScript
// through tsx), once per database: on SQLite, then on a temporary PostgreSQL server.
// WIREPRESS_TEST_DATABASES=sqlite (or postgres) runs one backend only; arguments filter files.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgresServer } from './pg-test-server.js';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function runSuite(files, env) {
  // Two files at a time: the machine this runs on in CI has two cores.
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const filter = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap(findTests)
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const backends = (process.env.WIREPRESS_TEST_DATABASES ?? 'sqlite,postgres').split(',').map((b) => b.trim());
const failed = [];

if (backends.includes('sqlite')) {
  console.log('\n## Tests on SQLite\n');
  if ((await runSuite(files, { WIREPRESS_TEST_DATABASE: 'sqlite' })) !== 0) failed.push('SQLite');
}
if (backends.includes('postgres')) {
  let server;
  try {
    server = await startPostgresServer();
  } catch (error) {
    console.error(`\nCannot start PostgreSQL for the tests: ${error.message}`);
    failed.push('PostgreSQL (server did not start)');
  }
  if (server) {
    try {
      console.log(`\n## Tests on PostgreSQL ${server.version}\n`);
      const code = await runSuite(files, { WIREPRESS_TEST_DATABASE: 'postgres', WIREPRESS_TEST_POSTGRES_URL: server.url });
      if (code !== 0) failed.push('PostgreSQL');
    } finally {
      server.stop();
    }
  }
}
if (failed.length > 0) {
  console.error(`\nTests failed on: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nAll tests passed on: ${backends.join(', ')}`);
