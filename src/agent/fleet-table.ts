import type { FleetView } from './fleet-view.js';

function age(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/**
 * The fleet as a monospace table for a thread reply: host, state, version, sha, connection, and
 * heartbeat age in Slack time. Two agents under one host name are called out.
 */
export function fleetTable(fleet: FleetView): string {
  if (fleet.hosts.length === 0) return 'No agent has joined the roster yet.';
  const header = ['HOST', 'STATE', 'VERSION', 'SHA', 'CONNECTION', 'HEARTBEAT'];
  const rows = fleet.hosts.map((h) => [
    h.host,
    h.stale ? `${h.state} (stale)` : h.state,
    h.version,
    h.sha ? h.sha.slice(0, 10) : '-',
    h.connection === 'socket' ? 'socket' : 'poll-only',
    age(h.ageS),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const live = fleet.hosts.filter((h) => !h.stale && h.state !== 'stopping' && h.state !== 'lost').length;
  const duplicates = fleet.duplicates.length > 0 ? [`⚠️ more than one agent calls itself ${fleet.duplicates.join(', ')}`] : [];
  return [`${live} of ${fleet.hosts.length} agents up`, '```', line(header), ...rows.map(line), '```', ...duplicates].join('\n');
}
