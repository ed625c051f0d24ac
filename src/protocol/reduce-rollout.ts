import { DEFAULT_TIMING, decideFromLog, replayLog, type ClaimView, type LockView, type LogState } from '../slackmq/decide.js';
import { WITHDRAWN } from '../slackmq/record-types.js';
import type { LockRecord } from '../slackmq/records.js';
import { compareTs, isSlackTs, tsToSeconds } from '../slackmq/slack-ts.js';
import { decodeThread, isLockRecord, type ProtocolRecord, type ThreadRecord } from './records.js';
import { applyRecord, rollingBack, type Replay } from './rollout-replay.js';
import type { HostRollout, PlanView, ReduceRolloutOptions, RolloutPhase, RolloutState, SlotState } from './rollout-state.js';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The command message: the one whose ts is its own thread_ts (a parent with replies), else a
 * message with no thread_ts and no metadata (a parent read before anyone replied).
 */
function findParent(messages: readonly unknown[]): { ts: string; user?: string } | undefined {
  const as = (m: Obj & { ts: string }) => ({ ts: m.ts, user: typeof m.user === 'string' ? m.user : undefined });
  const candidates = messages.filter((m): m is Obj & { ts: string } => isObj(m) && isSlackTs(m.ts));
  const parent = candidates.find((m) => m.thread_ts === m.ts) ?? candidates.find((m) => m.thread_ts === undefined && !isObj(m.metadata));
  return parent ? as(parent) : undefined;
}

function latestTs(records: readonly ThreadRecord[], parentTs?: string): number {
  let latest = parentTs ? tsToSeconds(parentTs) : 0;
  for (const r of records) latest = Math.max(latest, tsToSeconds(r.ts), r.editedTs ? tsToSeconds(r.editedTs) : 0);
  return latest;
}

function planView(record: ProtocolRecord & { kind: 'plan' }): PlanView {
  const p = record.payload;
  return {
    ts: record.ts, mode: p.mode, ref: p.ref, sha: p.sha, order: p.order, batch: p.batch, maxFailures: p.max_failures,
    leaseS: p.lease_s, healthDeadlineS: p.health_deadline_s, soakS: p.soak_s, promotion: p.promotion, continueOnLost: p.continue_on_lost, by: p.by,
  };
}

/** Which slot's log a lock record belongs to (DESIGN §5, batch). */
function slotsOf(record: LockRecord, plan: PlanView, claimHost: ReadonlyMap<string, string>): number[] {
  const slotOfHost = (host: string | undefined) => {
    const i = host === undefined ? -1 : plan.order.indexOf(host);
    return i < 0 ? 0 : i % plan.batch;
  };
  if (record.kind === 'claim' || record.kind === 'yield') return [slotOfHost(record.payload.host)];
  if (record.payload.token === null) return Array.from({ length: plan.batch }, (_, i) => i);
  return [slotOfHost(claimHost.get(record.payload.token))];
}

/** Each slot's lock records (slot i's log is the records of the hosts at i, i + batch, …). */
function slotLogs(records: readonly ThreadRecord[], plan: PlanView): LockRecord[][] {
  const locks = records.filter(isLockRecord);
  const claimHost = new Map(locks.flatMap((r) => (r.kind === 'claim' ? [[r.ts, r.payload.host] as const] : [])));
  const perSlot: LockRecord[][] = Array.from({ length: plan.batch }, () => []);
  for (const r of locks) for (const slot of slotsOf(r, plan, claimHost)) perSlot[slot]?.push(r);
  return perSlot;
}

/**
 * Claims that took no turn: the ones the lock's log rejected (DESIGN §4.3: posted while another
 * claim was current, or in another host's reservation), and the ones their claimants withdrew
 * (landed in a broken claim's shadow, §4.6, or made without a look and not due, §5.2). Such a
 * claim was never held, and its host, told so by its read after the claim, waits for its turn again.
 */
function rejectedClaims(logs: readonly LockRecord[][], states: readonly LogState[]): Map<string, string> {
  const rejected = new Map<string, string>();
  logs.forEach((log, slot) => {
    const state = states[slot];
    if (!state) return;
    for (const token of state.late) rejected.set(token, 'rejected: the lock was taken');
    for (const r of log) {
      // Only the release that closed the claim (its holder's) can withdraw it.
      if (r.kind === 'release' && r.payload.result === WITHDRAWN && state.closed.get(r.payload.token)?.ts === r.ts) {
        rejected.set(r.payload.token, 'withdrawn by its host: not its turn, or a claim broken early still had its lease');
      }
    }
  });
  return rejected;
}

function slotStates(records: readonly ThreadRecord[], states: readonly LogState[], rolloutTs: string | undefined, options: ReduceRolloutOptions, now: number): SlotState[] {
  const slotTs = new Map<number, string>();
  for (const r of records) if (r.kind === 'slot' && r.payload.index < states.length && !slotTs.has(r.payload.index)) slotTs.set(r.payload.index, r.ts);
  return states.map((log, index) => {
    const messageTs = index === 0 ? rolloutTs : slotTs.get(index);
    const pin = messageTs ? options.pins?.get(messageTs) : undefined;
    return { index, messageTs, lock: decideFromLog(log, pin, now, {}, options.timing) };
  });
}

function holderOf(lock: LockView): ClaimView | undefined {
  return lock.state === 'held' || lock.state === 'expired' || lock.state === 'mine' ? lock.claim : undefined;
}

/** A holder past lease + lock delay is lost, even before anyone has broken its claim. */
function markExpired(hosts: Map<string, HostRollout>, slots: readonly SlotState[]): void {
  for (const slot of slots) {
    if (slot.lock.state !== 'expired') continue;
    const host = hosts.get(slot.lock.claim.host);
    if (host && (host.status === 'updating' || host.status === 'rolling-back')) {
      host.lostWhile = host.status;
      host.status = 'lost';
      host.reason = `lease expired (claim ${slot.lock.claim.token}, no heartbeat since ${new Date(slot.lock.claim.lastBeat * 1000).toISOString()})`;
    }
  }
}

function derivedHalt(replay: Replay, hosts: HostRollout[], failures: number): RolloutState['halt'] {
  const canary = hosts[0];
  // A canary that fails halts its rollout whatever the budget: that is what a canary is for.
  if (replay.plan.mode === 'canary' && !replay.promoted && canary && (canary.status === 'failed' || canary.status === 'reverted')) {
    return { code: 'failures', reason: `canary ${canary.host} ${canary.status}: ${canary.reason ?? 'no reason given'}`, host: canary.host };
  }
  const lost = hosts.find((h) => h.status === 'lost');
  if (lost && !replay.plan.continueOnLost) return { code: 'lost', reason: `lost host ${lost.host}: ${lost.reason ?? 'lease expired'}`, host: lost.host };
  if (failures > replay.plan.maxFailures) {
    const failed = hosts.filter((h) => h.status === 'failed' || h.status === 'reverted' || h.status === 'lost');
    const list = failed.map((h) => `${h.host} (${h.reason ?? h.status})`).join(', ');
    return { code: 'failures', reason: `${failures} failure${failures === 1 ? '' : 's'} over a budget of ${replay.plan.maxFailures}: ${list}`, host: failed[0]?.host };
  }
  return undefined;
}

function rollbackQueue(replay: Replay, hosts: HostRollout[]): string[] | undefined {
  if (!rollingBack(replay)) return undefined;
  const active = hosts.filter((h) => h.status === 'rolling-back');
  const waiting = hosts.filter((h) => h.status === 'done').sort((a, b) => compareTs(b.doneTs ?? '0.0', a.doneTs ?? '0.0'));
  return [...active, ...waiting].map((h) => h.host);
}

function phaseOf(replay: Replay, hosts: HostRollout[], queue: string[] | undefined, halt: RolloutState['halt'], holders: number): RolloutPhase {
  if (replay.halt) return 'halted';
  if (queue) return queue.length > 0 ? 'rolling-back' : replay.rollbackRequested ? 'rolled-back' : 'aborted';
  if (replay.aborted) return 'aborted';
  if (halt) return 'halted';
  // Finished: every host is on the sha, or failed within the budget (and is back on its old sha).
  if (hosts.every((h) => h.status === 'done' || h.status === 'failed' || h.status === 'reverted' || h.status === 'lost')) return 'done';
  if (replay.paused) return 'paused';
  const canary = hosts[0];
  if (replay.plan.mode === 'canary' && !replay.promoted && canary) {
    if (replay.canaryHealthy) return 'canary-healthy';
    if (canary.status === 'done' || canary.phase === 'soaking') return 'canary-soaking';
  }
  return holders > 0 || hosts.some((h) => h.status !== 'pending') ? 'running' : 'planned';
}

/** No plan yet: pending, or halted when the command was refused before any plan (a `halted` record). */
function unplanned(base: Pick<RolloutState, 'rolloutTs' | 'commandBy' | 'now' | 'lastActivityTs'>, records: readonly ThreadRecord[]): RolloutState {
  let halt: RolloutState['halt'];
  const timeline: RolloutState['timeline'] = [];
  for (const r of records) {
    if (r.kind === 'halted') halt ??= { code: r.payload.code, reason: r.payload.reason, host: r.payload.host };
    else if (r.kind === 'retried') halt = undefined;
    else continue;
    timeline.push({ ts: r.ts, kind: r.kind, detail: r.kind === 'halted' ? r.payload.reason : r.payload.by });
  }
  return {
    ...base, phase: halt ? 'halted' : 'pending', hosts: [], failures: 0, failureBudget: 0, epoch: 0, slots: [], holders: [],
    paused: false, promoted: false, aborted: false, rollbackRequested: false, rollbackQueue: [], timeline, halt, haltRecorded: halt !== undefined,
  };
}

/**
 * The state of a rollout from the messages of its thread (`conversations.replies` with
 * `include_all_metadata`, in any order, duplicates allowed). Pure: the same thread gives every
 * agent and the dashboard the same state (I1).
 */
export function reduceRollout(messages: readonly unknown[], options: ReduceRolloutOptions = {}): RolloutState {
  const parent = findParent(messages);
  const records = decodeThread(messages).filter((r) => options.trustedAuthor === undefined || r.author === options.trustedAuthor);
  const now = options.now ?? latestTs(records, parent?.ts);
  const lastActivity = latestTs(records, parent?.ts);
  const base = { rolloutTs: parent?.ts, commandBy: parent?.user, now, lastActivityTs: lastActivity > 0 ? lastActivity.toFixed(6) : undefined };
  const planRecord = records.find((r): r is ProtocolRecord & { kind: 'plan' } => r.kind === 'plan');
  if (!planRecord) return unplanned(base, records);
  const plan = planView(planRecord);
  const hostMap = new Map(plan.order.map((host, index): [string, HostRollout] => [host, { host, index, slot: index % plan.batch, status: 'pending', timeline: [] }]));
  const logs = slotLogs(records, plan);
  // Each slot's log is replayed once: for the claims that took no turn, and for the slot's lock.
  const states = logs.map((log) => replayLog(log, now, options.timing ?? DEFAULT_TIMING));
  const replay: Replay = {
    plan, hosts: hostMap, claimHost: new Map(), rejected: rejectedClaims(logs, states), epoch: 0,
    paused: false, promoted: false, aborted: false, rollbackRequested: false, canaryHealthy: false, timeline: [],
  };
  for (const r of records) if (compareTs(r.ts, plan.ts) > 0) applyRecord(replay, r);
  if (replay.canaryHealthy && plan.promotion === 'auto') replay.promoted = true;
  const slots = slotStates(records, states, parent?.ts, options, now);
  markExpired(hostMap, slots);
  const hosts = [...hostMap.values()];
  const failures = hosts.filter((h) => h.status === 'failed' || h.status === 'reverted' || h.status === 'lost').length;
  const queue = rollbackQueue(replay, hosts);
  const halt = replay.halt ?? (replay.aborted ? { code: 'aborted' as const, reason: replay.abortReason ?? 'aborted' } : queue ? undefined : derivedHalt(replay, hosts, failures));
  const holders = slots.flatMap((s) => holderOf(s.lock) ?? []);
  return {
    ...base, plan, hosts, failures, failureBudget: plan.maxFailures, epoch: replay.epoch, slots, holders,
    phase: phaseOf(replay, hosts, queue, halt, holders.length),
    paused: replay.paused, promoted: replay.promoted, aborted: replay.aborted, rollbackRequested: replay.rollbackRequested,
    canary: plan.mode === 'canary' && plan.order[0] ? { host: plan.order[0], healthy: replay.canaryHealthy } : undefined,
    halt, haltRecorded: replay.halt !== undefined, rollbackQueue: queue ?? [], timeline: replay.timeline,
  };
}
