import type { Column } from './columns.js';
import { formatAge, shortSha } from './format.js';
import type { FleetRow, HostState } from './model.js';
import { Table, type TableRow } from './Table.js';
import type { Tone } from './theme.js';

export const fleetColumns: Column[] = [
  { key: 'host', header: 'HOST', width: 14, priority: 0 },
  { key: 'state', header: 'STATE', width: 10, priority: 0 },
  { key: 'version', header: 'VERSION', width: 15, priority: 3 },
  { key: 'beat', header: 'HEARTBEAT', width: 11, priority: 0, align: 'right' },
  { key: 'link', header: 'LINK', width: 6, priority: 4 },
  { key: 'role', header: 'ROLLOUT', width: 10, priority: 2, grow: true },
];

const stateTone: Record<HostState, Tone> = {
  idle: 'plain',
  healthy: 'ok',
  updating: 'accent',
  restarting: 'accent',
  stopping: 'warn',
  failed: 'bad',
  lost: 'bad',
};

/** One fleet row as table cells; a stale heartbeat gets a `!` so it stands out without colour. */
export function fleetCells(host: FleetRow, now: number): TableRow {
  const age = host.heartbeatAt === undefined ? undefined : now - host.heartbeatAt;
  const version = [host.version, shortSha(host.sha)].filter(Boolean).join(' ');
  return {
    host: { text: host.host },
    state: { text: host.state, tone: stateTone[host.state] },
    version: { text: version },
    beat: { text: host.stale ? `! ${formatAge(age)}` : formatAge(age), tone: host.stale ? 'bad' : 'dim' },
    link: { text: host.link, tone: host.link === 'poll' ? 'dim' : 'plain' },
    role: { text: host.role ?? '', tone: host.role === 'holder' ? 'accent' : 'plain' },
  };
}

export interface FleetTableProps {
  fleet: FleetRow[];
  now: number;
  width: number;
  height: number;
  selected?: number;
  focused?: boolean;
}

/** The fleet: one row per host in the roster. */
export function FleetTable({ fleet, now, ...rest }: FleetTableProps) {
  return (
    <Table
      columns={fleetColumns}
      rows={fleet.map((h) => fleetCells(h, now))}
      empty="No agents in the roster yet: start one with `troupe agent --config FILE`."
      {...rest}
    />
  );
}
