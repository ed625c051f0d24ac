/**
 * Property tests of the rollout decisions over whole simulated rollouts: hosts act in random
 * order on one consistent thread, updates fail at random, and at every step the decisions of
 * every host are checked together.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nextAction } from '../../src/protocol/next-action.js';
import { reduceFleet } from '../../src/protocol/reduce-fleet.js';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import type { RolloutState } from '../../src/protocol/rollout-state.js';
import { SHA1, SHA2, Thread, roster } from './fixtures.js';

interface Scenario {
  hosts: string[];
  batch: number;
  maxFailures: number;
  mode: 'canary' | 'rolling';
  picks: number[];
  failures: boolean[];
}

class Sim {
  readonly thread: Thread;
  readonly pinned = new Set<string>();
  readonly steps = new Map<string, number>();
  failIndex = 0;

  constructor(readonly s: Scenario) {
    this.thread = new Thread(`deploy ${s.mode} v2`);
  }

  view(now: number): { state: RolloutState; fleet: ReturnType<typeof reduceFleet> } {
    const state = reduceRollout(this.thread.messages, { now });
    const busy = new Set(state.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back').map((h) => h.host));
    const spec = Object.fromEntries(this.s.hosts.map((h) => [h, { ageS: 1, state: busy.has(h) ? ('updating' as const) : ('idle' as const) }]));
    return { state, fleet: reduceFleet(roster(now, spec), now) };
  }

  /** What the host's executor does for `continue`: two progress steps, then done or a revert. */
  work(host: string, action: Extract<RolloutAction, { kind: 'continue' }>): void {
    const step = this.steps.get(action.token) ?? 0;
    this.steps.set(action.token, step + 1);
    if (step < 2) {
      this.thread.add('progress', { host, phase: step === 0 ? 'building' : 'soaking' });
      return;
    }
    const fail = this.s.failures[this.failIndex++ % this.s.failures.length] ?? false;
    if (action.purpose === 'rollback') this.thread.add('rolled_back', { host, sha: SHA1, from_sha: SHA2, token: action.token });
    else if (fail) this.thread.add('reverted', { host, reason: 'health check failed', sha: SHA2, restored_sha: SHA1, token: action.token });
    else this.thread.add('done', { host, sha: SHA2, from_sha: SHA1, token: action.token });
  }

  apply(host: string, action: RolloutAction): void {
    switch (action.kind) {
      case 'post-plan':
        this.thread.plan({ mode: this.s.mode, order: this.s.hosts, batch: this.s.batch, max_failures: this.s.maxFailures });
        return;
      case 'post-slot':
        this.thread.add('slot', { index: action.index });
        return;
      case 'claim':
        // pins.add is the compare-and-set: only the first caller gets the pin.
        if (this.pinned.has(action.messageTs)) return;
        this.pinned.add(action.messageTs);
        this.thread.claim(host);
        return;
      case 'continue':
        return this.work(host, action);
      case 'release':
        this.thread.release(host, action.token, action.result);
        if (action.messageTs) this.pinned.delete(action.messageTs);
        return;
      case 'halt':
        this.thread.add('halted', { code: action.code, reason: action.reason, host: action.host });
        return;
      default:
        this.thread.t += 1;
    }
  }
}

function checkStep(state: RolloutState, actions: [string, RolloutAction][]): void {
  const claims = actions.filter(([, a]) => a.kind === 'claim') as [string, Extract<RolloutAction, { kind: 'claim' }>][];
  const slots = claims.map(([, a]) => a.slot);
  assert.equal(new Set(slots).size, slots.length, `two hosts may claim one slot: ${JSON.stringify(claims)}`);
  for (const [, a] of claims) assert.equal(state.slots[a.slot]?.lock.state, 'free');
  const busy = state.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back');
  assert.ok(busy.length <= (state.plan?.batch ?? 1), `${busy.length} hosts down at once`);
  assert.equal(new Set(busy.map((h) => h.slot)).size, busy.length, 'two hosts down in one slot');
  if (state.plan?.mode === 'canary' && !state.promoted) assert.ok(busy.every((h) => h.index === 0), 'only the canary moves before promote');
}

function run(s: Scenario): RolloutState {
  const sim = new Sim(s);
  for (const [i, pick] of s.picks.entries()) {
    const now = sim.thread.t + 1;
    const { state, fleet } = sim.view(now);
    if (state.phase === 'canary-healthy' && pick % 5 === 0) sim.thread.add('promoted', { by: 'U0ALICE' });
    const actions = s.hosts.map((h): [string, RolloutAction] => [h, nextAction(state, fleet, h, now)]);
    checkStep(state, actions);
    // Random but fair: every host gets a turn at least once per round of the schedule.
    const [host, action] = actions[(pick + i) % actions.length]!;
    sim.apply(host, action);
  }
  return reduceRollout(sim.thread.messages);
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
  fc.assert(fc.property(scenario, (s) => void run(s)), { numRuns: 30 });
});

test('without failures every rollout finishes on the target sha; with failures over budget it halts', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const clean = run({ ...s, failures: [false], picks: [...s.picks, ...s.picks] });
      assert.equal(clean.phase, 'done');
      assert.ok(clean.hosts.every((h) => h.status === 'done'));
      const end = run({ ...s, picks: [...s.picks, ...s.picks] });
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
      const sim = new Sim({ ...s, picks: s.picks.slice(0, 120) });
      for (const pick of s.picks.slice(0, 120)) {
        const now = sim.thread.t + 1;
        const { state, fleet } = sim.view(now);
        sim.apply(s.hosts[pick % s.hosts.length]!, nextAction(state, fleet, s.hosts[pick % s.hosts.length]!, now));
      }
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
