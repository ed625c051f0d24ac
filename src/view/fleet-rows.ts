import { reduceFleet, type FleetState } from '../protocol/reduce-fleet.js';
import type { RolloutState } from '../protocol/rollout-state.js';
import type { FleetRow } from '../ui/model.js';
import type { ChannelSnapshot } from './snapshot.js';

const SETTLED = new Set(['done', 'aborted', 'halted', 'rolled-back']);

/** The roster thread through the agents' own fleet reducer. */
export function reduceRoster(snapshot: ChannelSnapshot, now: number): FleetState {
  const roster = snapshot.rosterTs ? (snapshot.threads.get(snapshot.rosterTs) ?? []) : [];
  return reduceFleet(roster, now, { trustedAuthor: snapshot.botId });
}

/**
 * A host's part in the newest rollout still going (else the newest): holder, next, canary, or
 * its status. In a rollout that has stopped, a host it never reached has no part.
 */
export function roleIn(rollout: RolloutState | undefined, host: string): string | undefined {
  const mine = rollout?.hosts.find((h) => h.host === host);
  if (!rollout || !mine) return undefined;
  if (SETTLED.has(rollout.phase) && mine.status === 'pending') return undefined;
  if (mine.status === 'lost' || mine.status === 'failed' || mine.status === 'reverted') return mine.status;
  if (rollout.holders.some((c) => c.host === host)) return 'holder';
  if (mine.status !== 'pending') return mine.status;
  const next = rollout.hosts.find((h) => h.status === 'pending');
  if (next?.host === host) return 'next';
  return rollout.canary?.host === host ? 'canary' : 'waiting';
}

export function fleetRows(fleet: FleetState, rollouts: RolloutState[]): FleetRow[] {
  const active = rollouts.find((r) => !SETTLED.has(r.phase)) ?? rollouts[0];
  return fleet.hosts.map((agent) => ({
    host: agent.host,
    state: agent.state,
    version: agent.version,
    sha: agent.sha,
    heartbeatAt: agent.heartbeatAt,
    stale: agent.stale,
    link: agent.connection,
    role: roleIn(active, agent.host),
  }));
}
