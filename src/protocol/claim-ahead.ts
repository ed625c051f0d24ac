/**
 * A claim made when the turn ahead ends, without a look at the thread first (DESIGN §5.2). While
 * the turn ahead runs, the host next in line works out the claim it will make once that turn's
 * holder has finished and released (`claimOnRelease`). When it sees the pin go, it claims at once;
 * the lock's read after the claim then shows the thread as it is, and `claimDue` says whether the
 * turn was this host's. If it was not (the turn ahead failed, a person paused the rollout), the
 * host withdraws the claim: the lock's log, not the guess, decides who holds it (I2), and the
 * thread, not the guess, decides whether a turn is due (I1).
 */
import { compareTs, secondsToTs } from '../slackmq/slack-ts.js';
import type { FleetState } from './reduce-fleet.js';
import type { RolloutAction } from './rollout-action.js';
import type { RolloutState } from './rollout-state.js';
import { nextAction, type ActionOptions } from './next-action.js';

export type ClaimAction = Extract<RolloutAction, { kind: 'claim' }>;

/** What a claim names of its turn: enough to tell whether the thread asked for it. */
export type ClaimedTurn = Pick<ClaimAction, 'slot' | 'messageTs' | 'purpose' | 'sha'>;

/**
 * The claim `me` makes when the holder of its slot (updating, or done and about to release, in a
 * rolling rollout or after the canary's promotion) finishes with `done` and releases: `nextAction` on the state as it will be
 * then. Undefined when nothing that simple follows that turn (a canary that will soak, a rollback,
 * a host not next in line): then the host looks at the thread as before.
 */
export function claimOnRelease(rollout: RolloutState, fleet: FleetState, me: string, now: number, options?: ActionOptions): ClaimAction | undefined {
  const self = rollout.hosts.find((h) => h.host === me);
  const slot = self ? rollout.slots[self.slot] : undefined;
  if (!self || !slot || slot.lock.state !== 'held' || slot.lock.broken) return undefined;
  if (rollout.phase !== 'running' || (rollout.plan?.mode === 'canary' && !rollout.promoted)) return undefined;
  const holder = slot.lock.claim;
  // The holder is updating, or has posted its `done` and is about to release.
  const ahead = rollout.hosts.find((h) => h.host === holder.host);
  if (ahead?.status !== 'updating' && ahead?.status !== 'done') return undefined;
  const doneTs = ahead.doneTs ?? secondsToTs(now);
  const then: RolloutState = {
    ...rollout,
    hosts: rollout.hosts.map((h) => (h === ahead ? { ...h, status: 'done', doneTs } : h)),
    slots: rollout.slots.map((s) => (s === slot ? { ...s, lock: { state: 'free', lastClosedAt: now } } : s)),
    holders: rollout.holders.filter((c) => c.token !== holder.token),
  };
  const action = nextAction(then, fleet, me, now, options);
  return action.kind === 'claim' ? action : undefined;
}

/**
 * Whether a claim made without a look was due: `rollout` is the thread as the lock's read after
 * the claim showed it, with that claim and its pin left out. Due when `nextAction` asks for the
 * same claim; otherwise the action it asks for says why not (a wait on the roster may be due on a
 * fresher roster read).
 */
export function claimDue(rollout: RolloutState, fleet: FleetState, me: string, now: number, claim: ClaimedTurn, options?: ActionOptions): { due: true } | { due: false; action: RolloutAction } {
  const action = nextAction(rollout, fleet, me, now, options);
  const same = action.kind === 'claim' && action.slot === claim.slot && action.messageTs === claim.messageTs && action.purpose === claim.purpose && action.sha === claim.sha;
  return same ? { due: true } : { due: false, action };
}

/**
 * The thread as a look just before the claim `token` would have shown it: the messages before
 * it. What came after it (a claim another host made meanwhile, a pause) counts as it would for
 * a claim made after a look: the lock's log, and the holder's own next steps, deal with it.
 */
export function threadBefore<T extends { ts: string }>(messages: readonly T[], token: string): T[] {
  return messages.filter((m) => compareTs(m.ts, token) < 0);
}
