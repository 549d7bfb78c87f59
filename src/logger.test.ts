import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ROOT } from '../test/support/process.ts';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('writes one JSON object per line: level by name, ISO time, message and fields, stacks kept', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.debug('not at info');
    logger.info('request', { method: 'GET', path: '/', status: 200, durationMs: 0.25, pid: 7 });
    const error = new Error('boom');
    logger.error('unhandled error', { error: { name: error.name, message: error.message, stack: error.stack } });
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')), 'one line each');
    const [request, failure] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual({ ...request, time: undefined }, { level: 'info', time: undefined, msg: 'request', method: 'GET', path: '/', status: 200, durationMs: 0.25, pid: 7 });
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

describe('the log on standard output', () => {
  it('never stops the process while nobody reads it, and loses no line, in order, on a clean exit', async () => {
    // The child logs into a pipe the test does not read yet, then shows its event loop still
    // turns (a timer fires) and exits as main.ts does: flush, then process.exit.
    const script = `
      const { createLogger } = await import('./src/logger.ts');
      const logger = createLogger('info');
      for (let i = 0; i < ${LINES}; i++) logger.info('request', { n: i, path: '/2022/02/15/a-long-enough-address-for-a-real-article/' });
      setTimeout(() => {
        process.stderr.write('still serving\\n');
        void logger.flush().then(() => {
          logger.info('after flush', { n: ${LINES} });
          process.exit(0);
        });
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
      await Promise.race([alive, once(child, 'exit')]);
      assert.match(stderr, /still serving/, 'the timer fired while standard output was full');
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (out += chunk));
      child.stdout.resume();
      const [code] = (await once(child, 'exit')) as [number | null];
      if (!child.stdout.readableEnded) await once(child.stdout, 'end');
      assert.equal(code, 0, stderr);
      const numbers = out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { n: number }).n);
      assert.equal(numbers.length, LINES + 1, 'every line, and the one logged after the flush');
      assert.ok(
        numbers.every((n, i) => n === i),
        'in the order they were logged',
      );
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });
});
