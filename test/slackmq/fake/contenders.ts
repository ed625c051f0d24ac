/**
 * One randomized schedule: N contenders take turns at one lock through the fake Slack, each
 * acting in steps while it holds the lock, under seeded faults, freezes (the process stops),
 * cuts (the process runs but reaches no Slack) and crashes.
 */
import {
  LockHeldError,
  LockLostError,
  PinLock,
  SlackUnavailableError,
  type LockTiming,
} from '../../../src/slackmq/index.js';
import { FakeSlack, type FaultRates } from './fake-slack.js';
import { checkI2, checkI3, type Act } from './invariants.js';
import { rng, Sim, SimProcess } from './sim.js';

export interface Schedule {
  seed: number;
  contenders: number;
  rounds: number;
  faults: FaultRates;
  /** Drift of each process's clock, in parts per thousand (±). */
  driftPpt: number;
  troubles: { atMs: number; who: number; kind: 'freeze' | 'cut' | 'crash'; forMs: number }[];
}

export interface Outcome {
  problem?: string;
  acts: number;
  holders: number;
}

const timing: LockTiming = { lockDelayS: 2, graceS: 4 };
const EPOCH_S = 1_800_000_000;

async function contend(sim: Sim, fake: FakeSlack, proc: SimProcess, lockTs: string, s: Schedule, i: number, acts: Act[]): Promise<void> {
  const random = rng(s.seed * 31 + i);
  const lock = new PinLock({
    slack: fake.client(proc), channel: fake.channel, ts: lockTs, host: proc.name, leaseS: 6, marginS: 1.5, timing,
    clock: proc, random, retry: { maxAttempts: 5, baseMs: 200, maxMs: 2000, maxRateLimitWaits: 8 },
  });
  let held = 0;
  for (let attempt = 0; held < s.rounds && attempt < 40; attempt++) {
    let lease;
    try {
      // Every other attempt claims without the read before pins.add, as a caller that has just
      // read the thread may: here nobody has read anything, the hardest case for `seenFree`.
      lease = await lock.acquireOrBreak({ seenFree: (attempt + i) % 2 === 1 });
    } catch (error) {
      if (!(error instanceof LockHeldError || error instanceof SlackUnavailableError)) throw error;
      await proc.sleep(300 + random.next() * 2500);
      continue;
    }
    held += 1;
    const steps = 3 + Math.floor(random.next() * 8);
    for (let step = 0; step < steps; step++) {
      try {
        lease.assertHeld();
      } catch (error) {
        if (error instanceof LockLostError) break;
        throw error;
      }
      acts.push({ host: proc.name, token: lease.token, at: sim.now });
      await proc.sleep(200 + random.next() * 2500);
    }
    try {
      await lease.release(random.next() < 0.8 ? 'done' : 'failed');
    } catch (error) {
      if (!(error instanceof SlackUnavailableError)) throw error;
    }
    await proc.sleep(random.next() * 2000);
  }
}

export async function runSchedule(s: Schedule): Promise<Outcome> {
  const sim = new Sim();
  const fake = new FakeSlack(sim, rng(s.seed), s.faults);
  const lockTs = fake.post('deploy rolling');
  const drift = rng(s.seed + 7);
  const procs = Array.from({ length: s.contenders }, (_, i) => new SimProcess(sim, `web-${i + 1}`, 1 + ((drift.next() * 2 - 1) * s.driftPpt) / 1000));
  for (const t of s.troubles) {
    const proc = procs[t.who % procs.length]!;
    sim.at(t.atMs, () => (t.kind === 'crash' ? proc.crash() : t.kind === 'cut' ? proc.cutOff(t.forMs) : proc.freeze(t.forMs)));
  }
  const acts: Act[] = [];
  const errors: unknown[] = [];
  procs.forEach((proc, i) => void contend(sim, fake, proc, lockTs, s, i, acts).catch((e: unknown) => errors.push(e)));
  await sim.run(600_000);
  const problem =
    (errors.length ? `unexpected error: ${String(errors[0])}` : undefined) ??
    checkI2(acts) ??
    checkI3(fake, lockTs, EPOCH_S, timing);
  return { problem, acts: acts.length, holders: new Set(acts.map((a) => a.token)).size };
}
