/**
 * A discrete-event scheduler in virtual time, so a test can run minutes of lock traffic in
 * milliseconds. Processes get their own clock (with drift) and can be frozen (a GC pause, a
 * stopped VM) or crashed (frozen forever). Everything resolves in virtual-time order; between
 * two timers all pending promise continuations run (one `setImmediate` hop drains them).
 */
import type { ClockPort, RandomPort } from '../../../src/slackmq/index.js';

interface Timer {
  at: number;
  seq: number;
  proc?: SimProcess;
  fire: () => void;
}

export class Sim {
  now = 0;
  private timers: Timer[] = [];
  private seq = 0;

  /** Fires `fire` at virtual `at` ms; a frozen process's timer waits until it thaws. */
  at(at: number, fire: () => void, proc?: SimProcess): void {
    this.timers.push({ at: Math.max(at, this.now), seq: this.seq++, proc, fire });
  }

  delay(ms: number, proc?: SimProcess): Promise<void> {
    return new Promise((resolve) => this.at(this.now + ms, resolve, proc));
  }

  /** Runs until no timer is left or virtual time passes `untilMs`. */
  async run(untilMs: number): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.timers.length === 0) return;
      let best = 0;
      for (let i = 1; i < this.timers.length; i++) {
        const t = this.timers[i]!;
        const b = this.timers[best]!;
        if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
      }
      const timer = this.timers[best]!;
      if (timer.at > untilMs) return;
      this.timers.splice(best, 1);
      this.now = timer.at;
      const thaw = timer.proc?.frozenUntil ?? 0;
      if (thaw > this.now) {
        if (Number.isFinite(thaw)) this.at(thaw, timer.fire, timer.proc);
        continue;
      }
      timer.fire();
    }
  }
}

/** A seeded PRNG (mulberry32). */
export function rng(seed: number): RandomPort {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A process: a name, a drifting clock, and a freeze switch. */
export class SimProcess implements ClockPort {
  frozenUntil = 0;
  /** Until then the process runs but reaches no Slack (its requests fail as network errors). */
  cutUntil = 0;

  constructor(
    readonly sim: Sim,
    readonly name: string,
    /** Clock rate relative to Slack's (1.01 runs 1 % fast). */
    readonly rate: number,
  ) {}

  monotonicMs(): number {
    return this.sim.now * this.rate;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      this.sim.at(this.sim.now + Math.max(0, ms) / this.rate, done, this);
    });
  }

  freeze(ms: number): void {
    this.frozenUntil = Math.max(this.frozenUntil, this.sim.now + ms);
  }

  cutOff(ms: number): void {
    this.cutUntil = Math.max(this.cutUntil, this.sim.now + ms);
  }

  crash(): void {
    this.frozenUntil = Number.POSITIVE_INFINITY;
  }

  get crashed(): boolean {
    return this.frozenUntil === Number.POSITIVE_INFINITY;
  }
}
