import { PinLock, type Lease, type PinLockOptions, type SlackClock, type SlackPorts } from '../../slackmq/index.js';
import { encodeRecord, type ClaimPayload } from '../../slackmq/records.js';
import type { ActionPurpose } from '../../protocol/rollout-action.js';
import type { Journal } from '../journal.js';

/** What the journal keeps of a lock this host holds, so that a restarted agent can carry it on. */
export interface HeldLock {
  rollout: string;
  /** The message whose pin is the lock (the command, or a slot record). */
  messageTs: string;
  token: string;
  nonce: string;
  claim: ClaimPayload;
  purpose: ActionPurpose;
  /** The sha this host is going to. */
  sha: string;
}

const SECTION = 'rollout-lock';

export function savedLock(journal: Journal): HeldLock | undefined {
  return journal.section<HeldLock>(SECTION);
}

export function saveLock(journal: Journal, held: HeldLock | undefined): void {
  journal.setSection(SECTION, held);
}

export interface LockSettings {
  slack: SlackPorts;
  channel: string;
  host: string;
  leaseS: number;
  lockDelayS: number;
  graceS: number;
  /** Slack time as this process knows it: one for all its locks. */
  slackClock: SlackClock;
  onLost: PinLockOptions['onLost'];
}

function options(settings: LockSettings, ts: string, fromSha?: string, toSha?: string): PinLockOptions {
  return {
    slack: settings.slack,
    channel: settings.channel,
    ts,
    host: settings.host,
    leaseS: settings.leaseS,
    slackClock: settings.slackClock,
    timing: { lockDelayS: settings.lockDelayS, graceS: settings.graceS },
    fromSha,
    toSha,
    onLost: settings.onLost,
  };
}

/** The lock of one slot (the pin on `ts`). */
export function pinLock(settings: LockSettings, ts: string, fromSha?: string, toSha?: string): PinLock {
  return new PinLock(options(settings, ts, fromSha, toSha));
}

/**
 * The lease of a claim this host made before it restarted: renewed again from now on (the
 * claim's edits carry on the same token), released as its own. The thread still decides:
 * a lease that was broken meanwhile is found lost at its first renewal.
 */
export function resumeLease(settings: LockSettings, held: HeldLock): Lease {
  return new PinLock({ ...options(settings, held.messageTs), leaseS: held.claim.lease_s }).journaled(held);
}

/**
 * Renews a claim at once by editing it (its `edited.ts` is the renewal): a restarted holder does
 * this before anything else, because its new lease would only renew after a third of the lease,
 * and the restart itself has already used part of it.
 */
export async function renewNow(settings: LockSettings, held: HeldLock): Promise<void> {
  const { text, metadata } = encodeRecord('claim', held.claim, held.token);
  await settings.slack.chat.update({ channel: settings.channel, ts: held.token, text, metadata: metadata as never });
}
