/**
 * An operator's break of a rollout or run lock (`troupe unlock`), through the lock's own break
 * protocol (DESIGN §4.6): post `break` naming the claim, re-read, and only the winning break
 * removes the pin. Never a bare `pins.remove`.
 * - an expired claim or an unclaimed pin past its grace: slackmq's `breakExpired`;
 * - a live claim (the operator confirmed it): the same steps without the expiry check; the holder
 *   sees the break at its next renewal and stops (it finishes or reverts the step in progress).
 */
import { breakWinner, decideLock } from '../slackmq/decide.js';
import { describeLock, type LockInfo } from '../slackmq/inspect.js';
import { lockConfig, makeNonce, type LockConfig } from '../slackmq/lock-config.js';
import { PinLock } from '../slackmq/pin-lock.js';
import type { SlackPorts } from '../slackmq/ports.js';
import { postRecord, readPin, readThread } from '../slackmq/thread.js';
import { removeClosedPin } from '../slackmq/unpin.js';

export interface LockSiteOptions {
  slack: SlackPorts;
  channel: string;
  ts: string;
  /** Who breaks: named in the break record (`operator:U…`). */
  by: string;
}

export type OperatorBreakOutcome =
  | { outcome: 'broken'; breakTs: string; unpinned: boolean }
  | { outcome: 'nothing_to_break'; info: LockInfo }
  | { outcome: 'lost_race'; winner?: string }
  | { outcome: 'in_progress'; by: string };

function configOf(site: LockSiteOptions): LockConfig {
  return lockConfig({ slack: site.slack, channel: site.channel, ts: site.ts, host: site.by });
}

/** Who holds the lock on `ts`, its token and lease left, as the lock library judges it. */
export async function inspectPin(site: LockSiteOptions): Promise<LockInfo> {
  return new PinLock({ slack: site.slack, channel: site.channel, ts: site.ts, host: site.by }).inspect();
}

async function breakLive(cfg: LockConfig, reason: string): Promise<OperatorBreakOutcome> {
  const { site } = cfg;
  const before = await readThread(site);
  const pin = await readPin(site);
  const now = site.clock.lower() ?? 0;
  const view = decideLock(before.records, pin, now, {}, cfg.timing);
  if (view.state !== 'held') return { outcome: 'nothing_to_break', info: describeLock(view, pin, now) };
  const target = { token: view.claim.token };
  const { ts: breakTs } = await postRecord(site, 'break', { v: 1, host: cfg.host, nonce: makeNonce(cfg.random), token: target.token, reason });
  const after = await readThread(site);
  const winner = breakWinner(after.records, target, cfg.timing);
  if (winner?.ts !== breakTs) return { outcome: 'lost_race', winner: winner?.host };
  return { outcome: 'broken', breakTs, unpinned: await removeClosedPin(site, breakTs) };
}

/** Breaks the lock on `ts` for an operator; `live` allows breaking a claim whose lease still runs. */
export async function operatorBreak(site: LockSiteOptions, reason: string, live: boolean): Promise<OperatorBreakOutcome> {
  const cfg = configOf(site);
  const lock = new PinLock(cfg.options);
  const info = await lock.inspect();
  if (info.state === 'held' && live) return breakLive(cfg, reason);
  if (info.state !== 'expired' && info.state !== 'unclaimed') return { outcome: 'nothing_to_break', info };
  const outcome = await lock.breakExpired(reason);
  switch (outcome.outcome) {
    case 'broken':
      return { outcome: 'broken', breakTs: outcome.breakTs, unpinned: outcome.unpinned };
    case 'not_breakable':
      return { outcome: 'nothing_to_break', info: await lock.inspect() };
    default:
      return outcome;
  }
}
