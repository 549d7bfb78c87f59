// Machine description and the Markdown report printed after a run.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { FloodResult } from './flood.ts';
import type { LoadResult } from './load.ts';
import type { MemoryResult } from './memory.ts';
import type { Memory } from './processes.ts';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
}

export interface Row {
  readonly target: string;
  readonly path: string;
  readonly server: 'app' | 'floor';
  readonly result: LoadResult;
  /** Memory of the server process right after its measured run. */
  readonly memory: Memory;
  /** Requests per second of every round, in order; the row shows the median round. */
  readonly rounds: readonly number[];
  /** The app's rows: its requests per second over the floor's, round by round. */
  readonly ratios?: readonly number[];
  /** CPU microseconds per request of the server process in each measured run. */
  readonly cpuUs: readonly number[];
  /** The app's rows: the floor's CPU per request over the app's, round by round. */
  readonly cpuRatios?: readonly number[];
}

export interface Report {
  readonly machine: Machine;
  readonly loadGenerator: string;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly appLogLevel: string;
  /** What the app ran on: the database and the content in it. */
  readonly site: string;
  /** Whole-page cache size the app ran with, as PAGE_CACHE_MB. */
  readonly pageCacheMb: string;
  /** Seconds the data generator took, when it ran. */
  readonly seedSeconds: number | undefined;
  /** Targets not measured, and why. */
  readonly skipped: readonly string[];
  readonly flood: FloodResult | undefined;
  readonly memoryRun: MemoryResult | undefined;
  readonly responseBytes: Readonly<Record<string, number>>;
  readonly appIdle: Memory;
  readonly rows: readonly Row[];
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) cpu = model.trim();
  } catch {
    // keep os.cpus() model
  }
  return { cpu, cores: cpus().length, memoryGb: totalmem() / 1024 ** 3, node: process.version };
}

const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
const mb = (value: number): string => value.toFixed(1);
const ratio = (value: number): string => value.toFixed(value < 0.1 ? 3 : 2);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function renderMarkdown(report: Report): string {
  const { machine, rows } = report;
  const lines: string[] = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB RAM, Node ${machine.node}. ` +
      `Load: ${report.loadGenerator}, ${report.warmupSeconds}s warm-up per run, app and floor taking turns for ${report.rounds} round(s), median shown ` +
      `(ratio to floor: the median of the rounds' app ÷ floor, each pair measured back to back; ratio by CPU: the floor's CPU time per request ÷ the app's, ` +
      `steadier on a busy machine). App: one process (WEB_CONCURRENCY=1), LOG_LEVEL=${report.appLogLevel}, ` +
      `PAGE_CACHE_MB=${report.pageCacheMb}.`,
    `Site: ${report.site}${report.seedSeconds === undefined ? '' : `, generated in ${report.seedSeconds.toFixed(1)} s`}.`,
    '',
    '| target | server | requests/s | p50 ms | p99 ms | ratio to floor | CPU µs/request | ratio by CPU | RSS MB |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const floor = rows.find((r) => r.path === row.path && r.server === 'floor');
    const rel = row.ratios ? median(row.ratios) : floor && floor.result.requestsPerSec > 0 ? row.result.requestsPerSec / floor.result.requestsPerSec : NaN;
    lines.push(
      `| ${row.target} | ${row.server} | ${row.result.requestsPerSec.toFixed(0)} | ${ms(row.result.p50Ms)} | ` +
        `${ms(row.result.p99Ms)} | ${ratio(rel)} | ${median(row.cpuUs).toFixed(1)} | ${row.cpuRatios ? ratio(median(row.cpuRatios)) : '1.00'} | ${mb(row.memory.rssMb)} |`,
    );
  }

  const appPeak = Math.max(report.appIdle.peakMb, ...rows.filter((r) => r.server === 'app').map((r) => r.memory.peakMb));
  const sizes = Object.entries(report.responseBytes).map(([target, bytes]) => `${target} ${bytes} B`);
  lines.push('', `App RSS before load: ${mb(report.appIdle.rssMb)} MB; app peak RSS (VmHWM): ${mb(appPeak)} MB. ` + `Response bodies: ${sizes.join(', ')}.`);
  if (report.rounds > 1 && rows.length > 0) {
    const spread = rows.map((r) => `${r.target}/${r.server} ${r.rounds.map((n) => n.toFixed(0)).join(', ')}`);
    lines.push(`Requests/s of each round: ${spread.join('; ')}.`);
    const paired = rows.filter((r) => r.ratios).map((r) => `${r.target} ${r.ratios!.map(ratio).join(', ')}`);
    if (paired.length > 0) lines.push(`App ÷ floor in each round: ${paired.join('; ')}.`);
    const byCpu = rows.filter((r) => r.cpuRatios).map((r) => `${r.target} ${r.cpuRatios!.map(ratio).join(', ')}`);
    if (byCpu.length > 0) lines.push(`Floor's CPU per request ÷ app's in each round: ${byCpu.join('; ')}.`);
  }
  for (const row of rows) {
    const { errors, non2xx } = row.result;
    if (errors > 0 || non2xx > 0) {
      lines.push(`WARNING: ${row.target}/${row.server}: ${errors} socket errors, ${non2xx} non-2xx responses.`);
    }
  }
  for (const why of report.skipped) lines.push(`Not measured: ${why}.`);
  if (report.flood) lines.push('', ...renderFlood(report.flood));
  if (report.memoryRun) lines.push('', ...renderMemory(report.memoryRun));
  return lines.join('\n');
}

function renderFlood(flood: FloodResult): string[] {
  const { reads } = flood;
  const others = Object.entries(flood.otherStatus).map(([status, n]) => `${n}×${status}`);
  return [
    `Comment flood: ${flood.clients} simulated readers posting the comment form for ${flood.seconds.toFixed(1)} s while the article is read.`,
    '',
    '| comments | sent | acknowledged (303) | accepted/s | POST p50 ms | POST p99 ms | stored approved | stored held | stored as spam | lost |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    `| flood (${flood.readers} readers) | ${flood.sent} | ${flood.acknowledged} | ${flood.acknowledgedPerSec.toFixed(0)} | ${ms(flood.postP50Ms)} | ${ms(flood.postP99Ms)} | ` +
      `${flood.storedApproved} | ${flood.storedHeld} | ${flood.storedSpam} | ${flood.lost} |`,
    '',
    '| target | requests/s | p50 ms | p99 ms |',
    '|---|--:|--:|--:|',
    `| article during the flood | ${reads.requestsPerSec.toFixed(0)} | ${ms(reads.p50Ms)} | ${ms(reads.p99Ms)} |`,
    '',
    flood.lost === 0 ? 'None lost: every acknowledged comment is in the database.' : `LOST: ${flood.lost} acknowledged comments are not in the database.`,
    ...(others.length > 0 || flood.failed > 0 ? [`Other answers: ${[...others, `${flood.failed} failed`].join(', ')}.`] : []),
    ...(reads.errors > 0 || reads.non2xx > 0 ? [`WARNING: reads during the flood: ${reads.errors} socket errors, ${reads.non2xx} non-2xx responses.`] : []),
  ];
}

function renderMemory(run: MemoryResult): string[] {
  const series = run.samples.map((s) => mb(s.rssMb)).join(' ');
  return [
    `Memory over ${run.seconds.toFixed(0)} s of load (${run.requests} requests, ${run.errors} errors), RSS sampled every few seconds:`,
    '',
    '| RSS MB | min | max | last | max early after warm-up | max late | grew after warm-up |',
    '|---|--:|--:|--:|--:|--:|---|',
    `| app | ${mb(run.minMb)} | ${mb(run.maxMb)} | ${mb(run.lastMb)} | ${mb(run.earlyMaxMb)} | ${mb(run.lateMaxMb)} | ${run.grew ? 'YES' : 'no'} |`,
    '',
    `Series (MB): ${series}`,
  ];
}
