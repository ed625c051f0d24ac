/**
 * Breaking a dead lock (DESIGN §4.6). Two cases:
 * - a claim past lease + lock delay (judged on the lower bound of Slack time, so never early);
 * - a pin with no current claim, past the grace after the pin or the last release/break.
 * The breaker posts `break`, re-reads, and only the winning break's author touches the pin, and
 * only within the grace after its break: afterwards the next round of breakers may act.
 */
import { breakWinner, decideLock, type BreakTarget, type LockView } from './decide.js';
import { SlackmqError } from './errors.js';
import { makeNonce, withDeadline, type LockConfig } from './lock-config.js';
import type { BreakPayload } from './records.js';
import { postRecord, readPin, readThread } from './thread.js';
import { tsToSeconds } from './slack-ts.js';
import { removeClosedPin } from './unpin.js';

export type BreakOutcome =
  | { outcome: 'broken'; breakTs: string; unpinned: boolean; nonce: string }
  | { outcome: 'not_breakable'; view: LockView }
  | { outcome: 'lost_race'; winner?: string }
  | { outcome: 'in_progress'; by: string };

function targetOf(view: LockView): BreakTarget | undefined {
  if (view.state === 'expired') return { token: view.claim.token };
  if (view.state === 'unclaimed' && view.breakable && view.pin.created !== undefined) return { pinCreated: view.pin.created };
  return undefined;
}

export async function breakExpired(cfg: LockConfig, reason?: string): Promise<BreakOutcome> {
  const { site, timing } = cfg;
  const { records } = await readThread(site);
  const pin = await readPin(site);
  const now = site.clock.lower() ?? 0;
  const view = decideLock(records, pin, now, {}, timing);
  const target = targetOf(view);
  if (!target) return { outcome: 'not_breakable', view };
  if ('pinCreated' in target) {
    const recent = breakWinner(records, target, timing);
    if (recent && now - tsToSeconds(recent.ts) < timing.graceS) return { outcome: 'in_progress', by: recent.host };
  }
  const nonce = makeNonce(cfg.random);
  const payload: BreakPayload = 'token' in target
    ? { v: 1, host: cfg.host, nonce, token: target.token, reason: reason ?? 'expired' }
    : { v: 1, host: cfg.host, nonce, token: null, pin_created: target.pinCreated, reason: reason ?? 'unclaimed' };
  const { ts: breakTs, sentMs: sent } = await postRecord(site, 'break', payload);
  const pinDeadline = sent + (timing.graceS - cfg.marginS) * 1000;
  // The read itself changes nothing, so a slow break post still learns whether it won; only the
  // removal of the pin is bound to the grace (`unpinBefore`).
  const after = await readThread(site);
  const winner = breakWinner(after.records, target, timing);
  if (winner?.nonce !== nonce) return { outcome: 'lost_race', winner: winner?.host };
  // Winning is not enough: the fresh read must show the lock dead for everyone but me. It is not
  // when a claim became current before an unclaimed-pin break, or when the holder renewed after
  // the (stale) read this break was based on: the broken claim then shadows the lock until its
  // lease is over, and this breaker leaves the pin alone.
  const nowAfter = Math.max(site.clock.lower() ?? 0, tsToSeconds(breakTs));
  const fresh = decideLock(after.records, { ...pin, pinned: true }, nowAfter, { breakNonce: nonce }, timing);
  if (fresh.state !== 'unclaimed') return { outcome: 'lost_race', winner: winner.host };
  const pinCreated = 'pinCreated' in target ? target.pinCreated : undefined;
  return { outcome: 'broken', breakTs, nonce, unpinned: await unpinBefore(cfg, pinDeadline, breakTs, pinCreated) };
}

async function unpinBefore(cfg: LockConfig, deadline: number, breakTs: string, pinCreated: number | undefined): Promise<boolean> {
  if (cfg.clock.monotonicMs() >= deadline) return false;
  try {
    return await removeClosedPin(withDeadline(cfg.site, deadline), breakTs, pinCreated);
  } catch (error) {
    if (error instanceof SlackmqError && error.code === 'slack_unavailable') return false;
    throw error;
  }
}
