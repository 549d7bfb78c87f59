import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimeZone } from './settings.ts';

describe('canonicalTimeZone', () => {
  it('accepts IANA time zone names', () => {
    assert.equal(canonicalTimeZone('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('America/Argentina/Buenos_Aires'), 'America/Argentina/Buenos_Aires');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
  });

  it('refuses names that are not zones, offsets and abbreviations', () => {
    for (const name of ['Europe/Atlantis', 'Mars/Olympus', '+02:00', 'CET', '', 'Europe/Berlin; drop table', '../etc/passwd']) {
      assert.equal(canonicalTimeZone(name), undefined, name);
    }
  });
});
