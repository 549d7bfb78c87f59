import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './process.ts';

export const UNIT_FILE = join(ROOT, 'deploy', 'wirepress.service');
export const ENV_FILE = join(ROOT, 'deploy', 'wirepress.env');
export const NGINX_SITE_FILE = join(ROOT, 'deploy', 'nginx', 'wirepress.conf');

/** A systemd unit as section → key → values in order (a key may be given several times). */
export type Unit = Record<string, Record<string, string[]>>;

/** Reads a unit file the way systemd does for the parts this project writes: no line continuations. */
export function parseUnit(text: string): Unit {
  const unit: Unit = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = unit[header[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 0) throw new Error(`not a unit file line: ${line}`);
    (section[line.slice(0, eq).trim()] ??= []).push(line.slice(eq + 1).trim());
  }
  return unit;
}

/** The one value of a key, failing when it is missing or given twice. */
export function only(unit: Unit, section: string, key: string): string {
  const values = unit[section]?.[key] ?? [];
  if (values.length !== 1) throw new Error(`[${section}] ${key}= is given ${values.length} times, expected once`);
  return values[0]!;
}

/** KEY=value lines of an environment file, comments and blank lines left out. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`not a KEY=value line: ${line}`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export function readUnit(): Unit {
  return parseUnit(readFileSync(UNIT_FILE, 'utf8'));
}

/** The command line after `&&` in package.json's start script, as words, and its environment. */
export function npmStartCommand(): { env: Record<string, string>; argv: string[] } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const steps = pkg.scripts.start!.split('&&').map((step) => step.trim().split(/\s+/));
  const run = steps[steps.length - 1]!;
  const env: Record<string, string> = {};
  // VAR=${VAR:-default}: the default, which the caller's environment may override.
  while (/^[A-Z_]+=/.test(run[0]!)) {
    const [name, value] = run.shift()!.split(/=(.*)/s) as [string, string];
    env[name] = /^\$\{[A-Z_]+:-(.*)\}$/.exec(value)?.[1] ?? value;
  }
  return { env, argv: run };
}

/** A command a test needs from Debian: its path, or an error that says how to install it. */
export function requireCommand(path: string, aptPackage: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing; install it with: apt-get install -y --no-install-recommends ${aptPackage}`);
  }
  return path;
}
