// Load generator drivers: wrk when it is on PATH, autocannon otherwise.
// Both report the same shape so the runner does not care which ran.
import { execFileSync, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { track, withTimeout } from './processes.ts';

export interface LoadSettings {
  /** Seconds. */
  readonly duration: number;
  readonly connections: number;
}

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly totalRequests: number;
  /** Connect/read/write errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadGenerator {
  readonly name: 'wrk' | 'autocannon';
  describe(settings: LoadSettings): string;
  run(url: string, settings: LoadSettings): Promise<LoadResult>;
}

/** Extra time a run may take beyond its nominal duration before it is killed. */
const SLACK_MS = 20_000;

export function pickLoadGenerator(): LoadGenerator {
  try {
    const path = execFileSync('which', ['wrk'], { encoding: 'utf8', timeout: 5000 }).trim();
    if (path) return wrk(path);
  } catch {
    // not installed
  }
  return autocannonDriver;
}

function wrkArgs(url: string, { duration, connections }: LoadSettings): string[] {
  return ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', url];
}

function wrk(binary: string): LoadGenerator {
  return {
    name: 'wrk',
    describe: (settings) => `wrk ${wrkArgs('', settings).join(' ').trim()}`,
    run: async (url, settings) => {
      const output = await runToCompletion(binary, wrkArgs(url, settings), settings.duration * 1000 + SLACK_MS);
      return parseWrk(output);
    },
  };
}

function runToCompletion(binary: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${binary} ${args.join(' ')} failed (code ${code ?? '-'}, signal ${signal ?? '-'})\n${stderr}${stdout}`));
    });
  });
}

const TO_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "812.00us" | "1.43ms" | "2.01s" -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match?.[1] || unit === undefined) throw new Error(`unrecognised wrk duration: ${text}`);
  return Number(match[1]) * (TO_MS[unit] ?? NaN);
}

export function parseWrk(output: string): LoadResult {
  const grab = (re: RegExp, what: string): string => {
    const value = re.exec(output)?.[1];
    if (value === undefined) throw new Error(`wrk output has no ${what}:\n${output}`);
    return value;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSec: Number(grab(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec')),
    p50Ms: parseDuration(grab(/^\s+50%\s+(\S+)/m, '50% latency')),
    p99Ms: parseDuration(grab(/^\s+99%\s+(\S+)/m, '99% latency')),
    totalRequests: Number(grab(/^\s+(\d+) requests in /m, 'request count')),
    errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
  };
}

const autocannonDriver: LoadGenerator = {
  name: 'autocannon',
  describe: ({ duration, connections }) => `autocannon (connections ${connections}, duration ${duration}s)`,
  run: async (url, { duration, connections }) => {
    const instance = autocannon({ url, connections, duration });
    const result = await withTimeout(
      Promise.resolve(instance),
      duration * 1000 + SLACK_MS,
      `autocannon did not finish within ${duration}s + ${SLACK_MS / 1000}s`,
    ).catch((err: unknown) => {
      instance.stop();
      throw err;
    });
    return {
      requestsPerSec: result.requests.total / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      totalRequests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  },
};
