/**
 * The lock's decisions as pure functions of (thread records, pin state, Slack time now, me).
 * No I/O and no clock: every agent, the dashboard and the CLI reach the same answer from the
 * same thread. Times are Slack seconds (a message `ts` read as a number).
 *
 * The log rule: a claim is *current* when no other claim was current at its ts. It stops being
 * current at the first `release` or `break` naming its token. A claim posted while another was
 * current is dead forever, so two hosts can never both be current, whatever the pin says.
 */
import type { ClaimPayload, LockRecord } from './record-types.js';
import { compareTs, tsToSeconds } from './slack-ts.js';

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

/** Identifies the caller's own claim: the nonce it put in the claim, or the token it got. */
export interface Me {
  nonce?: string;
  token?: string;
  /** The nonce of a break I won: the lock is reserved for me for the grace after it. */
  breakNonce?: string;
}

export type LockView =
  | { state: 'free'; lastClosedAt?: number }
  | { state: 'reserved'; by: string; until: number }
  | { state: 'held'; claim: ClaimView; pinMissing: boolean }
  | { state: 'mine'; claim: ClaimView; pinMissing: boolean }
  | { state: 'expired'; claim: ClaimView }
  | { state: 'unclaimed'; pin: PinState; breakableAt: number; breakable: boolean }
  | { state: 'broken'; token: string; by: string; at: number }
  | { state: 'lost'; token: string; reason: 'released' | 'late' | 'unknown' };

export interface LogState {
  current?: ClaimView;
  /** Slack time of the last release/break that closed a claim. */
  lastClosedAt?: number;
  /** Every token that was current at some point, with how it closed. */
  closed: Map<string, { by: 'release' | 'break'; host: string; nonce: string; at: number }>;
  /** Tokens of claims posted while another was current. */
  late: Set<string>;
  /** The last effective break (one that closed a claim, or won a round for a pin with no claim). */
  lastBreak?: { at: number; nonce: string; host: string };
  claims: Map<string, LockRecord & { kind: 'claim' }>;
}

function claimView(record: LockRecord & { kind: 'claim' }, now: number): ClaimView {
  const p: ClaimPayload = record.payload;
  const since = tsToSeconds(record.ts);
  const edited = record.editedTs ? tsToSeconds(record.editedTs) : since;
  // A renewal stamp from the future (a skewed or hostile writer) counts as "now", no later.
  const beat = p.beat_at === undefined ? since : Math.min(p.beat_at, now);
  const lastBeat = Math.max(since, edited, beat);
  return {
    token: record.ts,
    host: p.host,
    nonce: p.nonce,
    leaseS: p.lease_s,
    since,
    lastBeat,
    expiresAt: lastBeat + p.lease_s,
    breakableAt: lastBeat + p.lease_s,
    fromSha: p.from_sha,
    toSha: p.to_sha,
  };
}

/** Replays the log (records sorted by ts, as `decodeRecords` returns them). */
export function replayLog(records: readonly LockRecord[], now: number, timing: LockTiming = DEFAULT_TIMING): LogState {
  const state: LogState = { closed: new Map(), late: new Set(), claims: new Map() };
  const sorted = [...records].sort((a, b) => compareTs(a.ts, b.ts));
  const pinBreaks = new Map<number, number>();
  for (const record of sorted) {
    if (record.kind === 'break' && record.payload.token === null) {
      const at = tsToSeconds(record.ts);
      const created = record.payload.pin_created ?? -1;
      const previous = pinBreaks.get(created);
      pinBreaks.set(created, at);
      if (!state.current && (previous === undefined || at - previous >= timing.graceS)) {
        state.lastBreak = { at, nonce: record.payload.nonce, host: record.payload.host };
      }
      continue;
    }
    if (record.kind === 'claim') {
      state.claims.set(record.ts, record);
      if (state.current) state.late.add(record.ts);
      else state.current = { ...claimView(record, now) };
    } else if ((record.kind === 'release' || record.kind === 'break') && record.payload.token !== null) {
      const token = record.payload.token;
      if (state.current?.token !== token) continue;
      // Only the holder releases; a release from anyone else (a bug, a replay, a hostile app) is ignored.
      if (record.kind === 'release' && record.payload.nonce !== state.current.nonce) continue;
      state.closed.set(token, { by: record.kind, host: record.payload.host, nonce: record.payload.nonce, at: tsToSeconds(record.ts) });
      state.lastClosedAt = tsToSeconds(record.ts);
      state.current = undefined;
      if (record.kind === 'break') state.lastBreak = { at: state.lastClosedAt, nonce: record.payload.nonce, host: record.payload.host };
      else state.lastBreak = undefined;
    }
  }
  if (state.current) state.current.breakableAt = state.current.expiresAt + timing.lockDelayS;
  return state;
}

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
 * - `held`: another claim is current and within lease + lock delay;
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
  const log = replayLog(records, now, timing);
  const mineOrLost = me.nonce !== undefined || me.token !== undefined ? myView(log, me) : undefined;
  if (mineOrLost) return mineOrLost;
  const pinMissing = pin?.pinned === false;
  if (log.current) {
    const claim = log.current;
    const isMine = claim.token === me.token || (me.nonce !== undefined && claim.nonce === me.nonce);
    if (isMine) return { state: 'mine', claim, pinMissing };
    return now >= claim.breakableAt ? { state: 'expired', claim } : { state: 'held', claim, pinMissing };
  }
  const reserved = log.lastBreak;
  if (reserved && now < reserved.at + timing.graceS && reserved.nonce !== me.breakNonce) {
    return { state: 'reserved', by: reserved.host, until: reserved.at + timing.graceS };
  }
  if (pin?.pinned) {
    const from = Math.max(pin.created ?? Number.POSITIVE_INFINITY, log.lastClosedAt ?? Number.NEGATIVE_INFINITY);
    const breakableAt = from + timing.graceS;
    return { state: 'unclaimed', pin, breakableAt, breakable: now >= breakableAt };
  }
  return { state: 'free', lastClosedAt: log.lastClosedAt };
}

/** Who won the break of a pin with no claim: see `breakWinner`. */
export type BreakTarget = { token: string } | { pinCreated: number };

/**
 * The winning break for a target, if any: the only breaker allowed to touch the pin.
 * - A claim (`token`): the earliest break naming it (later ones, and breaks of a claim that
 *   was not current, change nothing).
 * - A pin with no claim (`pinCreated`): breaks of the same pin come in rounds; a break wins
 *   when no other break of that pin came less than the grace before it. A winner that died
 *   before removing the pin thus does not block the pin forever: a break a grace later wins.
 */
export function breakWinner(
  records: readonly LockRecord[],
  target: BreakTarget,
  timing: LockTiming = DEFAULT_TIMING,
): { ts: string; host: string; nonce: string } | undefined {
  if ('token' in target) {
    const closed = replayLog(records, Number.POSITIVE_INFINITY, timing).closed.get(target.token);
    if (closed?.by !== 'break') return undefined;
    const record = records.find((r) => r.kind === 'break' && r.payload.token === target.token && tsToSeconds(r.ts) === closed.at);
    return record ? { ts: record.ts, host: closed.host, nonce: closed.nonce } : undefined;
  }
  const breaks = records
    .filter((r): r is LockRecord & { kind: 'break' } => r.kind === 'break' && r.payload.token === null && r.payload.pin_created === target.pinCreated)
    .sort((a, b) => compareTs(a.ts, b.ts));
  let winner: (typeof breaks)[number] | undefined;
  let previous: number | undefined;
  for (const record of breaks) {
    const at = tsToSeconds(record.ts);
    if (previous === undefined || at - previous >= timing.graceS) winner = record;
    previous = at;
  }
  return winner ? { ts: winner.ts, host: winner.payload.host, nonce: winner.payload.nonce } : undefined;
}
