import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinLock, type PinLockOptions, type SlackPorts } from '../../src/slackmq/index.js';

const base: PinLockOptions = { slack: {} as SlackPorts, channel: 'C1', ts: '1.000001', host: 'web-1' };

test('bad lock options are refused with a message that says what to pass', () => {
  const cases: [Partial<PinLockOptions>, RegExp][] = [
    [{ host: '' }, /host must name this contender/],
    [{ host: 'x'.repeat(101) }, /1 to 100 characters/],
    [{ toSha: '' }, /toSha must be a commit id/],
    [{ fromSha: 'f'.repeat(65) }, /fromSha must be a commit id of 1 to 64/],
    [{ leaseS: 0 }, /leaseS must be between 1 and 604800/],
    [{ leaseS: 10, marginS: 10 }, /marginS must be at least 0 and below leaseS \(10\)/],
  ];
  for (const [options, message] of cases) assert.throws(() => new PinLock({ ...base, ...options }), message);
  assert.ok(new PinLock({ ...base, leaseS: 10, marginS: 2, toSha: 'a'.repeat(40) }));
});
