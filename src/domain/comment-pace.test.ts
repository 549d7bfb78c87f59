import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCommentPace, DEFAULT_COMMENT_PACE, FLOOD_MESSAGE, HOUR_MS, networkOf, UNLIMITED_COMMENT_PACE } from './comment-pace.ts';

const now = new Date('2026-11-28T12:00:00Z');
const quiet = { lastAt: undefined, fromAddress: 0, fromNetwork: 0 };

describe('comment pace', () => {
  it('refuses a second comment within 15 seconds (WordPress flood control) and says how long to wait', () => {
    const verdict = checkCommentPace({ ...quiet, lastAt: new Date(now.getTime() - 5_000) }, DEFAULT_COMMENT_PACE, now);
    assert.deepEqual(verdict, { ok: false, retryAfterMs: 10_000, message: FLOOD_MESSAGE });
    assert.deepEqual(checkCommentPace({ ...quiet, lastAt: new Date(now.getTime() - 15_000) }, DEFAULT_COMMENT_PACE, now), { ok: true });
  });

  it('refuses past the hourly limit of an address, then of its network', () => {
    const perAddress = DEFAULT_COMMENT_PACE.perAddressPerHour;
    const perNetwork = DEFAULT_COMMENT_PACE.perNetworkPerHour;
    assert.deepEqual(checkCommentPace({ ...quiet, fromAddress: perAddress - 1, fromNetwork: perAddress - 1 }, DEFAULT_COMMENT_PACE, now), { ok: true });
    const byAddress = checkCommentPace({ ...quiet, fromAddress: perAddress, fromNetwork: perAddress }, DEFAULT_COMMENT_PACE, now);
    assert.ok(!byAddress.ok && /your address/.test(byAddress.message) && byAddress.retryAfterMs === HOUR_MS);
    const byNetwork = checkCommentPace({ ...quiet, fromAddress: 1, fromNetwork: perNetwork }, DEFAULT_COMMENT_PACE, now);
    assert.ok(!byNetwork.ok && /your network/.test(byNetwork.message));
  });

  it('lets everything through when every limit is 0', () => {
    assert.deepEqual(checkCommentPace({ lastAt: now, fromAddress: 10_000, fromNetwork: 10_000 }, UNLIMITED_COMMENT_PACE, now), { ok: true });
  });

  it('groups addresses by /24 and /48 networks', () => {
    assert.equal(networkOf('203.0.113.7'), '203.0.113.0/24');
    assert.equal(networkOf('::ffff:203.0.113.99'), '203.0.113.0/24');
    assert.equal(networkOf('2001:db8:abcd:12::1'), '2001:db8:abcd::/48');
    assert.equal(networkOf('2001:0DB8:00ab:ffff::'), '2001:db8:ab::/48');
    assert.equal(networkOf('::1'), '0:0:0::/48');
    assert.equal(networkOf('fe80::1:2'), 'fe80:0:0::/48');
    assert.equal(networkOf('not an address'), null);
    assert.equal(networkOf('203.0.113.300'), null);
  });
});
