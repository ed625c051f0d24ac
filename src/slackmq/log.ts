/**
 * Replaying the lock's log (the thread records) into its state. Pure.
 *
 * The rules, applied in ts order:
 * - a claim is *current* when no other claim is current at its ts; a claim posted while another
 *   is current is *late* and dead forever, and so is one posted by another host in a winning
 *   breaker's reservation (the grace after its break): the look already keeps contenders out
 *   then, so only a claim that landed late (held up by 429s, or sent after an ambiguous
 *   `pins.add`) gets there, after the breaker's read — it must not hold, since the breaker removes
 *   the pin and takes the lock;
 * - a `release` from the holder (same nonce) or any `break` naming the current token closes it;
 *   anything naming another token changes nothing (replays, duplicates, hostile records);
 * - a claim closed by a break still *shadows* the lock until its own lease (by its latest
 *   renewal) plus the lock delay has run out: a premature break (from a stale read, a skewed
 *   breaker or a person) stops the holder at its next check but lets nobody in before its lease
 *   is over;
 * - a break of a pin with no claim (`token: null`) counts only if posted while no claim was
 *   current, after the grace (from the pin's `created` and from the last close) and naming no
 *   pin older than one a counted break named before it; it wins only if no counted break of the
 *   same pin came less than the grace before it.
 */
import type { LockTiming } from './decide.js';
import type { ClaimPayload, LockRecord } from './record-types.js';
import { compareTs, tsToSeconds } from './slack-ts.js';

export interface ClaimView {
  token: string;
  host: string;
  nonce: string;
  leaseS: number;
  /** Slack time of the claim. */
  since: number;
  /** Slack time of the last renewal (the claim itself before the first). */
  lastBeat: number;
  /** `lastBeat + lease`. */
  expiresAt: number;
  /** `expiresAt + lockDelay`: from then on the claim may be broken. */
  breakableAt: number;
  fromSha?: string;
  toSha?: string;
}

export interface Closing {
  by: 'release' | 'break';
  host: string;
  nonce: string;
  at: number;
  ts: string;
}

export interface PinBreak {
  ts: string;
  at: number;
  host: string;
  nonce: string;
}

export interface LogState {
  current?: ClaimView;
  /** Slack time of the last release/break that closed a claim. */
  lastClosedAt?: number;
  /** How each token that was current closed. */
  closed: Map<string, Closing>;
  /** Tokens of claims posted while another was current. */
  late: Set<string>;
  claims: Map<string, LockRecord & { kind: 'claim' }>;
  /** The last claim closed by a break, with its lease as last renewed. */
  lastBroken?: ClaimView;
  /** The last effective break (one that closed a claim, or won a round for a pin with no claim). */
  lastBreak?: PinBreak;
  /** The winning break of each pin (by `created`) with no claim, latest round. */
  pinBreakWinners: Map<number, PinBreak>;
  /** The newest pin (by `created`) a counted break of a pin with no claim has named. */
  newestPinBroken?: number;
}

export function claimView(record: LockRecord & { kind: 'claim' }, now: number, lockDelayS: number): ClaimView {
  const p: ClaimPayload = record.payload;
  const since = tsToSeconds(record.ts);
  const edited = record.editedTs ? tsToSeconds(record.editedTs) : since;
  // A renewal stamp from the future (a skewed or hostile writer) counts as "now", no later.
  const beat = p.beat_at === undefined ? since : Math.min(p.beat_at, now);
  const lastBeat = Math.max(since, edited, beat);
  const expiresAt = lastBeat + p.lease_s;
  return { token: record.ts, host: p.host, nonce: p.nonce, leaseS: p.lease_s, since, lastBeat, expiresAt, breakableAt: expiresAt + lockDelayS, fromSha: p.from_sha, toSha: p.to_sha };
}

function onPinBreak(state: LogState, record: LockRecord & { kind: 'break' }, lastSeen: Map<number, number>, graceS: number): void {
  if (state.current) return;
  const at = tsToSeconds(record.ts);
  const created = record.payload.pin_created ?? -1;
  // Posted before the grace was over (a breaker acting on a stale read): it counts for nothing.
  const shadowEnd = state.lastBroken?.breakableAt ?? Number.NEGATIVE_INFINITY;
  if (at < Math.max(created, state.lastClosedAt ?? Number.NEGATIVE_INFINITY, shadowEnd) + graceS) return;
  // A break of a pin older than one a counted break has named aims at a pin that is gone (a
  // message's pins come one after another; the breaker read `pins.list` long before): nothing.
  if (state.newestPinBroken !== undefined && created < state.newestPinBroken) return;
  state.newestPinBroken = created;
  const previous = lastSeen.get(created);
  lastSeen.set(created, at);
  if (previous !== undefined && at - previous < graceS) return;
  const winner = { ts: record.ts, at, host: record.payload.host, nonce: record.payload.nonce };
  state.pinBreakWinners.set(created, winner);
  state.lastBreak = winner;
}

function onClose(state: LogState, record: LockRecord & { kind: 'release' | 'break' }, token: string): void {
  const current = state.current;
  if (current?.token !== token) return;
  // Only the holder releases; a release from anyone else (a bug, a replay, a hostile app) is ignored.
  if (record.kind === 'release' && record.payload.nonce !== current.nonce) return;
  const at = tsToSeconds(record.ts);
  state.closed.set(token, { by: record.kind, host: record.payload.host, nonce: record.payload.nonce, at, ts: record.ts });
  state.lastClosedAt = at;
  state.current = undefined;
  if (record.kind === 'break') {
    state.lastBroken = current;
    state.lastBreak = { ts: record.ts, at, host: record.payload.host, nonce: record.payload.nonce };
  } else {
    state.lastBreak = undefined;
  }
}

/**
 * Whether a claim lands in the grace after a winning break, by a host other than the breaker.
 * Judged from the records before the claim; for a break that closed a claim, which break won is
 * itself a matter of ts alone, so every reader that sees the claim judges it the same, now and
 * later.
 */
function reservedForAnother(state: LogState, claim: LockRecord & { kind: 'claim' }, graceS: number): boolean {
  const reservation = state.lastBreak;
  return reservation !== undefined && tsToSeconds(claim.ts) < reservation.at + graceS && reservation.host !== claim.payload.host;
}

/** Replays the log; `now` (Slack seconds) only clamps renewal stamps from the future. */
export function replayLog(records: readonly LockRecord[], now: number, timing: LockTiming): LogState {
  const state: LogState = { closed: new Map(), late: new Set(), claims: new Map(), pinBreakWinners: new Map() };
  const pinBreaksSeen = new Map<number, number>();
  for (const record of [...records].sort((a, b) => compareTs(a.ts, b.ts))) {
    if (record.kind === 'claim') {
      state.claims.set(record.ts, record);
      if (state.current || reservedForAnother(state, record, timing.graceS)) state.late.add(record.ts);
      else state.current = claimView(record, now, timing.lockDelayS);
    } else if (record.kind === 'break' && record.payload.token === null) {
      onPinBreak(state, record, pinBreaksSeen, timing.graceS);
    } else if (record.kind === 'release' || record.kind === 'break') {
      onClose(state, record, record.payload.token as string);
    }
  }
  return state;
}
