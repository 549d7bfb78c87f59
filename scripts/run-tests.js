#!/usr/bin/env node
// Runs every *.test.ts / *.test.tsx under src/ and test/ with Node's test runner, TypeScript through tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
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
// Two files at a time: the machine this runs on in CI has two cores.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
