import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressReporter, formatProgress, progressMode, PROGRESS_LINE_INTERVAL_MS, type ProgressMode } from './progress.ts';

/** A reporter on a clock the test moves, and what it wrote. */
function aReporter(mode: ProgressMode) {
  let clock = 0;
  const written: string[] = [];
  const reporter = createProgressReporter({ write: (text) => written.push(text), mode, now: () => clock });
  return { reporter, written, advance: (ms: number) => (clock += ms) };
}

describe('progress on standard error', () => {
  it('says the task, how far, of how much, and how fast', () => {
    assert.equal(formatProgress('comments', 1_500, 12_000, 'rows', 3_400.4), 'comments  1,500/12,000 rows (12%)  3,400 rows/s');
    assert.equal(formatProgress('backup', 8 * 1_048_576, 32 * 1_048_576, 'bytes', 4 * 1_048_576), 'backup  8.0 MB/32.0 MB (25%)  4.0 MB/s');
    assert.equal(formatProgress('settings', 0, 0, 'rows', undefined), 'settings  0/0 rows (100%)');
  });

  it('in a log, writes nothing for a quick task, and for a long one a line per interval and its end', () => {
    const quick = aReporter('lines');
    const task = quick.reporter.task('backup', 100, 'rows');
    for (let i = 1; i <= 100; i += 1) {
      quick.advance(10);
      task.update(i);
    }
    task.finish();
    quick.reporter.note('Checking the copy');
    assert.deepEqual(quick.written, []);

    const long = aReporter('lines');
    const rows = long.reporter.task('comments', 10_000, 'rows');
    for (let i = 1; i <= 10_000; i += 1) {
      long.advance(10);
      rows.update(i);
    }
    rows.finish();
    long.reporter.note('Checking the copy');
    // 100 seconds of work: one line per interval, then the end and the note.
    assert.equal(long.written.length, (10_000 * 10) / PROGRESS_LINE_INTERVAL_MS + 2);
    assert.equal(long.written[0], 'comments  500/10,000 rows (5%)  100 rows/s\n');
    assert.equal(long.written.at(-2), 'comments  10,000/10,000 rows (100%)  100 rows/s\n');
    assert.equal(long.written.at(-1), 'Checking the copy\n');
  });

  it('writes the end of every table of a copy, counting from where an interrupted copy stopped', () => {
    const { reporter, written, advance } = aReporter('lines');
    const posts = reporter.task('posts', 40, 'rows', { done: 30, alwaysFinish: true });
    advance(1_000);
    posts.update(40);
    posts.finish();
    assert.deepEqual(written, ['posts  40/40 rows (100%)  10 rows/s\n']);
  });

  it('on a terminal, redraws one line in place and ends it', () => {
    const { reporter, written, advance } = aReporter('live');
    const task = reporter.task('posts', 4, 'rows');
    for (let i = 1; i <= 4; i += 1) {
      advance(500);
      task.update(i);
    }
    task.finish();
    assert.equal(written.length, 5);
    assert.ok(written.slice(0, 4).every((text) => text.startsWith('\r\x1b[K') && !text.endsWith('\n')));
    assert.equal(written[4], '\r\x1b[Kposts  4/4 rows (100%)  2 rows/s\n');
  });

  it('is redrawn on a terminal, bounded in a log, and WIREPRESS_PROGRESS=always or off overrides both', () => {
    assert.equal(progressMode({}, true), 'live');
    assert.equal(progressMode({}, false), 'lines');
    assert.equal(progressMode({ WIREPRESS_PROGRESS: 'always' }, false), 'always');
    assert.equal(progressMode({ WIREPRESS_PROGRESS: 'off' }, true), 'off');
    const off = aReporter('off');
    const task = off.reporter.task('posts', 1, 'rows', { alwaysFinish: true });
    off.advance(PROGRESS_LINE_INTERVAL_MS * 2);
    task.update(1);
    task.finish();
    assert.deepEqual(off.written, []);
  });
});
