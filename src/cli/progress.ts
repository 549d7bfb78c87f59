/**
 * Progress of long commands (migrate-db, backup, restore) on standard error, so that standard
 * output keeps only the results a script may read. On a terminal one line is redrawn in place;
 * anywhere else (a log, cron's mail) lines are written at a bounded rate, so a long copy does
 * not flood them: at most one every PROGRESS_LINE_INTERVAL_MS, and one when a task that was
 * reported ends (or, for tasks that ask for it, every task's end: a table of migrate-db). A
 * quick backup leaves the log as it was. WIREPRESS_PROGRESS=always writes every step as a
 * line; =off writes nothing.
 */

/** How often a line may be written to a log: often enough to see a long table moving, seldom enough to read. */
export const PROGRESS_LINE_INTERVAL_MS = 5_000;

/** How often the terminal's line is redrawn: smooth to the eye, and the drawing costs nothing next to the work. */
const LIVE_REDRAW_INTERVAL_MS = 200;

export type ProgressUnit = 'rows' | 'bytes';

/** live: redraw a line on a terminal; lines: at a bounded rate; always: every step; off: nothing. */
export type ProgressMode = 'live' | 'lines' | 'always' | 'off';

export interface ProgressSink {
  write: (text: string) => void;
  mode: ProgressMode;
  /** Milliseconds, for the rate; performance.now unless a test gives its own clock. */
  now?: () => number;
}

export interface ProgressTask {
  /** `done` counts from the start of the whole task, including work done by an earlier, interrupted run. */
  update(done: number, total?: number): void;
  /** Writes the task's last line, whatever the rate. */
  finish(done?: number): void;
}

export interface ProgressReporter {
  /** `alwaysFinish`: the task's end is written even when nothing of it was (a line per table). */
  task(label: string, total: number, unit: ProgressUnit, options?: { done?: number; alwaysFinish?: boolean }): ProgressTask;
  /** A step with nothing to measure (checking a copy): written where progress of this length would be. */
  note(text: string): void;
}

/** The mode for standard error: WIREPRESS_PROGRESS when set, else redrawn on a terminal and bounded elsewhere. */
export function progressMode(env: Record<string, string | undefined>, errIsTty: boolean | undefined): ProgressMode {
  const asked = env.WIREPRESS_PROGRESS?.trim().toLowerCase();
  if (asked === 'always' || asked === 'off') return asked;
  return errIsTty ? 'live' : 'lines';
}

function formatCount(n: number, unit: ProgressUnit): string {
  if (unit === 'bytes') return `${(n / 1_048_576).toFixed(1)} MB`;
  return n.toLocaleString('en-US');
}

function formatRate(perSecond: number, unit: ProgressUnit): string {
  if (unit === 'bytes') return `${(perSecond / 1_048_576).toFixed(1)} MB/s`;
  return `${Math.round(perSecond).toLocaleString('en-US')} rows/s`;
}

/** "posts  1,500/12,000 rows (12%)  3,400 rows/s". */
export function formatProgress(label: string, done: number, total: number, unit: ProgressUnit, perSecond: number | undefined): string {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  const amount = unit === 'bytes' ? `${formatCount(done, unit)}/${formatCount(total, unit)}` : `${formatCount(done, unit)}/${formatCount(total, unit)} rows`;
  return `${label}  ${amount} (${percent}%)${perSecond === undefined ? '' : `  ${formatRate(perSecond, unit)}`}`;
}

export function createProgressReporter(sink: ProgressSink): ProgressReporter {
  const now = sink.now ?? (() => performance.now());
  // Nothing for the first interval: a command that ends sooner writes no progress to a log.
  let lastWritten = now();
  let wroteAny = false;
  const write = (text: string): void => {
    lastWritten = now();
    wroteAny = true;
    sink.write(text);
  };
  const due = (): boolean => {
    if (sink.mode === 'always') return true;
    if (sink.mode === 'off') return false;
    return now() - lastWritten >= (sink.mode === 'live' ? LIVE_REDRAW_INTERVAL_MS : PROGRESS_LINE_INTERVAL_MS);
  };
  return {
    task(label, initialTotal, unit, options = {}) {
      const initialDone = options.done ?? 0;
      const started = now();
      let total = initialTotal;
      let done = initialDone;
      let finished = false;
      let shown = false;
      const line = (): string => {
        const elapsed = (now() - started) / 1000;
        const rate = elapsed > 0 && done > initialDone ? (done - initialDone) / elapsed : undefined;
        return formatProgress(label, done, Math.max(total, done), unit, rate);
      };
      return {
        update(next, nextTotal) {
          done = next;
          if (nextTotal !== undefined) total = nextTotal;
          if (finished || !due()) return;
          shown = true;
          write(sink.mode === 'live' ? `\r\x1b[K${line()}` : `${line()}\n`);
        },
        finish(last) {
          if (finished) return;
          finished = true;
          if (last !== undefined) done = last;
          if (sink.mode === 'off' || (sink.mode === 'lines' && !shown && !options.alwaysFinish)) return;
          write(sink.mode === 'live' ? `\r\x1b[K${line()}\n` : `${line()}\n`);
        },
      };
    },
    note(text) {
      if (sink.mode === 'off' || (sink.mode === 'lines' && !wroteAny)) return;
      write(`${text}\n`);
    },
  };
}
