/** Replays the records of a rollout thread in ts order into per-host statuses and steering flags. */
import type { LockRecord } from '../slackmq/records.js';
import type { ProtocolRecord, ThreadRecord } from './records.js';
import type { HostRollout, PlanView, RolloutState, TimelineEntry } from './rollout-state.js';

export interface Replay {
  plan: PlanView;
  hosts: Map<string, HostRollout>;
  /** Token (claim ts) → host, for every claim seen. */
  claimHost: Map<string, string>;
  /** Claims that took no turn (token → why): they leave their host's status as it was. */
  rejected: ReadonlyMap<string, string>;
  epoch: number;
  paused: boolean;
  promoted: boolean;
  aborted: boolean;
  rollbackRequested: boolean;
  canaryHealthy: boolean;
  halt?: RolloutState['halt'];
  abortReason?: string;
  timeline: TimelineEntry[];
}

/** Hosts are being returned to their old sha: a `rollback`, or the abort of a canary. */
export function rollingBack(replay: Replay): boolean {
  return replay.rollbackRequested || (replay.aborted && replay.plan.mode === 'canary');
}

function entry(replay: Replay, record: ThreadRecord, host: string | undefined, detail?: string): void {
  const item: TimelineEntry = { ts: record.ts, kind: record.kind, host, detail };
  replay.timeline.push(item);
  if (host) replay.hosts.get(host)?.timeline.push(item);
}

function onLock(replay: Replay, record: LockRecord): void {
  if (record.kind === 'claim') {
    replay.claimHost.set(record.ts, record.payload.host);
    const rejected = replay.rejected.get(record.ts);
    if (rejected) {
      entry(replay, record, record.payload.host, `token ${record.ts}, ${rejected}`);
      return;
    }
    const host = replay.hosts.get(record.payload.host);
    if (host && host.status !== 'done' && host.status !== 'rolled-back') {
      host.status = rollingBack(replay) ? 'rolling-back' : 'updating';
      host.fromSha ??= record.payload.from_sha;
    } else if (host && host.status === 'done' && rollingBack(replay)) host.status = 'rolling-back';
    entry(replay, record, record.payload.host, `token ${record.ts}`);
  } else if (record.kind === 'break') {
    const victim = record.payload.token ? replay.claimHost.get(record.payload.token) : undefined;
    const host = victim ? replay.hosts.get(victim) : undefined;
    if (host && (host.status === 'updating' || host.status === 'rolling-back')) {
      host.lostWhile = host.status;
      host.status = 'lost';
      host.reason = `lease expired (lock broken by ${record.payload.host}: ${record.payload.reason})`;
    }
    entry(replay, record, victim, record.payload.reason);
  } else {
    entry(replay, record, record.payload.host, record.kind === 'release' ? record.payload.result : record.payload.reason);
  }
}

function onHostRecord(replay: Replay, record: ProtocolRecord & { payload: { host: string } }): void {
  const host = replay.hosts.get(record.payload.host);
  entry(replay, record, record.payload.host, 'reason' in record.payload ? record.payload.reason : undefined);
  if (!host) return;
  switch (record.kind) {
    case 'progress':
      if (host.status !== 'done' || rollingBack(replay)) host.status = rollingBack(replay) ? 'rolling-back' : 'updating';
      host.phase = record.payload.phase;
      return;
    case 'done':
      // A canary's `done` comes after its soak: it is healthy even if `canary_healthy` was lost.
      if (host.index === 0 && replay.plan.mode === 'canary' && !rollingBack(replay)) replay.canaryHealthy = true;
      host.status = 'done';
      host.doneTs = record.ts;
      host.fromSha = record.payload.from_sha ?? host.fromSha;
      host.phase = undefined;
      return;
    case 'failed':
    case 'reverted':
      if (record.kind === 'failed' && (record.payload.phase === 'rolling-back' || host.status === 'rolling-back')) {
        replay.halt = { code: 'error', reason: `rollback failed on ${host.host}: ${record.payload.reason}`, host: host.host };
        return;
      }
      host.status = record.kind;
      host.reason = record.payload.reason;
      host.phase = undefined;
      return;
    case 'rolled_back':
      host.status = 'rolled-back';
      host.phase = undefined;
      return;
    case 'canary_healthy':
      if (host.index === 0) replay.canaryHealthy = true;
      return;
  }
}

/**
 * `retry`: halts and aborts are cleared, failed and lost hosts wait for their turn again. A host
 * still updating (or rolling back) carries on: it holds its lock and is down until it finishes.
 */
function retry(replay: Replay): void {
  replay.epoch += 1;
  replay.halt = undefined;
  replay.aborted = false;
  replay.paused = false;
  replay.rollbackRequested = false;
  for (const host of replay.hosts.values()) {
    if (host.status !== 'done' && host.status !== 'updating' && host.status !== 'rolling-back') host.status = 'pending';
  }
}

function onSteer(replay: Replay, record: ProtocolRecord): void {
  switch (record.kind) {
    case 'promoted':
      // Only a healthy canary can be promoted; an early promote is a no-op, as its reply says.
      if (replay.canaryHealthy) replay.promoted = true;
      break;
    case 'aborted':
      // An abort supersedes a halt: the rollout is over (a canary is reverted).
      replay.aborted = true;
      replay.halt = undefined;
      replay.abortReason = `aborted by ${record.payload.by}${record.payload.reason ? `: ${record.payload.reason}` : ''}`;
      break;
    case 'paused':
      replay.paused = true;
      break;
    case 'resumed':
      replay.paused = false;
      break;
    case 'retried':
      retry(replay);
      break;
    case 'rollback':
      replay.rollbackRequested = true;
      replay.halt = undefined;
      break;
    case 'halted':
      replay.halt ??= { code: record.payload.code, reason: record.payload.reason, host: record.payload.host };
      break;
    default:
      return;
  }
  entry(replay, record, undefined, 'by' in record.payload ? String(record.payload.by) : undefined);
}

const HOST_KINDS = new Set(['progress', 'done', 'failed', 'reverted', 'rolled_back', 'canary_healthy']);

/** Applies one record (in ts order). Records of other threads (`output`, `agent`, …) only join the timeline or are skipped. */
export function applyRecord(replay: Replay, record: ThreadRecord): void {
  if (record.kind === 'claim' || record.kind === 'release' || record.kind === 'break' || record.kind === 'yield') {
    onLock(replay, record);
  } else if (HOST_KINDS.has(record.kind)) {
    onHostRecord(replay, record as ProtocolRecord & { payload: { host: string } });
  } else {
    onSteer(replay, record);
  }
}
