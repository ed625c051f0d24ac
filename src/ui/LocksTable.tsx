import type { Column } from './columns.js';
import { formatAge, formatCountdown } from './format.js';
import type { LockRow, LockStatus } from './model.js';
import { Table, type TableRow } from './Table.js';
import type { Tone } from './theme.js';

export const lockColumns: Column[] = [
  { key: 'ts', header: 'PINNED', width: 17, priority: 3 },
  { key: 'what', header: 'WHAT', width: 16, priority: 0, grow: true },
  { key: 'holder', header: 'HOLDER', width: 18, priority: 0 },
  { key: 'token', header: 'TOKEN', width: 17, priority: 2 },
  { key: 'lease', header: 'LEASE', width: 17, priority: 1 },
  { key: 'age', header: 'AGE', width: 6, priority: 4, align: 'right' },
];

const statusTone: Record<LockStatus, Tone> = {
  held: 'accent',
  expired: 'bad',
  unclaimed: 'warn',
  released: 'dim',
  broken: 'dim',
  unknown: 'dim',
};

function holderText(lock: LockRow): string {
  if (lock.kind === 'person') return `person ${lock.pinnedBy ?? ''}`.trim();
  if (lock.status === 'unclaimed') return 'no claim';
  if (lock.status === 'unknown') return 'reading…';
  return lock.holder ?? '—';
}

function leaseText(lock: LockRow, now: number): string {
  if (lock.kind === 'person') return 'no lease';
  if (lock.status === 'released' || lock.status === 'broken') return lock.status;
  if (lock.status === 'unknown') return '';
  return formatCountdown(lock.leaseUntil, now);
}

export function lockCells(lock: LockRow, now: number): TableRow {
  const tone = lock.kind === 'person' ? 'warn' : statusTone[lock.status];
  return {
    ts: { text: lock.ts, tone: 'dim' },
    what: { text: `${lock.kind}: ${lock.title}` },
    holder: { text: holderText(lock), tone },
    token: { text: lock.token ?? '—', tone: 'dim' },
    lease: { text: leaseText(lock, now), tone },
    age: { text: formatAge(lock.pinnedAt === undefined ? undefined : now - lock.pinnedAt), tone: 'dim' },
  };
}

export interface LocksTableProps {
  locks: LockRow[];
  now: number;
  width: number;
  height: number;
  selected?: number;
  focused?: boolean;
}

/** Every pinned message of the channel, and what the lock library makes of it. */
export function LocksTable({ locks, now, ...rest }: LocksTableProps) {
  return <Table columns={lockColumns} rows={locks.map((l) => lockCells(l, now))} empty="No pins: nothing is locked." {...rest} />;
}
