import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDigestTime } from './reader-mail.ts';

describe('nextDigestTime', () => {
  it('is the next local midnight of the site, not of UTC', () => {
    // 22:30 UTC is already 01:30 the next day in Moscow (UTC+3): the digest waits for the midnight after.
    assert.equal(nextDigestTime(new Date('2026-03-10T22:30:00Z'), 'Europe/Moscow').toISOString(), '2026-03-11T21:00:00.000Z');
    assert.equal(nextDigestTime(new Date('2026-03-10T20:30:00Z'), 'Europe/Moscow').toISOString(), '2026-03-10T21:00:00.000Z');
    assert.equal(nextDigestTime(new Date('2026-03-10T20:30:00Z'), 'UTC').toISOString(), '2026-03-11T00:00:00.000Z');
  });

  it('follows the clocks when they change overnight', () => {
    // New York moves from UTC-5 to UTC-4 on 8 March 2026: midnight of the 9th is at 04:00 UTC.
    assert.equal(nextDigestTime(new Date('2026-03-08T12:00:00Z'), 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
    assert.equal(nextDigestTime(new Date('2026-03-07T12:00:00Z'), 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z');
  });
});
