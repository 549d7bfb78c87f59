import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ROOT } from '../test/support/process.ts';
import { createLogger, linesInChunks } from './logger.ts';

describe('createLogger', () => {
  it('writes the request line as pino writes info("request", …): the same fields, a hostile path kept whole on one line', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const line = { requestId: 'c0ffee00-0000-4000-8000-000000000000', method: 'GET', path: '/a"b\\c\n\u2028é/?x=<script>', status: 200, durationMs: 0.125 };
    logger.request(line);
    logger.info('request', { ...line, pid: process.pid });
    assert.equal(lines.length, 2);
    assert.ok(
      lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')),
      'one line each',
    );
    const [fast, slow] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(fast!).sort(), Object.keys(slow!).sort());
    assert.deepEqual({ ...fast, time: undefined }, { ...slow, time: undefined });
    assert.equal(fast!.path, line.path);
    assert.equal(new Date(String(fast!.time)).toISOString(), fast!.time);
    const quiet = createLogger('warn', (l) => lines.push(l));
    quiet.request(line);
    assert.equal(lines.length, 2, 'no request line below info');
  });

  it('writes one JSON object per line: level by name, ISO time, message and fields, stacks kept', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.debug('not at info');
    logger.info('request', { method: 'GET', path: '/', status: 200, durationMs: 0.25, pid: 7 });
    const error = new Error('boom');
    logger.error('unhandled error', { error: { name: error.name, message: error.message, stack: error.stack } });
    assert.equal(lines.length, 2);
    assert.ok(
      lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')),
      'one line each',
    );
    const [request, failure] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      { ...request, time: undefined },
      { level: 'info', time: undefined, msg: 'request', method: 'GET', path: '/', status: 200, durationMs: 0.25, pid: 7 },
    );
    assert.equal(new Date(String(request!.time)).toISOString(), request!.time);
    assert.equal(failure!.level, 'error');
    assert.match(String((failure!.error as { stack: string }).stack), /^Error: boom\n\s+at /);
  });

  it('lets announcements through at every level, as info, and answers enabled() by the level', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('error', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    logger.warn('quiet');
    logger.announce('listening', { url: 'http://127.0.0.1:3000' });
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.url]),
      [['info', 'listening', 'http://127.0.0.1:3000']],
    );
    assert.deepEqual([logger.enabled('info'), logger.enabled('error')], [false, true]);
  });
});

/** Lines the child logs before its clean exit: several times what a pipe holds (64 KB). */
const LINES = 20_000;

/**
 * Runs `ending` in a child after it has logged LINES lines into a pipe the test does not read
 * yet, once a timer has shown its event loop still turns; then reads everything it wrote.
 */
async function logIntoFullPipe(ending: string): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; stderr: string }> {
  const script = `
    const { createLogger, exitAfterLogs, exitOnCrash } = await import('./src/logger.ts');
    const logger = createLogger('info');
    exitOnCrash(logger);
    for (let i = 0; i < ${LINES}; i++) logger.info('request', { n: i, path: '/2022/02/15/a-long-enough-address-for-a-real-article/' });
    setTimeout(() => {
      process.stderr.write('still serving\\n');
      ${ending}
    }, 10);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    child.stdout.pause();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const alive = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('still serving')) resolve();
      }),
    );
    const exited = once(child, 'exit') as Promise<[number | null]>;
    await Promise.race([alive, exited]);
    assert.match(stderr, /still serving/, 'the timer fired while standard output was full');
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    const ended = once(child.stdout, 'end');
    child.stdout.resume();
    const [code] = await exited;
    await ended;
    return {
      code,
      stderr,
      lines: out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
}

const inOrder = (lines: Array<Record<string, unknown>>, count: number) => lines.length >= count && lines.slice(0, count).every((l, i) => l.n === i);

describe('the log on standard output', () => {
  it('never stops the process while nobody reads it, and loses no line, in order, on a clean exit', async () => {
    const { code, lines, stderr } = await logIntoFullPipe(`
      logger.info('stopped', { n: ${LINES} });
      exitAfterLogs(logger, 0);
    `);
    assert.equal(code, 0, stderr);
    assert.equal(lines.length, LINES + 1, 'every line');
    assert.ok(inOrder(lines, LINES + 1), 'in the order they were logged');
  });

  it('writes every line before a crash, then the crash with its stack, and exits with 1', async () => {
    const { code, lines } = await logIntoFullPipe(`throw new Error('nothing caught this');`);
    assert.equal(code, 1);
    assert.equal(lines.length, LINES + 1, 'every line and the crash');
    assert.ok(inOrder(lines, LINES), 'in the order they were logged');
    const crash = lines.at(-1)!;
    assert.deepEqual([crash.level, crash.msg], ['error', 'crashed']);
    assert.match(String((crash.error as { stack: string }).stack), /^Error: nothing caught this\n\s+at /);
  });
});

describe('workers sharing one standard output', () => {
  it('gathers whole lines into writes a pipe delivers whole (4,096 bytes), a longer line alone', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${JSON.stringify({ n: i, pad: 'x'.repeat(i % 300) })}\n`);
    lines.splice(250, 0, `${JSON.stringify({ long: 'y'.repeat(10_000) })}\n`);
    const chunks = linesInChunks(lines);
    assert.equal(Buffer.concat(chunks).toString(), lines.join(''), 'every line, once, in order');
    for (const chunk of chunks) {
      const text = chunk.toString();
      assert.ok(text.endsWith('\n'), 'whole lines only');
      assert.ok(chunk.length <= 4096 || text.split('\n').length === 2, `${chunk.length} bytes in one write`);
    }
  });

  it('never lets one worker’s lines cut into another’s', async () => {
    // Two processes as cluster workers are, writing long batches into one pipe at once.
    const worker = (id: string) => `
      const cluster = (await import('node:cluster')).default;
      Object.defineProperty(cluster, 'isWorker', { value: true });
      const { createLogger, exitAfterLogs } = await import('./src/logger.ts');
      const logger = createLogger('info');
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < 500; i++) logger.info('request', { worker: '${id}', n: round * 500 + i, path: '/${'p'.repeat(200)}/' });
        await new Promise((r) => setImmediate(r));
      }
      exitAfterLogs(logger, 0);
    `;
    const shell = spawn('sh', ['-c', `"$NODE" --import tsx --input-type=module -e "$A" & "$NODE" --import tsx --input-type=module -e "$B" & wait`], {
      cwd: ROOT,
      env: { ...process.env, NODE: process.execPath, A: worker('a'), B: worker('b') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    shell.stdout.setEncoding('utf8');
    // Read nothing for a while: the pipe fills, and both workers' writes wait on it together.
    shell.stdout.pause();
    setTimeout(() => shell.stdout.resume(), 1_000);
    shell.stdout.on('data', (chunk: string) => (out += chunk));
    const ended = once(shell.stdout, 'end');
    const [code] = (await once(shell, 'exit')) as [number | null];
    await ended;
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as { worker: string; n: number };
      } catch {
        return assert.fail(`a broken line: ${line.slice(0, 120)}…`);
      }
    });
    for (const id of ['a', 'b']) {
      const numbers = parsed
        .filter((l) => l.worker === id)
        .map((l) => l.n)
        .sort((x, y) => x - y);
      assert.equal(numbers.length, 10_000, `every line of worker ${id}`);
      assert.ok(
        numbers.every((n, i) => n === i),
        `each line of worker ${id} once`,
      );
    }
  });
});
