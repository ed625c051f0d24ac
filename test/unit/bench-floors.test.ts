import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tier2Floor, tier3ReadFloor } from '../../bench/fleet/rollout-metrics.js';
import { READS_PER_HOST } from '../../bench/fleet/troupe-rollout.js';

test('the Tier-2 floor: 20 pins.add at once, then one every 3 s', () => {
  assert.deepEqual(tier2Floor(10), { sustained: 30, burst: 0 });
  assert.deepEqual(tier2Floor(30), { sustained: 90, burst: 30 });
});

test('the Tier-3 read floor: five conversations.replies a host, 50 at once, then 50 a minute', () => {
  assert.equal(READS_PER_HOST, 5);
  assert.equal(tier3ReadFloor(10, READS_PER_HOST), 0);
  assert.equal(tier3ReadFloor(30, READS_PER_HOST), 120);
  assert.equal(tier3ReadFloor(30, 3), 48);
});
