import type { BudgetRow, DashboardView } from '../ui/model.js';
import { feedItems } from './feed-rows.js';
import { fleetRows, reduceRoster } from './fleet-rows.js';
import { lockRows } from './lock-rows.js';
import { reduceRollouts, rolloutRow } from './rollout-rows.js';
import type { ChannelSnapshot } from './snapshot.js';

/**
 * The dashboard's view of a snapshot at Slack time `now`: the roster and every rollout thread go
 * through the agents' own reducers, every pin through the lock library's decision. Pure.
 */
export function buildView(snapshot: ChannelSnapshot, now: number, budget: BudgetRow[] = []): DashboardView {
  const rollouts = reduceRollouts(snapshot, now);
  const fleet = reduceRoster(snapshot, now);
  return {
    channel: snapshot.channel,
    fleet: fleetRows(fleet, rollouts),
    locks: lockRows(snapshot, rollouts, now),
    rollouts: rollouts.map((r) => rolloutRow(r, snapshot)),
    feed: feedItems(snapshot),
    budget,
    updatedAt: snapshot.updatedAt,
    error: snapshot.error,
  };
}
