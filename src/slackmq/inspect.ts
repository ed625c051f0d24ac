/**
 * A lock as people see it: who holds it, since when, lease left, token, and what the pin says.
 */
import { decideLock, type LockView, type PinState } from './decide.js';
import type { LockConfig } from './lock-config.js';
import { readPin, readThread } from './thread.js';

export interface LockInfo {
  state: LockView['state'];
  holder?: string;
  token?: string;
  /** Slack time (seconds) of the claim. */
  since?: number;
  /** Seconds of lease left by Slack time (negative once run out). */
  leaseLeftS?: number;
  /** Seconds until the lock may be broken (0 when it may be now). */
  breakableInS?: number;
  pin?: PinState;
  /** True when a claim is current but the message is not pinned (someone unpinned it by hand). */
  pinMissing?: boolean;
  /** True when the claim shown was broken but its lease still runs (nobody may take over yet). */
  broken?: boolean;
  /** Slack time the Slack-clock reading was taken. */
  now: number;
}

export function describeLock(view: LockView, pin: PinState | undefined, now: number): LockInfo {
  const info: LockInfo = { state: view.state, pin, now };
  if ('claim' in view) {
    Object.assign(info, {
      holder: view.claim.host,
      token: view.claim.token,
      since: view.claim.since,
      leaseLeftS: view.claim.expiresAt - now,
      breakableInS: Math.max(0, view.claim.breakableAt - now),
    });
    if ('pinMissing' in view) info.pinMissing = view.pinMissing;
    if ('broken' in view && view.broken) info.broken = true;
  } else if (view.state === 'reserved') {
    Object.assign(info, { holder: view.by, breakableInS: Math.max(0, view.until - now) });
  } else if (view.state === 'unclaimed') {
    info.breakableInS = Number.isFinite(view.breakableAt) ? Math.max(0, view.breakableAt - now) : undefined;
  }
  return info;
}

export async function inspectLock(cfg: LockConfig, withPins: boolean): Promise<LockInfo> {
  const read = await readThread(cfg.site);
  const pin = withPins ? await readPin(cfg.site) : read.pin;
  const now = cfg.site.clock.lower() ?? 0;
  return describeLock(decideLock(read.records, pin, now, {}, cfg.timing), pin, now);
}
