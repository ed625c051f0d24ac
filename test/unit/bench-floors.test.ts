import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rolloutMetrics, tier2Floor, tier3ReadFloor } from '../../bench/fleet/rollout-metrics.js';
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

test('the rollout\'s numbers from its lock records: the first claim after the command, and each handoff', () => {
  const records = [
    { kind: 'claim' as const, ts: 104.5, host: 'h1' },
    { kind: 'release' as const, ts: 110, host: 'h1' },
    { kind: 'claim' as const, ts: 111.25, host: 'h2' },
    { kind: 'release' as const, ts: 120, host: 'h2' },
  ];
  const m = rolloutMetrics({ hosts: 2, startMs: 100_000, endMs: 120_000, records, calls: [], clients: ['h1', 'h2'] });
  assert.equal(m.firstClaimSeconds, 4.5);
  assert.deepEqual(m.handoffs, [1.25]);
  assert.equal(m.totalSeconds, 20);
  assert.equal(rolloutMetrics({ hosts: 2, startMs: 0, endMs: 1, records: [], calls: [], clients: [] }).firstClaimSeconds, null);
});
