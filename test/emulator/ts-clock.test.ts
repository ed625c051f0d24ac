import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTs, formatTs, parseTsMicros, TsClock, TS_PATTERN } from '../../src/emulator/ts-clock.js';

test('the clock hands out Slack-shaped, strictly increasing ts values even within one millisecond', () => {
  const clock = new TsClock(() => 1_700_000_000_123);
  const stamps = Array.from({ length: 5 }, () => clock.next());
  assert.deepEqual(stamps, ['1700000000.123000', '1700000000.123001', '1700000000.123002', '1700000000.123003', '1700000000.123004']);
  assert.ok(stamps.every((ts) => TS_PATTERN.test(ts)));
});

test('the clock never goes back: not with the wall clock, not below a restored ts', () => {
  let now = 1_700_000_000_000;
  const clock = new TsClock(() => now);
  const first = clock.next();
  now -= 60_000;
  assert.equal(compareTs(clock.next(), first), 1);
  clock.observe('1800000000.000009');
  assert.equal(clock.next(), '1800000000.000010');
});

test('ts values convert to microseconds and back', () => {
  assert.equal(parseTsMicros('1700000000.5'), 1_700_000_000_500_000n);
  assert.equal(formatTs(parseTsMicros('1700000000.000042')), '1700000000.000042');
  assert.equal(compareTs('999999999.9', '1000000000.0'), -1);
});
