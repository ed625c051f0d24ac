/**
 * Property tests of the rollout decisions over whole simulated rollouts (see sim.ts): at every
 * step the decisions of every host are checked together against the thread and the ground truth.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import type { RolloutState } from '../../src/protocol/rollout-state.js';
import { Sim } from './sim.js';

function checkStep(state: RolloutState, actions: [string, RolloutAction][], sim: Sim): void {
  const claims = actions.filter(([, a]) => a.kind === 'claim') as [string, Extract<RolloutAction, { kind: 'claim' }>][];
  const slots = claims.map(([, a]) => a.slot);
  assert.equal(new Set(slots).size, slots.length, `two hosts may claim one slot: ${JSON.stringify(claims)}`);
  for (const [, a] of claims) assert.equal(state.slots[a.slot]?.lock.state, 'free');
  const batch = state.plan?.batch ?? 1;
  assert.ok(sim.inFlight.size <= batch, `${[...sim.inFlight].join(', ')} down at once with batch ${batch}`);
  const busy = state.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back');
  assert.equal(new Set(busy.map((h) => h.slot)).size, busy.length, 'two hosts down in one slot');
  if (state.plan?.mode === 'canary' && !state.promoted) assert.ok(busy.every((h) => h.index === 0), 'only the canary moves before promote');
}

const scenario = fc.record({
  hosts: fc.integer({ min: 2, max: 5 }).map((n) => Array.from({ length: n }, (_, i) => `web-${i + 1}`)),
  batch: fc.integer({ min: 1, max: 3 }),
  maxFailures: fc.integer({ min: 0, max: 2 }),
  mode: fc.constantFrom('canary' as const, 'rolling' as const),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 200, maxLength: 200 }),
  failures: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
});

test('no two hosts ever claim one slot, never more than batch hosts are down, the canary goes alone', () => {
  fc.assert(fc.property(scenario, (s) => void new Sim(s).run(checkStep)), { numRuns: 30 });
});

const chaos = fc.record({ s: scenario, deathStep: fc.nat({ max: 120 }), deadHost: fc.nat({ max: 4 }) });

test('a host dying at any step: nobody else goes down in its place; a dead holder is broken as lost; the rollout ends, done or halted', () => {
  fc.assert(
    fc.property(chaos, ({ s, deathStep, deadHost }) => {
      const sim = new Sim({ ...s, picks: [...s.picks, ...s.picks], death: { step: deathStep, host: deadHost } });
      const end = sim.run(checkStep);
      // Liveness: a dead host past its turn, ahead of its turn or holding never leaves the rollout waiting.
      assert.ok(end.phase === 'done' || end.phase === 'halted', `a dead ${sim.dead?.host} left the rollout ${end.phase}`);
      if (sim.dead && sim.inFlight.has(sim.dead.host)) {
        assert.equal(end.phase, 'halted', `a dead holder left the rollout ${end.phase}`);
        // Its claim was broken (the pin freed), whether or not the rollout had halted already.
        const dead = sim.dead.host;
        assert.ok(end.slots.every((slot) => !('claim' in slot.lock) || slot.lock.claim.host !== dead), `${dead} still holds a lock`);
        assert.equal(end.hosts.find((h) => h.host === dead)?.status, 'lost');
      }
    }),
    { numRuns: 25 },
  );
});

test('a dying host and a person pausing, resuming, retrying and rolling back at random: still never too many down', () => {
  fc.assert(
    fc.property(chaos, ({ s, deathStep, deadHost }) => {
      new Sim({ ...s, picks: [...s.picks, ...s.picks], death: { step: deathStep, host: deadHost }, steer: true }).run(checkStep);
    }),
    { numRuns: 25 },
  );
});

test('without failures every rollout finishes on the target sha; with failures over budget it halts', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const picks = [...s.picks, ...s.picks];
      const clean = new Sim({ ...s, failures: [false], picks }).run(checkStep);
      assert.equal(clean.phase, 'done');
      assert.ok(clean.hosts.every((h) => h.status === 'done'));
      const end = new Sim({ ...s, picks }).run(checkStep);
      const failed = end.hosts.filter((h) => h.status === 'reverted').length;
      if (failed > s.maxFailures) assert.equal(end.phase, 'halted');
      else assert.ok(end.phase === 'done' || end.phase === 'halted', end.phase);
    }),
    { numRuns: 15 },
  );
});

test('the reducer ignores message order and duplicated or replayed messages', () => {
  fc.assert(
    fc.property(scenario, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (s, shuffle) => {
      const sim = new Sim({ ...s, picks: s.picks.slice(0, 120), steer: true });
      sim.run();
      const messages = sim.thread.messages;
      const mixed = [...messages];
      for (const n of shuffle) {
        const i = n % mixed.length;
        const j = (n * 7 + 3) % mixed.length;
        [mixed[i], mixed[j]] = [mixed[j]!, mixed[i]!];
        mixed.push(messages[n % messages.length]!);
      }
      const now = sim.thread.t + 1;
      assert.deepEqual(reduceRollout(mixed, { now }), reduceRollout(messages, { now }));
    }),
    { numRuns: 30 },
  );
});
