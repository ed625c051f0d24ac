/**
 * The peer guard over whole simulated rollouts (see sim.ts): a host that finished its update and
 * then dies for good halts the rollout with a reason naming it; one that is only away for a while
 * (a restart) is waited for, and the rollout completes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import type { RolloutState } from '../../src/protocol/rollout-state.js';
import { Sim, type Scenario } from './sim.js';

const HOSTS = ['web-1', 'web-2', 'web-3', 'web-4', 'web-5'];

/** Round robin over five hosts, no failures: each update takes a few seconds of Slack time. */
function base(steps: number): Scenario {
  return { hosts: HOSTS, batch: 1, maxFailures: 0, mode: 'rolling', picks: Array.from({ length: steps }, () => 0), failures: [false] };
}

/** The first step at which `host` has finished and released its lock. */
function stepWhenReleased(host: string): number {
  let found = -1;
  let step = 0;
  new Sim(base(200)).run((state) => {
    const done = state.hosts.find((h) => h.host === host)?.status === 'done';
    if (found < 0 && done && state.slots.every((slot) => slot.lock.state === 'free')) found = step;
    step += 1;
  });
  assert.ok(found > 0, `${host} never finished`);
  return found;
}

function record(sim: Sim): { states: RolloutState[]; waits: string[]; halts: string[] } {
  const seen = { states: [] as RolloutState[], waits: [] as string[], halts: [] as string[] };
  sim.run((state, actions: [string, RolloutAction][]) => {
    seen.states.push(state);
    for (const [host, a] of actions) {
      if (a.kind === 'wait') seen.waits.push(a.reason);
      if (a.kind === 'halt') seen.halts.push(host);
    }
  });
  return seen;
}

test('a finished host that dies for good: the next host does not go down, and the rollout halts naming it', () => {
  const step = stepWhenReleased('web-1');
  const sim = new Sim({ ...base(300), death: { step, host: 0 } });
  const seen = record(sim);
  assert.equal(seen.states[step]?.hosts[0]?.status, 'done', 'web-1 had finished when it died');
  assert.equal(seen.states[step]?.slots[0]?.lock.state, 'free', 'web-1 had released its lock when it died');
  const end = seen.states.at(-1)!;
  assert.equal(end.phase, 'halted');
  assert.equal(end.halt?.code, 'lost');
  assert.equal(end.halt?.host, 'web-1');
  assert.match(end.halt?.reason ?? '', /^peer guard: web-1 is lost \(no heartbeat for \d+ s\), .*start its agent again and `deploy retry`/);
  // The hosts that went while web-1 was still fresh finished; the rest never went down.
  const statuses = end.hosts.map((h) => h.status);
  assert.deepEqual(statuses.slice(0, 2), ['done', 'done']);
  assert.ok(statuses.includes('pending') && statuses.every((st) => st === 'done' || st === 'pending'), statuses.join(', '));
  assert.ok(seen.waits.some((r) => /^peer guard: web-1 not fresh and healthy/.test(r)), 'the guard waited while web-1 was only stale');
  assert.equal(sim.thread.messages.filter((m) => m.metadata?.event_type === 'troupe_halted').length, 1, 'one halted record');
  assert.deepEqual([...new Set(seen.halts)], ['web-2'], 'only the first fresh host of the plan is asked to post the halt');
});

test('a finished host away for a while (restarting): the others wait for it, then the rollout completes', () => {
  const step = stepWhenReleased('web-1');
  const sim = new Sim({ ...base(300), death: { step, host: 0, forS: 80 } });
  const seen = record(sim);
  assert.ok(seen.waits.some((r) => /^peer guard: web-1 not fresh and healthy/.test(r)), 'the guard held the others back');
  assert.deepEqual(seen.halts, []);
  const end = seen.states.at(-1)!;
  assert.equal(end.phase, 'done');
  assert.ok(end.hosts.every((h) => h.status === 'done'));
});

const outage = fc.record({
  hosts: fc.integer({ min: 2, max: 5 }).map((n) => Array.from({ length: n }, (_, i) => `web-${i + 1}`)),
  batch: fc.integer({ min: 1, max: 3 }),
  mode: fc.constantFrom('canary' as const, 'rolling' as const),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 600, maxLength: 600 }),
  step: fc.nat({ max: 150 }),
  host: fc.nat({ max: 4 }),
  forS: fc.integer({ min: 5, max: 90 }),
});

test('any host away for less than the lost threshold, at any step: the rollout never halts and completes', () => {
  fc.assert(
    fc.property(outage, ({ step, host, forS, ...s }) => {
      const sim = new Sim({ ...s, maxFailures: 0, failures: [false], death: { step, host, forS } });
      const seen = record(sim);
      assert.deepEqual(seen.halts, []);
      assert.equal(seen.states.at(-1)?.phase, 'done');
    }),
    { numRuns: 25 },
  );
});
