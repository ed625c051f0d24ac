/** One host as the roster shows it. */
export interface FleetHost {
  host: string;
  version: string;
  sha?: string;
  state: string;
  /** Host-clock seconds the agent started (shown only). */
  started: number;
  /** Slack seconds of the last heartbeat (the reply's edit `ts`). */
  heartbeat: number;
  socket: boolean;
  /** The heartbeat is older than the fleet's staleness limit (judged in Slack time). */
  stale: boolean;
  /** The roster reply's ts. */
  replyTs: string;
}

/** The fleet: the roster message and its hosts, sorted by name. */
export interface FleetView {
  rosterTs?: string;
  hosts: FleetHost[];
}

/** Hosts whose heartbeat is fresh and that are not stopping: the ones to count and to wait for. */
export function liveHosts(fleet: FleetView): FleetHost[] {
  return fleet.hosts.filter((h) => !h.stale && h.state !== 'stopping');
}
