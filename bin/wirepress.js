#!/usr/bin/env node
// The `wirepress` command. TypeScript sources run through tsx, as the tests do; a command runs
// once and briefly, so it is not worth a build step (`npm start` runs the bundle in dist/).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
});
process.exitCode = code;
