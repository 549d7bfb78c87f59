import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { ENV_FILE, NGINX_SITE_FILE, npmStartCommand, only, parseEnvFile, readUnit, requireCommand, UNIT_FILE } from './support/deploy.ts';
import { FROM_SOURCES, ROOT } from './support/process.ts';

const unit = readUnit();
const mainSource = readFileSync(join(ROOT, 'src', 'main.ts'), 'utf8');

/** A number constant of src/main.ts (main.ts starts the server when imported, so it is read as text). */
function mainConstant(name: string): number {
  const found = new RegExp(`const ${name} = ([\\d_]+);`).exec(mainSource);
  if (!found) throw new Error(`src/main.ts no longer declares ${name}`);
  return Number(found[1]!.replaceAll('_', ''));
}

describe('deploy/wirepress.service', () => {
  it('runs the bundle with the Node flags and environment of `npm start`', () => {
    const start = npmStartCommand();
    const exec = only(unit, 'Service', 'ExecStart').split(/\s+/);
    assert.equal(start.argv[0], 'node');
    assert.equal(exec[0], '/usr/bin/node');
    assert.deepEqual(exec.slice(1), start.argv.slice(1), "ExecStart= and package.json's start script differ");
    const environment = Object.fromEntries((unit.Service!.Environment ?? []).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    assert.deepEqual(environment, start.env);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(only(unit, 'Service', 'ExecStartPre'), `/usr/bin/${pkg.scripts.build}`, 'the bundle is checked before each start');
  });

  it('stops with the signal the server handles, after its own grace period, and does not restart a configuration error', () => {
    assert.equal(only(unit, 'Service', 'KillSignal'), 'SIGTERM');
    assert.ok(mainSource.includes("process.on('SIGTERM'"), 'src/main.ts handles SIGTERM');
    // The main process with workers waits one second longer than each worker.
    const graceMs = mainConstant('SHUTDOWN_GRACE_MS') + 1_000;
    assert.ok(Number(only(unit, 'Service', 'TimeoutStopSec')) * 1000 > graceMs, `TimeoutStopSec= must exceed ${graceMs} ms`);
    assert.equal(only(unit, 'Service', 'Restart'), 'on-failure');
    const badConfig = spawnSync(process.execPath, FROM_SOURCES, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.match(badConfig.stderr, /PORT/);
    assert.equal(String(badConfig.status), only(unit, 'Service', 'RestartPreventExitStatus'));
  });

  it('runs unprivileged, writing only its state directory, where the example configuration keeps the database', () => {
    assert.equal(only(unit, 'Service', 'User'), 'wirepress');
    assert.equal(only(unit, 'Service', 'NoNewPrivileges'), 'yes');
    assert.equal(only(unit, 'Service', 'ProtectSystem'), 'strict');
    assert.equal(only(unit, 'Service', 'PrivateTmp'), 'yes');
    assert.equal(only(unit, 'Service', 'CapabilityBoundingSet'), '');
    const config = loadConfig(parseEnvFile(readFileSync(ENV_FILE, 'utf8')));
    assert.deepEqual(config.database, { kind: 'sqlite', path: `/var/lib/${only(unit, 'Service', 'StateDirectory')}/site.db` });
    assert.equal(only(unit, 'Service', 'EnvironmentFile'), '/etc/wirepress/env');
  });

  it('has an example configuration the app accepts, listening where the nginx site sends requests and trusting it', () => {
    const env = parseEnvFile(readFileSync(ENV_FILE, 'utf8'));
    const commented = [...readFileSync(ENV_FILE, 'utf8').matchAll(/^#([A-Z_]+)=/gm)].map((m) => m[1]!);
    const known = new Set([...readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8').matchAll(/^ {2}([A-Z_]+): z\b/gm)].map((m) => m[1]!));
    assert.deepEqual(
      [...Object.keys(env), ...commented].filter((name) => !known.has(name)),
      [],
      'variables src/config.ts does not read',
    );
    const config = loadConfig(env);
    const upstream = /upstream wirepress \{\s*server ([^;\s]+);/.exec(readFileSync(NGINX_SITE_FILE, 'utf8'))?.[1];
    assert.equal(upstream, `${config.host}:${config.port}`);
    assert.deepEqual(config.trustedProxies, [config.host], 'nginx connects from loopback and must be believed');
    assert.match(config.siteUrl ?? '', /^https:\/\//, 'an https SITE_URL, so that the app sends Strict-Transport-Security');
  });

  it('passes `systemd-analyze verify` without a warning', () => {
    const analyze = requireCommand('/usr/bin/systemd-analyze', 'systemd');
    const verify = spawnSync(analyze, ['verify', UNIT_FILE], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(verify.status, 0, verify.stderr);
    // Unknown keys and bad values are warnings only: the status stays 0.
    assert.equal(`${verify.stdout}${verify.stderr}`.trim(), '');
  });
});
