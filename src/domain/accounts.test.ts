import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOGIN_FAILURE_WINDOW_MS, loginRetryAfterMs } from './accounts.ts';

describe('login throttling', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

  it('allows nine recent failures and pauses at ten', () => {
    const nine = Array.from({ length: 9 }, (_, i) => minutesAgo(i));
    assert.equal(loginRetryAfterMs(nine, now), 0);
    const ten = [...nine, minutesAgo(10)];
    // The oldest of the ten leaves the 15-minute window in 5 minutes.
    assert.equal(loginRetryAfterMs(ten, now), 5 * 60_000);
  });

  it('forgets failures older than the window, so the pause always ends', () => {
    const old = Array.from({ length: 50 }, (_, i) => minutesAgo(16 + i));
    assert.equal(loginRetryAfterMs(old, now), 0);
    const many = Array.from({ length: 50 }, () => minutesAgo(1));
    assert.ok(loginRetryAfterMs(many, now) <= LOGIN_FAILURE_WINDOW_MS);
  });
});
