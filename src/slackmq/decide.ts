/**
 * The lock's decisions as pure functions of (thread records, pin state, Slack time now, me).
 * No I/O and no clock: every agent, the dashboard and the CLI reach the same answer from the
 * same thread. Times are Slack seconds (a message `ts` read as a number).
 *
 * The log rules are in `log.ts`: at most one claim is current at any point of the thread,
 * whatever the pin says, and the pin only spares the herd from racing.
 */
import { replayLog, type ClaimView, type LogState, type PinBreak } from './log.js';
import type { LockRecord } from './record-types.js';

export { replayLog, type ClaimView, type LogState, type PinBreak } from './log.js';

export interface PinState {
  pinned: boolean;
  /** `created` from pins.list (Slack seconds), when known. */
  created?: number;
  /** Who pinned it (`created_by`), when known: a person's pin shows up here. */
  createdBy?: string;
}

export interface LockTiming {
  /** Extra wait after a lease runs out before anyone may break it (absorbs clock-rate drift). */
  lockDelayS: number;
  /** How long a pin with no claim is left alone (the claimant may be between pins.add and its claim). */
  graceS: number;
}

export const DEFAULT_TIMING: LockTiming = { lockDelayS: 15, graceS: 30 };

export interface Me {
  nonce?: string;
  token?: string;
  /** The nonce of a break I won: the lock is reserved for me for the grace after it. */
  breakNonce?: string;
}

export type LockView =
  | { state: 'free'; lastClosedAt?: number }
  | { state: 'reserved'; by: string; until: number }
  | { state: 'held'; claim: ClaimView; pinMissing: boolean; broken?: true }
  | { state: 'mine'; claim: ClaimView; pinMissing: boolean }
  | { state: 'expired'; claim: ClaimView }
  | { state: 'unclaimed'; pin: PinState; breakableAt: number; breakable: boolean }
  | { state: 'broken'; token: string; by: string; at: number }
  | { state: 'lost'; token: string; reason: 'released' | 'late' | 'unknown' };

function myView(log: LogState, me: Me): LockView | undefined {
  const mine = (c: { token: string; nonce: string }) => c.token === me.token || (me.nonce !== undefined && c.nonce === me.nonce);
  if (log.current && mine(log.current)) return undefined;
  const tokens = [...log.claims.values()].filter((r) => mine({ token: r.ts, nonce: r.payload.nonce })).map((r) => r.ts);
  if (me.token && !tokens.includes(me.token)) tokens.push(me.token);
  for (const token of tokens) {
    const closed = log.closed.get(token);
    if (closed?.by === 'break') return { state: 'broken', token, by: closed.host, at: closed.at };
  }
  const [token] = tokens;
  if (token === undefined) return undefined;
  if (tokens.some((t) => log.closed.get(t)?.by === 'release')) return { state: 'lost', token, reason: 'released' };
  return { state: 'lost', token, reason: log.late.has(token) ? 'late' : 'unknown' };
}

/**
 * What the lock is, for `me`:
 * - `mine`: my claim is current (check `claim.expiresAt` against the lease you can still promise);
 * - `broken`: a break named my claim: stop, and never touch the pin;
 * - `lost`: I hold no current claim (mine was released, or was posted while another was current);
 * - `held`: another claim is current and within lease + lock delay, or was just broken and its
 *   lease (as last renewed) has not run out yet (`broken: true`);
 * - `expired`: another claim outlived lease + lock delay: it may be broken;
 * - `unclaimed`: pinned with no current claim: left alone for the grace, then it may be broken;
 * - `reserved`: a breaker just won: for the grace after its break, only it may take the lock
 *   (so the one that breaks is the one that takes over, and nobody races it for the pin);
 * - `free`: no current claim and no pin (or the pin state is unknown).
 * `me` matters only when it names a claim (by nonce or token); without it, `mine`/`broken`/`lost`
 * never appear.
 */
export function decideLock(
  records: readonly LockRecord[],
  pin: PinState | undefined,
  now: number,
  me: Me = {},
  timing: LockTiming = DEFAULT_TIMING,
): LockView {
  return decideFromLog(replayLog(records, now, timing), pin, now, me, timing);
}

/** `decideLock` on a log already replayed (`replayLog` with the same `now` and timing), for a caller that needs the log too. */
export function decideFromLog(log: LogState, pin: PinState | undefined, now: number, me: Me = {}, timing: LockTiming = DEFAULT_TIMING): LockView {
  const mineOrLost = me.nonce !== undefined || me.token !== undefined ? myView(log, me) : undefined;
  if (mineOrLost) return mineOrLost;
  const pinMissing = pin?.pinned === false;
  if (log.current) {
    const claim = log.current;
    const isMine = claim.token === me.token || (me.nonce !== undefined && claim.nonce === me.nonce);
    if (isMine) return { state: 'mine', claim, pinMissing };
    return now >= claim.breakableAt ? { state: 'expired', claim } : { state: 'held', claim, pinMissing };
  }
  const shadow = log.lastBroken;
  if (shadow && now < shadow.breakableAt) return { state: 'held', claim: shadow, pinMissing, broken: true };
  const reserved = log.lastBreak;
  if (reserved && now < reserved.at + timing.graceS && reserved.nonce !== me.breakNonce) {
    return { state: 'reserved', by: reserved.host, until: reserved.at + timing.graceS };
  }
  if (pin?.pinned) {
    const from = Math.max(pin.created ?? Number.POSITIVE_INFINITY, log.lastClosedAt ?? Number.NEGATIVE_INFINITY, shadow?.breakableAt ?? Number.NEGATIVE_INFINITY);
    const breakableAt = from + timing.graceS;
    return { state: 'unclaimed', pin, breakableAt, breakable: now >= breakableAt };
  }
  return { state: 'free', lastClosedAt: log.lastClosedAt };
}

/** What a break is aimed at: a claim by its token, or a pin with no claim by its `created`. */
export type BreakTarget = { token: string } | { pinCreated: number };

/**
 * The winning break for a target, if any: the only breaker allowed to touch the pin.
 * - A claim (`token`): the break that closed it, the earliest naming it while it was current.
 * - A pin with no claim (`pinCreated`): the latest round winner (see `log.ts`). A winner that
 *   died before removing the pin thus does not block the pin forever.
 */
export function breakWinner(records: readonly LockRecord[], target: BreakTarget, timing: LockTiming = DEFAULT_TIMING): PinBreak | undefined {
  const log = replayLog(records, Number.POSITIVE_INFINITY, timing);
  if ('pinCreated' in target) return log.pinBreakWinners.get(target.pinCreated);
  const closed = log.closed.get(target.token);
  return closed?.by === 'break' ? { ts: closed.ts, at: closed.at, host: closed.host, nonce: closed.nonce } : undefined;
}
