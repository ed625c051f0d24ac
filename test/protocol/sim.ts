/**
 * A simulated rollout for property tests: hosts act in a random (fair) order on one consistent
 * thread, following `nextAction`; updates fail at random; one host may die (stops acting and
 * beating), for good or for a while; a person may steer. `inFlight` is the ground truth of hosts between claim and the
 * end of their update, whatever the thread says.
 */
import { nextAction } from '../../src/protocol/next-action.js';
import { reduceFleet, type FleetState } from '../../src/protocol/reduce-fleet.js';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import type { RolloutState } from '../../src/protocol/rollout-state.js';
import { SHA1, SHA2, Thread, roster } from './fixtures.js';

export interface Scenario {
  hosts: string[];
  batch: number;
  maxFailures: number;
  mode: 'canary' | 'rolling';
  picks: number[];
  failures: boolean[];
  /** Step at which `hosts[host]` dies, if any; with `forS`, it comes back after that many seconds (a restart). */
  death?: { step: number; host: number; forS?: number };
  /** Let a person pause, resume, retry, roll back and promote at random. */
  steer?: boolean;
}

type Step = (state: RolloutState, actions: [string, RolloutAction][], sim: Sim) => void;

export class Sim {
  readonly thread: Thread;
  readonly pinned = new Set<string>();
  readonly steps = new Map<string, number>();
  readonly inFlight = new Set<string>();
  dead?: { host: string; at: number; until?: number };
  failIndex = 0;

  constructor(readonly s: Scenario) {
    this.thread = new Thread(`deploy ${s.mode} v2`);
  }

  view(now: number): { state: RolloutState; fleet: FleetState } {
    const state = reduceRollout(this.thread.messages, { now });
    const busy = new Set(state.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back').map((h) => h.host));
    const spec = Object.fromEntries(this.s.hosts.map((h) => {
      const ageS = this.isDown(h, now) && this.dead ? now - this.dead.at : 1;
      return [h, { ageS, state: busy.has(h) ? ('updating' as const) : ('idle' as const) }];
    }));
    return { state, fleet: reduceFleet(roster(now, spec), now) };
  }

  /** `host` neither beats nor acts: dead, or in the middle of its outage. */
  isDown(host: string, now: number): boolean {
    return this.dead?.host === host && (this.dead.until === undefined || now < this.dead.until);
  }

  /** The executor on `continue`: two progress steps, then done, a revert, or a rollback step. */
  work(host: string, action: Extract<RolloutAction, { kind: 'continue' }>): void {
    const step = this.steps.get(action.token) ?? 0;
    this.steps.set(action.token, step + 1);
    if (step < 2) {
      this.thread.add('progress', { host, phase: step === 0 ? 'building' : 'soaking' });
      return;
    }
    this.inFlight.delete(host);
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
        this.inFlight.add(host);
        this.thread.claim(host);
        return;
      case 'continue':
        return this.work(host, action);
      case 'release':
        this.thread.release(host, action.token, action.result);
        if (action.messageTs) this.pinned.delete(action.messageTs);
        return;
      case 'break':
        this.thread.lock('break', { host, nonce: `b-${host}-${this.thread.t}`, token: action.token, pin_created: action.pinCreated, reason: 'lease expired' });
        if (action.messageTs) this.pinned.delete(action.messageTs);
        if (action.halt) this.thread.add('halted', { code: 'lost', reason: action.halt.reason, host: action.halt.host });
        return;
      case 'halt':
        this.thread.add('halted', { code: action.code, reason: action.reason, host: action.host });
        return;
      default:
        this.thread.t += 1;
    }
  }

  /** A person's steering, now and then, as the phase allows. */
  steer(state: RolloutState, pick: number): void {
    const by = { by: 'U0ALICE' };
    if (state.phase === 'canary-healthy' && pick % 5 === 0) this.thread.add('promoted', by);
    if (!this.s.steer) return;
    if (pick % 41 === 1 && (state.phase === 'running' || state.phase === 'planned')) this.thread.add('paused', by);
    if (pick % 7 === 2 && state.phase === 'paused') this.thread.add('resumed', by);
    if (pick % 13 === 3 && state.phase === 'halted') this.thread.add(pick % 2 ? 'retried' : 'rollback', by);
    if (pick % 97 === 4 && state.phase === 'done') this.thread.add('rollback', by);
  }

  /** Runs the schedule; `check` sees every step's state and every host's action. */
  run(check: Step = () => undefined): RolloutState {
    for (const [i, pick] of this.s.picks.entries()) {
      const now = this.thread.t + 1;
      const death = this.s.death;
      if (death && i === death.step) this.dead = { host: this.s.hosts[death.host % this.s.hosts.length]!, at: now, until: death.forS === undefined ? undefined : now + death.forS };
      const { state, fleet } = this.view(now);
      this.steer(state, pick);
      const actions = this.s.hosts.map((h): [string, RolloutAction] => [h, nextAction(state, fleet, h, now)]);
      check(state, actions, this);
      // Random but fair: every host gets a turn at least once per round of the schedule.
      const [host, action] = actions[(pick + i) % actions.length]!;
      if (this.isDown(host, now)) this.thread.t += 1;
      else this.apply(host, action);
    }
    return reduceRollout(this.thread.messages);
  }
}
