/**
 * Turn-taking (DESIGN §4.1): contenders for a lock follow a fixed order instead of racing
 * `pins.add`. Only the first host that has not finished may try at once; a host further down
 * tries only after the thread has been silent for `backoffS` per place between it and the
 * first, so a dead or stuck host delays the rest without ever being raced by all of them.
 */
import { decideLock, DEFAULT_TIMING, type LockTiming, type LockView, type PinState } from './decide.js';
import type { LockRecord } from './record-types.js';
import { tsToSeconds } from './slack-ts.js';

export interface TurnOptions extends LockTiming {
  /** Silence (Slack seconds) each place in the order adds before a later host may try. */
  backoffS: number;
  /** Slack time the turn-taking began (the command or plan ts): silence is counted from here at least. */
  startedAt: number;
}

export type TurnView =
  | { myTurn: true; place: number; lock: LockView }
  | { myTurn: false; why: 'done' | 'not_in_order' | 'lock_busy' | 'waiting'; place?: number; retryAt?: number; lock: LockView };

/** Hosts that finished: released a claim they held (any result), or yielded. */
export function finishedHosts(records: readonly LockRecord[]): Set<string> {
  const claimHost = new Map<string, string>();
  const done = new Set<string>();
  for (const r of records) {
    if (r.kind === 'claim') claimHost.set(r.ts, r.payload.host);
    else if (r.kind === 'yield') done.add(r.payload.host);
    else if (r.kind === 'release' && claimHost.get(r.payload.token) === r.payload.host) done.add(r.payload.host);
  }
  return done;
}

/**
 * Is it `me`'s turn to call `pins.add`, given the plan's `order` and what the thread says?
 * Never true while the lock is held, expired-but-unbroken, or pinned without a claim: those are
 * for the holder, or for a breaker (see `decideLock`), not for the next in line.
 */
export function isMyTurn(
  order: readonly string[],
  me: string,
  records: readonly LockRecord[],
  pin: PinState | undefined,
  now: number,
  options: TurnOptions,
): TurnView {
  const lock = decideLock(records, pin, now, {}, options);
  const done = finishedHosts(records);
  if (!order.includes(me)) return { myTurn: false, why: 'not_in_order', lock };
  if (done.has(me)) return { myTurn: false, why: 'done', lock };
  if (lock.state !== 'free') return { myTurn: false, why: 'lock_busy', lock };
  const pending = order.filter((host) => !done.has(host));
  const place = pending.indexOf(me);
  if (place === 0) return { myTurn: true, place, lock };
  const lastActivity = Math.max(options.startedAt, ...records.map((r) => tsToSeconds(r.editedTs ?? r.ts)));
  const retryAt = lastActivity + place * options.backoffS;
  return now >= retryAt ? { myTurn: true, place, lock } : { myTurn: false, why: 'waiting', place, retryAt, lock };
}

export const DEFAULT_TURN: Omit<TurnOptions, 'startedAt'> = { ...DEFAULT_TIMING, backoffS: 30 };
