import { writeSync } from 'node:fs';
import { pino, type DestinationStream } from 'pino';
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
  /**
   * Resolves once every line logged so far has been written out; lines logged after that are
   * written at once, synchronously. Called before a clean exit.
   */
  flush(): Promise<void>;
}

/**
 * Bytes of log lines held while standard output is not being read (a stalled log collector):
 * past it new lines are dropped, rather than the process running out of memory (npm start
 * gives it 256 MB) or stopping serving. About 50,000 request lines.
 */
const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

/** Above every level, so `announce` lines pass whatever LOG_LEVEL says; written as "info". */
const ANNOUNCE_LEVEL = 100;

/**
 * One JSON object per line ({"level":"info","time":"…ISO…","msg":"…", …fields}), so any log
 * collector can parse it. Standard output is written asynchronously: lines logged while a write
 * is under way go out together in the next one, so a busy server makes one write for many
 * requests and a response never waits for its log line. `write` (tests) takes each line at once.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination = write ? { write, flush: () => Promise.resolve() } : stdoutDestination();
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
  return {
    level,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Asked on every request, so answered from a table made once.
    enabled: (wanted) => enabled[wanted],
    announce: at('announce'),
    flush: () => destination.flush(),
  };
}

/**
 * Standard output through sonic-boom (pino.destination), asynchronous. If the process exits
 * without a flush (process.exit, a crash), pino writes out what is left synchronously.
 */
function stdoutDestination(): DestinationStream & { flush(): Promise<void> } {
  const stream = pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_MAX_BYTES });
  let dropping = false;
  stream.on('drop', () => {
    if (dropping) return;
    dropping = true;
    process.stderr.write('log lines dropped: standard output is not being read fast enough\n');
  });
  stream.on('drain', () => {
    dropping = false;
  });
  let target: { write(line: string): unknown } = stream;
  let flushed: Promise<void> | undefined;
  return {
    write: (line: string) => target.write(line),
    // Ending the stream waits for the write under way, then writes the rest in order (sonic-boom's
    // flush() does not wait when lines are not held back to a minimum length); standard output
    // itself stays open.
    flush: () =>
      (flushed ??= new Promise<void>((resolve) => {
        stream.once('close', () => {
          target = { write: (line) => writeSync(1, line) };
          resolve();
        });
        stream.end();
      })),
  };
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
    logger.error('crashed', { pid: process.pid, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    exitAfterLogs(logger, 1);
  });
}
