import type { RolloutAction } from '../../protocol/index.js';
import { TIER_PER_MINUTE } from '../budget.js';

/**
 * How a rollout spends the app's allowances (Slack counts each method's tier per app, so the
 * whole fleet shares one): parts of each tier, by what a host is waiting for. The rest of
 * conversations.replies is left to heartbeats (30 %) and the lock's own reads; the rest of
 * conversations.history to the agents' channel polls (60 %).
 */
const SHARE = {
  /** conversations.history, for the host next in line (1) and the one after it (2) watching the command message. */
  watch: { 1: 0.25, 2: 0.05 },
  /** pins.list (Tier 2), for the host next in line watching the pin (the dashboard spends 20 %). */
  watchPins: 0.75,
  /** conversations.replies, for the full reads of the host next in line. */
  next: 0.15,
  /** conversations.replies, for hosts three or more places back, less the further back. */
  queue: 0.25,
  /** conversations.replies, for hosts whose part is over, split evenly. */
  finished: 0.05,
  /** conversations.replies, for the other waits (the plan, a halt, a person), split evenly. */
  other: 0.3,
} as const;

/** The host next in line reads its thread in full at least this often (leases run out with no new reply). */
export const FULL_READ_EVERY_MS = 15_000;

export interface PaceInput {
  /** What `nextAction` asked. */
  action: RolloutAction;
  /** Seconds it asked to wait (or the fast poll after another action). */
  pollS: number;
  /** Watching the command message between full reads: at which place, and whether only its pin matters. */
  watch?: { place: number; pinOnly: boolean };
  /** Live agents sharing the app, and the length of the plan (places a host can be at). */
  fleetSize: number;
  /** The local Slack's scale of its tiers (1 for Slack). */
  rateScale: number;
}

/** Milliseconds between calls when `perMinute` calls a minute are allowed. */
const every = (perMinute: number): number => Math.ceil(60_000 / perMinute);

/** The shortest pause before the next look that keeps the fleet inside its shares. */
export function paceMs(input: PaceInput): number {
  const tier3 = TIER_PER_MINUTE.tier3 * input.rateScale;
  const { watch, action } = input;
  if (watch) {
    const history = tier3 * (watch.place === 1 ? SHARE.watch[1] : SHARE.watch[2]);
    const pins = watch.place === 1 && watch.pinOnly ? TIER_PER_MINUTE.tier2 * input.rateScale * SHARE.watchPins : 0;
    return every(history + pins);
  }
  // A host held back by the roster (the peer guard, its own heartbeat) is about to take its turn.
  if (waitsOnRoster(action)) return every(tier3 * SHARE.next);
  const place = action.kind === 'wait' ? action.place : undefined;
  if (place === undefined) {
    if (action.kind !== 'wait') return every(tier3 * SHARE.next);
    return every((tier3 * (action.finished ? SHARE.finished : SHARE.other)) / Math.max(1, input.fleetSize));
  }
  if (place <= 2) return every(tier3 * SHARE.next);
  // Place p looks every base × (p − 2): the queue spends base⁻¹ × (1 + ½ + … + 1/(n − 2)) a second.
  let harmonic = 0;
  for (let p = 1; p <= Math.max(1, input.fleetSize - 2); p++) harmonic += 1 / p;
  return Math.ceil((every((tier3 * SHARE.queue) / harmonic) * (place - 2)));
}

/** A wait on the roster (peer guard, own heartbeat): the thread does not say when it ends. */
export function waitsOnRoster(action: RolloutAction): boolean {
  return action.kind === 'wait' && action.onRoster === true;
}

/** The place (1 or 2) from which this host watches the command message between full reads, if any. */
export function watchPlace(action: RolloutAction): number | undefined {
  if (action.kind !== 'wait' || waitsOnRoster(action) || action.place === undefined || action.place > 2) return undefined;
  return action.place;
}
