/** Slack's per-minute allowances for the tiers the agent polls and heartbeats with (per app, per workspace). */
export const TIER_PER_MINUTE = { tier2: 20, tier3: 50 } as const;

/**
 * The part of conversations.history an agent's channel polls take, by whether it follows a
 * rollout: the hosts watching their turn use the same method (rollout-pace.ts), and a socket hint
 * still wakes the agent that receives a new command.
 */
export const CHANNEL_POLL_SHARE = { idle: 0.6, following: 0.1 } as const;

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
