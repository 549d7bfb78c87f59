import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Debian's Python, which Debian's python3-feedparser package installs for. */
const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install -y python3-feedparser';
/** Parsing a few feeds takes well under a second; this bounds a stuck interpreter. */
const FEEDPARSER_TIMEOUT_MS = 60_000;

/**
 * For each document, feedparser's bozo flag (1 when it found the feed ill-formed), the
 * reason and the entries' publication times, read by the Python library most feed readers and aggregators are built on.
 */
const SCRIPT = `
import calendar, json, sys, feedparser
out = []
for doc in json.load(sys.stdin):
    parsed = feedparser.parse(doc.encode('utf-8'))
    published = [calendar.timegm(e.published_parsed) if e.get('published_parsed') else None for e in parsed.entries]
    out.append({'bozo': int(parsed.bozo), 'reason': str(parsed.get('bozo_exception', '')), 'entries': len(parsed.entries), 'version': parsed.version, 'published': published})
print(json.dumps(out))
`;

export interface FeedparserVerdict {
  bozo: number;
  reason: string;
  entries: number;
  version: string;
  /** Each entry's publication time as feedparser reads it, in seconds since the epoch (its offset applied). */
  published: Array<number | null>;
}

export function feedparserVerdicts(documents: readonly string[]): FeedparserVerdict[] {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(documents), encoding: 'utf8', timeout: FEEDPARSER_TIMEOUT_MS });
  assert.ok(!run.error, `${PYTHON} could not run (${run.error?.message}); install Debian's Python and feedparser: ${INSTALL_HINT}`);
  assert.ok(!/No module named .?feedparser/.test(run.stderr), `feedparser is missing; install it with: ${INSTALL_HINT}`);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as FeedparserVerdict[];
}
