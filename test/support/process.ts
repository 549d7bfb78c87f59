import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningSite {
  child: ChildProcess;
  url: string;
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** The server run from its TypeScript sources, as the tests run everything. */
export const FROM_SOURCES = ['--import', 'tsx', 'src/main.ts'];
/** The server as `npm start` runs it (the same flags as package.json), from the bundle scripts/build.js writes. */
export const FROM_BUNDLE = ['--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size=256', 'dist/main.js'];

/** Starts the server as a real process and waits for its "listening" line. */
export async function startSite(env: Record<string, string>, timeoutMs = 20_000, args = FROM_SOURCES): Promise<RunningSite> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  child.once('exit', (_code, signal) => {
    if (signal) stderr.push(`killed by ${signal}`);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the site did not start within ${timeoutMs} ms: ${stderr.join('\n')}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      if (parsed.msg === 'listening') {
        clearTimeout(timer);
        resolve(String(parsed.url));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the site exited with ${code} before listening: ${stderr.join('\n')}`));
    });
  });
  return { child, url, lines, stderr, exited };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/wirepress.js as an operator would. */
export function runWirepress(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/wirepress.js', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
