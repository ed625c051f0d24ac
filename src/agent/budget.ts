/** Slack's per-minute allowances for the tiers the agent polls and heartbeats with (per app, per workspace). */
export const TIER_PER_MINUTE = { tier2: 20, tier3: 50 } as const;

/**
 * The part of conversations.history an agent's channel polls take, by whether it follows a
 * rollout: the hosts watching their turn use the same method (rollout-pace.ts), and a socket hint
 * still wakes the agent that receives a new command.
 */
export const CHANNEL_POLL_SHARE = { idle: 0.6, following: 0.1 } as const;

/**
 * What the first hosts of the roster (by name) add to their idle share of conversations.history,
 * by place. A rollout's plan is posted by the first host of the roster, and its turns go in the
 * roster's order: those hosts finding a command soon is what starts a rollout soon. With the
 * fleet's 60 % and the dashboard's 20 %, the tier stays within 90 %; the rest of the fleet polls
 * as before. A host that follows a rollout polls at the `following` share like any other.
 */
export const FIRST_HOSTS_IDLE_BONUS = [0.06, 0.03] as const;

/** The extra idle share of the host at `place` (0-based) of the roster: none past the first hosts. */
export function idleBonus(place: number): number {
  return place >= 0 ? (FIRST_HOSTS_IDLE_BONUS[place] ?? 0) : 0;
}

export interface BudgetInput {
  /** Agents sharing the app (from the roster; at least 1). */
  fleetSize: number;
  /** Calls per minute the method's tier allows the whole app. */
  tierPerMinute: number;
  /** The part of the tier this use may spend (the rest is left to other uses of the method). */
  share: number;
  /** The local Slack's scale of its tiers (1 for Slack). */
  scale: number;
  /** Never more often than this. */
  minMs: number;
}

/**
 * The interval between two calls so that the whole fleet, each agent doing the same, stays inside
 * `share` of the tier: `fleetSize` agents × (60 s / interval) ≤ share × tier.
 */
export function intervalWithinShare(input: BudgetInput): number {
  const fleet = Math.max(1, input.fleetSize);
  const allowance = input.tierPerMinute * input.scale * input.share;
  return Math.max(input.minMs, Math.ceil((60_000 * fleet) / allowance));
}

/**
 * An idle channel poll's interval for the host at `place` (0-based) of a roster of `fleetSize`:
 * its even part of the idle share, and the first hosts' bonus on top (`idleBonus`).
 */
export function idlePollIntervalMs(input: Omit<BudgetInput, 'share'> & { place: number }): number {
  const share = CHANNEL_POLL_SHARE.idle / Math.max(1, input.fleetSize) + idleBonus(input.place);
  return intervalWithinShare({ ...input, fleetSize: 1, share });
}
