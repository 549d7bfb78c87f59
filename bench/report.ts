// Machine description and the Markdown report printed after a run.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './load.ts';
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
}

export interface Report {
  readonly machine: Machine;
  readonly loadGenerator: string;
  readonly warmupSeconds: number;
  readonly appLogLevel: string;
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

export function renderMarkdown(report: Report): string {
  const { machine, rows } = report;
  const lines: string[] = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB RAM, Node ${machine.node}. ` +
      `Load: ${report.loadGenerator}, ${report.warmupSeconds}s warm-up per run. App: one process (WEB_CONCURRENCY=1), LOG_LEVEL=${report.appLogLevel}.`,
    '',
    '| target | server | requests/s | p50 ms | p99 ms | ratio to floor | RSS MB |',
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const floor = rows.find((r) => r.target === row.target && r.server === 'floor');
    const rel = floor && floor.result.requestsPerSec > 0 ? row.result.requestsPerSec / floor.result.requestsPerSec : NaN;
    lines.push(
      `| ${row.target} | ${row.server} | ${row.result.requestsPerSec.toFixed(0)} | ${ms(row.result.p50Ms)} | ` +
        `${ms(row.result.p99Ms)} | ${ratio(rel)} | ${mb(row.memory.rssMb)} |`,
    );
  }

  const appPeak = Math.max(report.appIdle.peakMb, ...rows.filter((r) => r.server === 'app').map((r) => r.memory.peakMb));
  const sizes = Object.entries(report.responseBytes).map(([target, bytes]) => `${target} ${bytes} B`);
  lines.push(
    '',
    `App RSS before load: ${mb(report.appIdle.rssMb)} MB; app peak RSS (VmHWM): ${mb(appPeak)} MB. ` +
      `Response bodies: ${sizes.join(', ')}.`,
  );
  for (const row of rows) {
    const { errors, non2xx } = row.result;
    if (errors > 0 || non2xx > 0) {
      lines.push(`WARNING: ${row.target}/${row.server}: ${errors} socket errors, ${non2xx} non-2xx responses.`);
    }
  }
  return lines.join('\n');
}
