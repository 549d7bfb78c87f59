#!/usr/bin/env node
// Runs the whole test suite (`npm test`) on other Node.js releases than the one at hand, by
// default the current LTS lines 22 and 24: `npm run test:node-versions [-- --node=22,24]
// [path-part ...]`. For each, it takes that Node from the npm registry (the
// node-<platform>-<arch> package: the binary and its C headers), copies the project to a temporary
// folder without node_modules, installs it there with `npm ci` under that Node, which builds
// better-sqlite3 for its ABI (a native module built for one Node does not load in another), and
// runs `npm test` there. The copies are removed afterwards; the working tree is not touched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The LTS lines operators are told to run (README); 20 is the one CI runs `npm test` on. */
const DEFAULT_MAJORS = ['22', '24'];
/** Built, installed or written at run time: each copy makes its own. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'data', '.git']);

const args = process.argv.slice(2);
const nodeOption = args.find((arg) => arg.startsWith('--node='));
const majors = nodeOption ? nodeOption.slice('--node='.length).split(',').filter(Boolean) : DEFAULT_MAJORS;
const pathParts = args.filter((arg) => arg !== nodeOption);
if (majors.length === 0 || majors.some((major) => !/^\d+(\.\d+){0,2}$/.test(major))) {
  console.error(`--node takes Node.js versions separated by commas, such as --node=22,24 (got "${nodeOption}").`);
  process.exit(1);
}
// The npm that runs this script (npm run sets npm_execpath) runs under each Node in turn; run
// directly, the `npm` on PATH does, since its first line finds `node` on PATH.
const npmCli = process.env.npm_execpath;
const npmCommand = (node, npmArgs) => (npmCli ? [node, [npmCli, ...npmArgs]] : ['npm', npmArgs]);

let interruptedBy;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // The running step gets the signal too and ends; then the copies are removed.
  process.on(signal, () => (interruptedBy ??= signal));
}

const work = mkdtempSync(join(tmpdir(), 'wirepress-node-versions-'));
const results = [];
try {
  for (const major of majors) {
    if (interruptedBy) break;
    results.push(testOn(major));
  }
} finally {
  rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}

console.log('\n## Node.js versions\n');
for (const { major, version, outcome } of results) console.log(`Node ${version ?? major}: ${outcome}`);
if (interruptedBy) {
  process.removeAllListeners(interruptedBy);
  process.kill(process.pid, interruptedBy);
}
process.exit(results.every((r) => r.outcome === 'passed') ? 0 : 1);

/** Fetches Node `major`, installs a copy of the project with it and runs `npm test` there. */
function testOn(major) {
  console.log(`\n# Node.js ${major}\n`);
  const nodeDir = fetchNode(major);
  if (!nodeDir) return { major, outcome: 'could not be fetched from the npm registry' };
  const node = join(nodeDir, 'bin', 'node');
  const version = run(node, ['--version'], { capture: true }).output.trim();

  const project = join(work, `project-${version}`);
  cpSync(ROOT, project, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(basename(source)) || relative(ROOT, source).includes('/'),
  });
  const env = {
    ...process.env,
    // Scripts that npm runs (node-gyp, the tests) call `node`: this one.
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    // A native module without a prebuilt binary for this Node compiles against its headers, which
    // the package ships, rather than against a nodedir set for the machine's own Node.
    npm_config_nodedir: nodeDir,
  };
  const npm = (npmArgs) => run(...npmCommand(node, npmArgs), { cwd: project, env }).status;
  if (npm(['ci', '--no-audit', '--no-fund']) !== 0) return { major, version, outcome: 'npm ci failed' };
  if (interruptedBy) return { major, version, outcome: `interrupted (${interruptedBy})` };
  const status = npm(['test', ...(pathParts.length > 0 ? ['--', ...pathParts] : [])]);
  if (interruptedBy) return { major, version, outcome: `interrupted (${interruptedBy})` };
  return { major, version, outcome: status === 0 ? 'passed' : 'failed' };
}

/** Node `major` for this platform from the npm registry, unpacked; undefined when it cannot be had. */
function fetchNode(major) {
  const name = `node-${process.platform}-${process.arch}`;
  const downloads = join(work, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const packed = run(...npmCommand(process.execPath, ['pack', `${name}@${major}`, '--pack-destination', downloads, '--json']), {
    capture: true,
  });
  if (packed.status !== 0) {
    console.error(`npm pack ${name}@${major} failed: ${packed.output}`);
    return undefined;
  }
  const [{ filename, version }] = JSON.parse(packed.output);
  const nodeDir = join(work, `node-v${version}`);
  mkdirSync(nodeDir);
  if (run('tar', ['-xzf', join(downloads, filename), '-C', nodeDir, '--strip-components=1']).status !== 0) return undefined;
  if (!existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
    console.error(`${name}@${version} has no C headers: a native module could not be built for it.`);
  }
  return nodeDir;
}

function run(command, commandArgs, { cwd = ROOT, env = process.env, capture = false } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return { status: result.status ?? 1, output: result.stdout ?? '' };
}
