import type { Column } from './columns.js';
import { progressBar, shortSha } from './format.js';
import type { RolloutPhase, RolloutRow } from './model.js';
import { Table, type TableRow } from './Table.js';
import type { Tone } from './theme.js';

export const rolloutColumns: Column[] = [
  { key: 'ts', header: 'ROLLOUT', width: 17, priority: 4 },
  { key: 'phase', header: 'PHASE', width: 18, priority: 0 },
  { key: 'ref', header: 'REF', width: 18, priority: 2 },
  { key: 'progress', header: 'PROGRESS', width: 18, priority: 0 },
  { key: 'current', header: 'CURRENT', width: 12, priority: 1 },
  { key: 'failures', header: 'FAIL', width: 5, priority: 1, align: 'right' },
  { key: 'note', header: 'PROMOTION / HALT REASON', width: 16, priority: 3, grow: true },
];

const phaseTone: Record<RolloutPhase, Tone> = {
  pending: 'dim',
  planned: 'dim',
  running: 'accent',
  'canary-soaking': 'accent',
  'canary-healthy': 'warn',
  paused: 'warn',
  halted: 'bad',
  aborted: 'bad',
  'rolling-back': 'warn',
  'rolled-back': 'dim',
  done: 'ok',
};

export function rolloutCells(r: RolloutRow): TableRow {
  const ref = [r.ref, shortSha(r.sha)].filter(Boolean).join(' ');
  const over = r.failures > r.maxFailures;
  return {
    ts: { text: r.ts, tone: 'dim' },
    phase: { text: r.phase.startsWith(r.strategy) ? r.phase : `${r.strategy} ${r.phase}`, tone: phaseTone[r.phase] },
    ref: { text: ref },
    progress: { text: progressBar(r.done, r.total, 8) },
    current: { text: r.current ?? '—', tone: 'accent' },
    failures: { text: `${r.failures}/${r.maxFailures}`, tone: over ? 'bad' : r.failures > 0 ? 'warn' : 'plain' },
    note: r.haltReason
      ? { text: `halted: ${r.haltReason}`, tone: 'bad' }
      : { text: `promote: ${r.promotion}`, tone: 'dim' },
  };
}

export interface RolloutsTableProps {
  rollouts: RolloutRow[];
  width: number;
  height: number;
  selected?: number;
  focused?: boolean;
}

/** Recent rollouts, newest first; Enter on one opens its timeline. */
export function RolloutsTable({ rollouts, ...rest }: RolloutsTableProps) {
  return (
    <Table
      columns={rolloutColumns}
      rows={rollouts.map(rolloutCells)}
      empty="No rollouts yet: type `deploy canary` or `deploy rolling` in the channel."
      {...rest}
    />
  );
}
