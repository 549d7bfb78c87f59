// Child process handling for the benchmark: start servers, wait until they
// listen, read their memory from /proc, and make sure none outlive the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
}

export interface StartOptions {
  readonly name: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /**
   * How readiness is detected. `announce`: stdout is piped and parsed for the
   * JSON `listening` line (otherwise stdout goes to /dev/null). `pollUrl`:
   * the URL is polled over HTTP until it answers. With both, whichever
   * comes first wins; at least one is required.
   */
  readonly ready: { readonly announce: boolean; readonly pollUrl?: string };
  /** A file descriptor the child writes its stdout to; then readiness is by polling only. */
  readonly stdoutFd?: number;
}

const live = new Set<ChildProcess>();
const STDERR_TAIL = 4000;

/** Remember a child so killAllNow() can reach it. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** SIGKILL every child still running. Synchronous, so safe in an 'exit' handler. */
export function killAllNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

export async function startServer(opts: StartOptions): Promise<ServerProcess> {
  const child = track(
    spawn(process.execPath, [...opts.args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', opts.stdoutFd ?? (opts.ready.announce ? 'pipe' : 'ignore'), 'pipe'],
    }),
  );

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });

  const fail = (why: string): Error => new Error(`${opts.name}: ${why}${stderr ? `\n--- stderr (tail) ---\n${stderr}` : ''}`);

  try {
    const polling = new AbortController();
    const waits: Promise<string>[] = [];
    if (opts.ready.announce && opts.stdoutFd === undefined) waits.push(waitForAnnounce(child));
    if (opts.ready.pollUrl !== undefined) waits.push(waitForPoll(child, opts.ready.pollUrl, polling.signal));
    if (waits.length === 0) throw new Error('no readiness check configured');
    const url = await withTimeout(Promise.race(waits), opts.timeoutMs, `not listening after ${opts.timeoutMs} ms`).finally(() => polling.abort());
    if (child.pid === undefined) throw new Error('no pid');
    return { name: opts.name, child, pid: child.pid, url: loopbackUrl(url) };
  } catch (err) {
    await stopServer(child);
    throw fail(err instanceof Error ? err.message : String(err));
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within graceMs. */
export async function stopServer(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface Memory {
  readonly rssMb: number;
  readonly peakMb: number;
}

/** Current (VmRSS) and peak (VmHWM) resident memory of a process, in MB. */
export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds a process has used so far, user and system, all its threads (log writes on the
 * thread pool included). On a shared machine the CPU a request costs moves far less than the
 * requests a second the process manages, which depend on what else runs.
 */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: state is 3rd, utime 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function exitedEarly(child: ChildProcess): Promise<never> {
  return new Promise((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`exited before listening (code ${code ?? '-'}, signal ${signal ?? '-'})`)));
    child.once('error', reject);
  });
}

function waitForAnnounce(child: ChildProcess): Promise<string> {
  const stdout = child.stdout;
  if (!stdout) return Promise.reject(new Error('stdout is not piped'));
  const announced = new Promise<string>((resolve) => {
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      const url = listeningUrl(line);
      if (url === undefined) return;
      lines.close();
      // Keep draining so a chatty child can never block on a full pipe.
      stdout.resume();
      resolve(url);
    });
  });
  return Promise.race([announced, exitedEarly(child)]);
}

function listeningUrl(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { msg, url } = parsed as Record<string, unknown>;
    return msg === 'listening' && typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

async function waitForPoll(child: ChildProcess, url: string, signal: AbortSignal): Promise<string> {
  const early = exitedEarly(child);
  early.catch(() => undefined);
  while (!signal.aborted) {
    if (await answers(url)) return url;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), early]);
  }
  throw new Error('polling stopped');
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'HEAD', timeout: 1000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Force the loopback address whatever host name the child announced. */
function loopbackUrl(announced: string): string {
  const parsed = new URL(announced);
  if (!parsed.port) throw new Error(`announced URL has no port: ${announced}`);
  return `http://127.0.0.1:${parsed.port}`;
}
