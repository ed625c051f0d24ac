import type { RolloutAction } from '../../protocol/index.js';
import { intervalWithinShare, TIER_PER_MINUTE } from '../budget.js';

/**
 * The parts of conversations.replies' tier that rollout reads may spend (the roster read and the
 * lock's own reads have the rest): one host at a time is next in line and polls fast; the others
 * share what is left. Slack counts the tier per app, so the whole fleet shares one allowance.
 */
const READ_SHARE = { next: 0.3, rest: 0.3 } as const;
/** The part of conversations.history's tier the host next in line may spend watching the command message. */
const WATCH_SHARE = 0.3;
/** The host next in line reads its thread in full at least this often (leases run out with no new reply). */
export const FULL_READ_EVERY_MS = 15_000;

export interface PaceInput {
  /** Seconds `nextAction` asked to wait. */
  pollS: number;
  /** This host is next in line and looks at the command message between full reads. */
  watching: boolean;
  fastPollS: number;
  /** Live agents sharing the app. */
  fleetSize: number;
  /** The local Slack's scale of its tiers (1 for Slack). */
  rateScale: number;
}

/** The shortest pause before the next look that keeps the fleet inside its shares. */
export function paceMs(input: PaceInput): number {
  const tier = { tierPerMinute: TIER_PER_MINUTE.tier3, scale: input.rateScale, minMs: 0 };
  if (input.watching) return intervalWithinShare({ ...tier, fleetSize: 1, share: WATCH_SHARE });
  const next = input.pollS <= input.fastPollS;
  return intervalWithinShare({ ...tier, fleetSize: next ? 1 : input.fleetSize, share: next ? READ_SHARE.next : READ_SHARE.rest });
}

/** A wait on the roster (peer guard, own heartbeat): the thread does not say when it ends. */
export function waitsOnRoster(action: RolloutAction): boolean {
  return action.kind === 'wait' && /^peer guard|must beat in the roster/.test(action.reason);
}

/** A short wait on the thread itself (the turn ahead): the command message tells when it moves. */
export function watchesThread(action: RolloutAction, fastPollS: number): boolean {
  return action.kind === 'wait' && action.pollS <= fastPollS && !waitsOnRoster(action);
}
