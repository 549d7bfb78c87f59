import cluster from 'node:cluster';
import { write as writeAsync, writeSync } from 'node:fs';
import { pino } from 'pino';
import { LOG_LEVELS, type LogLevel } from './config.ts';

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  enabled(level: LogLevel): boolean;
  /** Lines an operator or a supervisor needs at every level, such as where the server listens. */
  announce(msg: string, fields?: Record<string, unknown>): void;
  /** The line every answered request gets at level info: the same as info('request', line), made faster. */
  request(line: RequestLine): void;
  /**
   * Resolves once every line logged so far has been written out; lines logged after that are
   * written at once, synchronously. Called before a clean exit.
   */
  flush(): Promise<void>;
}

/**
 * Characters of log lines held while standard output is not being read (a stalled log
 * collector): past it new lines are dropped, rather than the process running out of memory
 * (npm start gives it 256 MB) or stopping serving. About 80,000 request lines.
 */
const LOG_BUFFER_MAX_CHARS = 16 * 1024 * 1024;

/**
 * The most a write to a pipe may carry and still reach the reader whole (POSIX PIPE_BUF, 4,096
 * bytes on Linux). Workers share one standard output: a longer write can be cut into by another
 * worker's and leave a broken JSON line, so a batch goes out as writes of whole lines up to this
 * size, all started at once (one after the other would wait a turn of the event loop each and
 * fall behind a busy server). Lines of one batch may then reach the log in a different order;
 * each carries its time. A process alone on its standard output writes each batch whole.
 */
const ATOMIC_WRITE_BYTES = 4096;

/** Whole lines gathered into buffers of at most ATOMIC_WRITE_BYTES (a longer line alone). */
export function linesInChunks(lines: readonly string[]): Buffer[] {
  const chunks: Buffer[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.from(line);
    if (size + bytes.length > ATOMIC_WRITE_BYTES && pending.length > 0) {
      chunks.push(Buffer.concat(pending, size));
      pending = [];
      size = 0;
    }
    pending.push(bytes);
    size += bytes.length;
  }
  if (pending.length > 0) chunks.push(Buffer.concat(pending, size));
  return chunks;
}

/** What the log says of each answered request. */
export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/**
 * The request line written out by hand, field for field what pino makes of
 * info('request', { ...line, pid }): about 0.3 µs instead of 1.6-2.2 µs, on a cached page whose
 * whole answer costs the server about 18 µs. Strings from the request go through JSON.stringify.
 */
function requestLineText(line: RequestLine, time: string, pid: number): string {
  return `{"level":"info","time":"${time}","requestId":${JSON.stringify(line.requestId)},"method":${JSON.stringify(line.method)},"path":${JSON.stringify(line.path)},"status":${line.status},"durationMs":${line.durationMs},"pid":${pid},"msg":"request"}\n`;
}

/** The ISO time of the current millisecond, made once per millisecond: busy servers log many lines in one. */
function isoTimeNow(): () => string {
  let lastMs = -1;
  let lastIso = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
}

/** Above every level, so `announce` lines pass whatever LOG_LEVEL says; written as "info". */
const ANNOUNCE_LEVEL = 100;

/**
 * One JSON object per line ({"level":"info","time":"…ISO…", …fields, "msg":"…"}), so any log
 * collector can parse it; pino makes the lines. They are written to standard output in batches
 * (see BatchedOutput), so a response never waits for its log line. `write` (tests) takes each
 * line at once.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  // Workers share the primary's standard output, so theirs are written in atomic pieces.
  const destination = write ? { write, flush: () => Promise.resolve() } : new BatchedOutput(1, { sharedWithOtherProcesses: cluster.isWorker });
  const log = pino(
    {
      level,
      customLevels: { announce: ANNOUNCE_LEVEL },
      // Process ids are logged where they matter (requests, workers); host names by the collector.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label === 'announce' ? 'info' : label }) },
    },
    destination,
  );
  const at = (method: 'debug' | 'info' | 'warn' | 'error' | 'announce') => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) log[method](fields, msg);
    else log[method](msg);
  };
  const enabled = Object.fromEntries(LOG_LEVELS.map((l) => [l, log.isLevelEnabled(l)])) as Record<LogLevel, boolean>;
  const timeNow = isoTimeNow();
  const pid = process.pid;
  return {
    level,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Asked on every request, so answered from a table made once.
    enabled: (wanted) => enabled[wanted],
    announce: at('announce'),
    request: (line) => {
      if (enabled.info) destination.write(requestLineText(line, timeNow(), pid));
    },
    flush: () => destination.flush(),
  };
}

/**
 * Lines logged during one turn of the event loop are written together, with one asynchronous
 * write (on libuv's thread pool), after the responses of that turn have been sent; lines logged
 * while a write is under way go out in the next. A busy server thus makes one write for many
 * requests and never waits for one. (pino's own asynchronous destination, sonic-boom, measured
 * slower per line here than writing each line synchronously: it measures the bytes it holds,
 * a growing string, on every line.) Exits go through exitAfterLogs or exitOnCrash, which wait
 * for every line; if the process exits some other way, the lines not yet being written are
 * written synchronously on the way out, and a batch being written then may be cut short.
 */
export class BatchedOutput {
  private lines: string[] = [];
  private chars = 0;
  private writing = false;
  private scheduled = false;
  private closed = false;
  private dropping = false;
  /** Standard output failed for good (closed by the reader): lines are no longer kept. */
  private broken = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly fd: number,
    private readonly options: { sharedWithOtherProcesses: boolean } = { sharedWithOtherProcesses: false },
  ) {
    process.once('exit', () => this.writeRestNow());
  }

  write(line: string): void {
    if (this.broken) return;
    if (this.closed) {
      writeSync(this.fd, line);
      return;
    }
    if (this.chars > LOG_BUFFER_MAX_CHARS) {
      if (!this.dropping) process.stderr.write('log lines dropped: standard output is not being read fast enough\n');
      this.dropping = true;
      return;
    }
    this.lines.push(line);
    this.chars += line.length;
    if (!this.writing && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.writeBatch);
    }
  }

  /** Resolves when every line so far is written; later lines are written synchronously. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.closed = true;
        resolve();
      };
      if (!this.writing && this.lines.length === 0) done();
      else this.idle.push(done);
    });
  }

  private readonly writeBatch = (): void => {
    this.scheduled = false;
    if (this.writing) return;
    if (this.lines.length === 0) {
      // Caught up: a later overflow is reported again.
      this.dropping = false;
      for (const done of this.idle.splice(0)) done();
      return;
    }
    // One process alone on standard output writes its batch in one piece, in order.
    const chunks = this.options.sharedWithOtherProcesses ? linesInChunks(this.lines) : [Buffer.from(this.lines.join(''))];
    this.lines = [];
    this.chars = 0;
    this.writing = true;
    let left = chunks.length;
    const chunkDone = (): void => {
      left -= 1;
      if (left > 0) return;
      this.writing = false;
      this.writeBatch();
    };
    for (const chunk of chunks) this.writeFrom(chunk, 0, chunkDone);
  };

  private writeFrom(chunk: Buffer, offset: number, done: () => void): void {
    writeAsync(this.fd, chunk, offset, chunk.length - offset, null, (error, written) => {
      if (error) {
        // A non-blocking pipe that is full: try again in a moment. Anything else: the lines are lost, said once.
        if (error.code === 'EAGAIN') {
          setTimeout(() => this.writeFrom(chunk, offset, done), 1);
          return;
        }
        if (!this.broken) process.stderr.write(`log lines lost: writing standard output failed (${error.code ?? error.message})\n`);
        this.broken = true;
        this.lines = [];
      } else if (offset + written < chunk.length) {
        this.writeFrom(chunk, offset + written, done);
        return;
      }
      done();
    });
  }

  /** On the way out, without an event loop: whatever is not written yet, synchronously. */
  private writeRestNow(): void {
    if (this.lines.length === 0) return;
    try {
      writeSync(this.fd, this.lines.join(''));
    } catch {
      // standard output is gone; nothing more can be done
    }
    this.lines = [];
  }
}

/** How long an exiting process waits for its log lines to be written: a stalled log reader does not keep it alive. */
const LOG_FLUSH_TIMEOUT_MS = 2_000;

/** Exits once every line logged so far is written out (they are written asynchronously), or after LOG_FLUSH_TIMEOUT_MS. */
export function exitAfterLogs(logger: Logger, code: number): void {
  setTimeout(() => process.exit(code), LOG_FLUSH_TIMEOUT_MS);
  void logger.flush().then(() => process.exit(code));
}

/**
 * An error nothing caught ends the process with code 1, as it would without this handler, but
 * with its stack in the log as a JSON line and every line before it written out first.
 */
export function exitOnCrash(logger: Logger): void {
  process.once('uncaughtException', (error: unknown) => {
    logger.error('crashed', {
      pid: process.pid,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    exitAfterLogs(logger, 1);
  });
}
