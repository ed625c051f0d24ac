import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExecutions, checkHosts, checkI2, checkI3 } from './invariants.js';
import { chaos } from './run.js';
import { makeSchedule } from './schedule.js';

test('the checks catch what they must: overlap, a foreign unpin, a half-updated host, a double run', () => {
  assert.deepEqual(checkI2(['enter a 1 100', 'leave a 1 200', 'enter b 2 300', 'leave b 2 400']), []);
  assert.equal(checkI2(['enter a 1 100', 'enter b 2 150', 'leave a 1 200', 'leave b 2 400']).length, 1);
  const records = [{ kind: 'claim' as const, host: 'a', ms: 100 }, { kind: 'release' as const, host: 'a', ms: 200 }, { kind: 'claim' as const, host: 'b', ms: 300 }];
  assert.deepEqual(checkI3([{ client: 'a', time: 210 }], records), []);
  assert.equal(checkI3([{ client: 'b', time: 250 }], records).length, 1, 'b never released or broke');
  assert.equal(checkI3([{ client: 'a', time: 310 }], records).length, 1, 'a unpinned after b claimed');
  const breakThenClaim = [...records, { kind: 'break' as const, host: 'c', ms: 400 }, { kind: 'claim' as const, host: 'c', ms: 425 }];
  assert.deepEqual(checkI3([{ client: 'c', time: 411 }], breakThenClaim), [], 'a breaker removes the pin, then claims 14 ms later');
  const shas = { from: 'f'.repeat(40), to: 't'.repeat(40) };
  assert.deepEqual(checkHosts([{ host: 'a', head: shas.to, clean: true, done: true }], shas), []);
  assert.equal(checkHosts([{ host: 'a', head: shas.from, clean: true, journalPhase: 'building', done: false }], shas).length, 1);
  assert.equal(checkHosts([{ host: 'a', head: shas.from, clean: true, done: true }], shas).length, 1);
  assert.equal(checkExecutions(['a x', 'a x', 'b x'], ['a', 'b'], 'x', true).length, 1);
  assert.equal(checkExecutions(['a x'], ['a', 'b'], 'x', true).length, 1, 'b never ran it');
  assert.deepEqual(checkExecutions(['a x'], ['a', 'b'], 'x', true, ['b']), [], 'b reported it interrupted: at most once, and an end');
  assert.equal(checkExecutions(['a x', 'b x', 'b x'], ['a', 'b'], 'x', true, ['b']).length, 1, 'interrupted or not, twice is twice');
});

test('a seed gives the same schedule', () => {
  assert.deepEqual(makeSchedule(42), makeSchedule(42));
  assert.notDeepEqual(makeSchedule(42), makeSchedule(43));
});

test('20 seeded quick chaos runs: I2, I3, I4, no half-updated host, liveness, at most once', async () => {
  const lines: string[] = [];
  const outcomes = await chaos(20, 1, (line) => lines.push(line), true);
  assert.equal(lines.at(-1), `${outcomes.filter((o) => o.ok).length} passed, ${outcomes.filter((o) => !o.ok).length} failed`);
  assert.deepEqual(outcomes.filter((o) => !o.ok).map((o) => `seed ${o.seed}: ${o.errors.join('; ')}`), [], lines.join('\n'));
});
