import type { AgentView, FleetState } from '../protocol/index.js';

/** The fleet as the protocol's `reduceFleet` sees the roster thread, plus where the roster is. */
export type FleetView = FleetState & { rosterTs?: string };
export type FleetHost = AgentView;

export const EMPTY_FLEET: FleetView = { hosts: [], duplicates: [], now: 0 };

/** Hosts whose heartbeat is fresh and that are not stopping: the ones to count and to wait for. */
export function liveHosts(fleet: FleetView): FleetHost[] {
  return fleet.hosts.filter((h) => !h.stale && h.state !== 'stopping' && h.state !== 'lost');
}
